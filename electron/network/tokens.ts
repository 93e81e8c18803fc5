import crypto from 'node:crypto';
import { TOKEN_LIFETIME_MS } from '../../shared/network';

export interface TokenRecord {
  workstationId: string;
  /** The host's session key this token stands for ("ws:<workstation>:<random>"). */
  session: string;
  expiresAtMs: number;
}

export type TokenCheck = { ok: true; record: TokenRecord } | { ok: false; reason: 'unknown' | 'expired' | 'other_workstation' };

/** A renewed token's predecessor still works this long, for calls already on their way. */
const RENEW_GRACE_MS = 10_000;

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * The session tokens of people signed in on workstations. A token is 256 random bits, kept on
 * the host only as its hash, bound to the workstation whose certificate it was issued to, and
 * good for five minutes; the workstation renews it while it stays connected. A workstation gone
 * quiet (unplugged, stolen) loses its session within five minutes, and a restarted host knows
 * none of the old tokens.
 */
export class SessionTokens {
  private byHash = new Map<string, TokenRecord>();

  constructor(private readonly now: () => number) {}

  issue(workstationId: string, session: string): { token: string; expiresAtMs: number } {
    this.sweep();
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAtMs = this.now() + TOKEN_LIFETIME_MS;
    this.byHash.set(hashOf(token), { workstationId, session, expiresAtMs });
    return { token, expiresAtMs };
  }

  check(token: string, workstationId: string): TokenCheck {
    const record = this.byHash.get(hashOf(token));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.workstationId !== workstationId) return { ok: false, reason: 'other_workstation' };
    if (record.expiresAtMs <= this.now()) {
      this.byHash.delete(hashOf(token));
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, record };
  }

  /** Whether a token has used half its life (the answer then carries a fresh one). */
  dueForRenewal(record: TokenRecord): boolean {
    return record.expiresAtMs - this.now() < TOKEN_LIFETIME_MS / 2;
  }

  /** A fresh token for the same session; the old one lapses after a short grace. */
  renew(token: string, record: TokenRecord): { token: string; expiresAtMs: number } {
    const old = this.byHash.get(hashOf(token));
    if (old) old.expiresAtMs = Math.min(old.expiresAtMs, this.now() + RENEW_GRACE_MS);
    return this.issue(record.workstationId, record.session);
  }

  forgetSession(session: string): void {
    for (const [h, r] of this.byHash) if (r.session === session) this.byHash.delete(h);
  }

  forgetWorkstation(workstationId: string): void {
    for (const [h, r] of this.byHash) if (r.workstationId === workstationId) this.byHash.delete(h);
  }

  private sweep(): void {
    const now = this.now();
    for (const [h, r] of this.byHash) if (r.expiresAtMs <= now) this.byHash.delete(h);
  }
}
