import type { Envelope } from './envelope';
import type { StagedFile } from './photos';

/** The IPC channel the preload and electron/ipc.ts share. */
export const CLINIC_CHANNEL = 'clinic:invoke' as const;
/** The channel the preload hands dropped or chosen files' paths over for photo import. */
export const STAGE_CHANNEL = 'clinic:stage-files' as const;

/**
 * The one object the renderer sees as `window.clinic`. The Electron preload builds
 * it over IPC; the browser test harness builds it over Playwright's exposeBinding.
 */
export interface ClinicBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  /**
   * Hands files the user chose or dropped to the main process for import and returns a
   * token for each (or why it cannot be imported). Only real File objects from the user
   * can be handed over; the page never names a path.
   */
  stageFiles(files: File[]): Promise<StagedFile[]>;
}
