import type { Envelope } from './envelope';

/** The IPC channel the preload and electron/ipc.ts share. */
export const CLINIC_CHANNEL = 'clinic:invoke' as const;

/**
 * The one object the renderer sees as `window.clinic`. The Electron preload builds
 * it over IPC; the browser test harness builds it over Playwright's exposeBinding.
 */
export interface ClinicBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
}
