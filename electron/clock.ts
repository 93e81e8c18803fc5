/** The one source of "now" in the main process; tests inject a fixed one. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function fixedClock(isoInstant: string): Clock {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${isoInstant}`);
  return { nowMs: () => ms };
}
