import { contextBridge, ipcRenderer } from 'electron';
import type { CLINIC_CHANNEL, ClinicBridge } from '../shared/bridge';
import type { Envelope } from '../shared/envelope';

// A sandboxed preload cannot load our own modules, so the channel name is written
// here once more; the type annotation makes any drift from shared/bridge.ts a compile error.
const channel: typeof CLINIC_CHANNEL = 'clinic:invoke';

const bridge = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(channel, method, input) as Promise<Envelope<unknown>>,
} satisfies ClinicBridge;

contextBridge.exposeInMainWorld('clinic', bridge);
