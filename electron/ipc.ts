import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CLINIC_CHANNEL, STAGE_CHANNEL } from '../shared/bridge';
import type { StagedFile } from '../shared/photos';
import { isTrustedUrl, type Dispatch, type Sender } from './dispatch';

/** Reduces an IPC event to what the dispatcher's sender guard checks. */
function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  // A frame can be gone by the time the message arrives (navigation, crash): treat it as untrusted.
  if (frame === null) return { url: '', isMainFrame: false };
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

/**
 * The app's two IPC channels: every API call goes through the dispatcher (all checks
 * live there, shared with the test harness); files for photo import arrive as paths
 * from the preload and are handed to the staging area under the same sender check.
 */
export function registerIpc(
  dispatch: Dispatch,
  trustedOrigin: string,
  stagePaths: (paths: readonly string[]) => StagedFile[],
): void {
  ipcMain.handle(CLINIC_CHANNEL, (event, method: unknown, input: unknown) => dispatch(senderOf(event), method, input));
  ipcMain.handle(STAGE_CHANNEL, (event, paths: unknown) => {
    const sender = senderOf(event);
    if (!sender.isMainFrame || !isTrustedUrl(sender.url, trustedOrigin)) return [];
    if (!Array.isArray(paths)) return [];
    const usable = paths.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length < 4096);
    const refused: StagedFile[] = paths
      .filter((p) => typeof p !== 'string' || p.length === 0)
      .map(() => ({ token: null, name: 'a file', bytes: 0, problem: 'this item is not a file on this computer' }));
    return [...stagePaths(usable.slice(0, 5000)), ...refused];
  });
}
