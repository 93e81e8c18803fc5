import { TEST_OWNER, type TestClinic } from './core';
import type { movableClock } from './messaging';

/**
 * Moves the clock and, as the owner coming back to the desk would, unlocks the screen that
 * locked itself for idleness meanwhile (sending itself never needed the screen unlocked).
 */
export async function moveClock(c: TestClinic, clock: ReturnType<typeof movableClock>, iso: string): Promise<void> {
  clock.set(iso);
  // The first call after the idle time locks the screen; then it is unlocked.
  const r = await c.raw('app.info', {});
  if (!r.ok && r.error.code === 'LOCKED') await c.call('auth.unlock', { password: TEST_OWNER.password });
}
