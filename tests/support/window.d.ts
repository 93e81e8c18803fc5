import type { ClinicBridge } from '../../shared/bridge';

// Inside page.evaluate callbacks the page has the same `window.clinic` the renderer uses.
declare global {
  interface Window {
    clinic: ClinicBridge;
  }
}
