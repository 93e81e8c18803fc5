import { ipcMain } from 'electron';
import { CLINIC_CHANNEL } from '../shared/bridge';
import type { Dispatch } from './dispatch';
import { senderOf } from './shell/sender';

/**
 * The app's one IPC channel: every call, the preload's file handover included, goes through the
 * dispatcher (sender, method, door, session, role, input), shared with the test harness.
 */
export function registerIpc(dispatch: Dispatch): void {
  ipcMain.handle(CLINIC_CHANNEL, (event, method: unknown, input: unknown, door: unknown) =>
    dispatch(senderOf(event, door), method, input),
  );
}
