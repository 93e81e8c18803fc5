import type { Door } from '../../shared/bridge';
import type { Sender } from '../dispatch';

/** The parts of Electron's IpcMainInvokeEvent the sender guard reads (typed here so this module runs without Electron). */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
  sender: { mainFrame: unknown };
}

/**
 * Reduces an IPC event to what the dispatcher's sender guard checks: the calling frame's URL,
 * whether it is the window's main frame, and which door the preload used. A frame can be gone
 * by the time the message arrives (navigation, crash): it is then treated as untrusted.
 */
export function senderOf(event: InvokeEventLike, door: unknown): Sender {
  const frame = event.senderFrame;
  const which: Door = door === 'files' ? 'files' : 'page';
  if (frame === null) return { url: '', isMainFrame: false, door: which };
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame, door: which };
}
