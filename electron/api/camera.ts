import type { Handlers } from '../dispatch';
import { mustGetPatient } from './common';
import type { ApiDeps } from './deps';

/**
 * The capture view's hold on the camera. Electron's permission handlers grant the camera to the
 * app's page only while a screen holds it (electron/shell/cameraPermission.ts decides); the view
 * opens it when it appears, renews it every minute and closes it when it goes.
 */
export function cameraHandlers(deps: ApiDeps): Pick<Handlers, 'camera.open' | 'camera.close'> {
  return {
    'camera.open': ({ patientId }, { session }) => {
      mustGetPatient(deps.db, patientId);
      return { open: true as const, leaseMs: deps.camera.open(session, deps.clock.nowMs()) };
    },
    'camera.close': (_input, { session }) => {
      deps.camera.close(session);
      return { open: false as const };
    },
  };
}
