import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CLINIC_CHANNEL, ClinicBridge, Door, EVENT_CHANNEL } from '../shared/bridge';
import type { LiveEvent } from '../shared/network';
import type { MethodName } from '../shared/contract';
import type { Envelope } from '../shared/envelope';
import type { StagedFile } from '../shared/photos';

// A sandboxed preload cannot load our own modules, so the channel and the file method's name are
// written here once more; the type annotations make any drift from shared/ a compile error.
const channel: typeof CLINIC_CHANNEL = 'clinic:invoke';
const eventChannel: typeof EVENT_CHANNEL = 'clinic:event';
const stageMethod: Extract<MethodName, 'photos.stage'> = 'photos.stage';
const pageDoor: Door = 'page';
const filesDoor: Door = 'files';

const bridge = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(channel, method, input, pageDoor) as Promise<Envelope<unknown>>,
  // webUtils knows the path only of files the user picked or dropped; for anything else it
  // gives "", which the contract's schema refuses. The page itself never handles a path.
  stageFiles: (files: File[]) =>
    ipcRenderer.invoke(
      channel,
      stageMethod,
      { paths: Array.from(files, (f) => webUtils.getPathForFile(f)) },
      filesDoor,
    ) as Promise<Envelope<StagedFile[]>>,
  // Only the event itself reaches the page, never Electron's event object (it carries the sender).
  onEvent: (listener: (event: LiveEvent) => void) => {
    const handler = (_e: unknown, event: LiveEvent) => listener(event);
    ipcRenderer.on(eventChannel, handler);
    return () => {
      ipcRenderer.removeListener(eventChannel, handler);
    };
  },
} satisfies ClinicBridge;

contextBridge.exposeInMainWorld('clinic', bridge);
