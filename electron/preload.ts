import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CLINIC_CHANNEL, ClinicBridge, STAGE_CHANNEL } from '../shared/bridge';
import type { Envelope } from '../shared/envelope';
import type { StagedFile } from '../shared/photos';

// A sandboxed preload cannot load our own modules, so the channel names are written
// here once more; the type annotations make any drift from shared/bridge.ts a compile error.
const channel: typeof CLINIC_CHANNEL = 'clinic:invoke';
const stageChannel: typeof STAGE_CHANNEL = 'clinic:stage-files';

const bridge = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(channel, method, input) as Promise<Envelope<unknown>>,
  // webUtils knows the path only of files the user picked or dropped; for anything else it
  // gives "", which the main process refuses. The page itself never handles a path.
  stageFiles: (files: File[]) =>
    ipcRenderer.invoke(
      stageChannel,
      Array.from(files, (f) => webUtils.getPathForFile(f)),
    ) as Promise<StagedFile[]>,
} satisfies ClinicBridge;

contextBridge.exposeInMainWorld('clinic', bridge);
