import fs from 'node:fs';
import path from 'node:path';
import { lockoutMs } from '../../shared/auth';
import { writeFileDurably } from '../durableFile';

/** Failed attempts are counted here, beside the key file, so restarting the app does not reset them. */
export const ATTEMPTS_FILE = 'sign-in-attempts.json';

interface Record {
  failures: number;
  untilMs: number;
}

/**
 * Slows down guessing: five failures for a name are free, then each further one waits 30 s,
 * 60 s, 120 s and so on. Names are counted whether or not anyone has that name, so the wait
 * says nothing about who exists. A success clears the name's count.
 */
export class SignInThrottle {
  private records = new Map<string, Record>();

  constructor(private readonly dir: string | null) {
    if (dir === null) return;
    try {
      const saved = JSON.parse(fs.readFileSync(path.join(dir, ATTEMPTS_FILE), 'utf8')) as unknown;
      if (saved && typeof saved === 'object') {
        for (const [name, r] of Object.entries(saved as { [k: string]: Record })) {
          if (typeof r?.failures === 'number' && typeof r.untilMs === 'number') this.records.set(name, r);
        }
      }
    } catch {
      // No file yet, or an unreadable one: start counting afresh.
    }
  }

  private static key(name: string): string {
    return name.trim().toLowerCase().normalize('NFC').slice(0, 120);
  }

  /** How long until `name` may try again (0 when it may now). */
  waitMs(name: string, nowMs: number): number {
    const r = this.records.get(SignInThrottle.key(name));
    return r ? Math.max(0, r.untilMs - nowMs) : 0;
  }

  failures(name: string): number {
    return this.records.get(SignInThrottle.key(name))?.failures ?? 0;
  }

  fail(name: string, nowMs: number): number {
    const key = SignInThrottle.key(name);
    const failures = (this.records.get(key)?.failures ?? 0) + 1;
    const wait = lockoutMs(failures);
    this.records.set(key, { failures, untilMs: nowMs + wait });
    this.save();
    return wait;
  }

  succeed(name: string): void {
    if (this.records.delete(SignInThrottle.key(name))) this.save();
  }

  private save(): void {
    if (this.dir === null || !fs.existsSync(this.dir)) return;
    try {
      writeFileDurably(path.join(this.dir, ATTEMPTS_FILE), Buffer.from(JSON.stringify(Object.fromEntries(this.records))));
    } catch {
      // Counting still works in memory if the folder cannot be written.
    }
  }
}
