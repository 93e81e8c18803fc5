import type { Envelope } from './envelope';
import type { StagedFile } from './photos';

/** The one IPC channel the preload and electron/ipc.ts share. */
export const CLINIC_CHANNEL = 'clinic:invoke' as const;

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
}
