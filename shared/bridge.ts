import type { Envelope } from './envelope';
import type { LiveEvent } from './network';
import type { StagedFile } from './photos';

/** The one IPC channel the preload and electron/ipc.ts share. */
export const CLINIC_CHANNEL = 'clinic:invoke' as const;
/** The channel the main process tells the window about changes and the connection on (main → window only). */
export const EVENT_CHANNEL = 'clinic:event' as const;

/**
 * Which way a call came in: the page's own invoke, or the preload's file handover. The preload
 * sets it; the page cannot (it sees only the two functions below).
 */
export type Door = 'page' | 'files';

/**
 * The one object the renderer sees as `window.clinic`. The Electron preload builds
 * it over IPC; the browser test harness builds it over Playwright's exposeBinding.
 */
export interface ClinicBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  /**
   * Hands files the user chose or dropped to the main process for import (the contract's
   * photos.stage, through the files door) and returns a token for each, or why it cannot be
   * imported. Only real File objects from the user can be handed over; the page never names a path.
   */
  stageFiles(files: File[]): Promise<Envelope<StagedFile[]>>;
  /**
   * Listens for what the main process tells the window by itself: a change made on another screen
   * (a booking at reception shows in the treatment room), or news of the connection to the clinic's
   * computer on a workstation. Returns the way to stop listening. Absent where nothing is ever told.
   */
  onEvent?(listener: (event: LiveEvent) => void): () => void;
}
