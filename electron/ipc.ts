import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CLINIC_CHANNEL } from '../shared/bridge';
import type { Dispatch, Sender } from './dispatch';

/** Reduces an IPC event to what the dispatcher's sender guard checks. */
function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  // A frame can be gone by the time the message arrives (navigation, crash): treat it as untrusted.
  if (frame === null) return { url: '', isMainFrame: false };
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

/** The one IPC channel of the app. All checks live in the dispatcher, shared with the test harness. */
export function registerIpc(dispatch: Dispatch): void {
  ipcMain.handle(CLINIC_CHANNEL, (event, method: unknown, input: unknown) => dispatch(senderOf(event), method, input));
}
