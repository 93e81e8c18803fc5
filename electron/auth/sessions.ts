import type { Role } from '../../shared/staff';
import type { Actor } from '../../shared/staff';
import type { CallerState } from '../dispatch';

export type SessionState = 'signed_in' | 'locked' | 'must_set_password';

export interface SessionRecord {
  staffId: number;
  name: string;
  role: Role;
  device: string;
  state: SessionState;
  startedAtMs: number;
  lastActivityMs: number;
  /** Patients (and other records) whose opening this session has already put in the audit trail. */
  viewed: Set<string>;
}

/**
 * The screens signed in to the open clinic, by session key ('local' for this computer's own
 * window; a workstation's session later). A session locks itself on the first call after the
 * idle time has passed, whatever the page did or did not notice.
 */
export class Sessions {
  private map = new Map<string, SessionRecord>();

  get(key: string): SessionRecord | undefined {
    return this.map.get(key);
  }

  start(key: string, r: Omit<SessionRecord, 'viewed' | 'lastActivityMs' | 'startedAtMs'>, nowMs: number): SessionRecord {
    const record: SessionRecord = { ...r, startedAtMs: nowMs, lastActivityMs: nowMs, viewed: new Set() };
    this.map.set(key, record);
    return record;
  }

  end(key: string): SessionRecord | undefined {
    const r = this.map.get(key);
    this.map.delete(key);
    return r;
  }

  /** Ends every session of a person (deactivated, or given a new setup code); returns how many. */
  endForStaff(staffId: number): number {
    let n = 0;
    for (const [key, r] of this.map) {
      if (r.staffId === staffId) {
        this.map.delete(key);
        n += 1;
      }
    }
    return n;
  }

  clear(): void {
    this.map.clear();
  }

  all(): [string, SessionRecord][] {
    return [...this.map];
  }

  touch(key: string, nowMs: number): void {
    const r = this.map.get(key);
    if (r && r.state === 'signed_in') r.lastActivityMs = nowMs;
  }

  /**
   * Where a session stands for a call; locks it first when it has been idle too long.
   * Returns the record that was locked by idleness, so the caller can audit it.
   */
  caller(key: string, nowMs: number, idleMs: number): { state: CallerState; lockedNow: SessionRecord | null } {
    const r = this.map.get(key);
    if (!r) return { state: { state: 'signed_out' }, lockedNow: null };
    let lockedNow: SessionRecord | null = null;
    if (r.state === 'signed_in' && nowMs - r.lastActivityMs > idleMs) {
      r.state = 'locked';
      lockedNow = r;
    }
    const actor: Actor = { id: r.staffId, name: r.name, role: r.role, device: r.device };
    return { state: { state: r.state, actor }, lockedNow };
  }
}
