import { useEffect, useRef } from 'react';
import { call } from '../api';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
/** How often the page tells the main process someone is still working (so its own idle check agrees). */
const HEARTBEAT_MS = 60_000;

/**
 * Locks the screen after `idleMinutes` without a key press or mouse movement, and on Ctrl+L
 * (Cmd+L on a Mac). While the person is working, the main process hears so once a minute: it
 * locks a session on its own once the idle time passes with no call at all.
 */
export function useIdleLock(idleMinutes: number, lock: () => void): void {
  // Set when the lock starts watching (not while rendering): the last input and the last heartbeat.
  const lastInput = useRef<number | null>(null);
  const lastBeat = useRef<number | null>(null);
  useEffect(() => {
    lastInput.current ??= Date.now();
    lastBeat.current ??= Date.now();
    const onActivity = () => {
      lastInput.current = Date.now();
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        lock();
      }
    };
    for (const ev of ACTIVITY) window.addEventListener(ev, onActivity, { passive: true, capture: true });
    window.addEventListener('keydown', onKey);
    const timer = window.setInterval(() => {
      const now = Date.now();
      const input = lastInput.current ?? now;
      const beat = lastBeat.current ?? now;
      if (now - input >= idleMinutes * 60_000) {
        lock();
        return;
      }
      if (input > beat && now - beat >= HEARTBEAT_MS) {
        lastBeat.current = now;
        void call('account.touch', {}).catch(() => undefined);
      }
    }, 1000);
    return () => {
      for (const ev of ACTIVITY) window.removeEventListener(ev, onActivity, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.clearInterval(timer);
    };
  }, [idleMinutes, lock]);
}
