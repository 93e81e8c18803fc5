import crypto from 'node:crypto';
import { PAIRING_CODE_DIGITS, PAIRING_CODE_LIFETIME_MS, PAIRING_CODE_TRIES } from '../../shared/network';

export interface PairingOffer {
  code: string;
  expiresAtMs: number;
  triesLeft: number;
}

export type PairingCheck = 'ok' | 'no_code' | 'expired' | 'wrong' | 'used_up';

/**
 * The proof a workstation sends instead of the code itself: an HMAC keyed by the six digits over
 * both certificates' fingerprints. The host recomputes it with its own certificate and the one
 * the workstation presented in this TLS connection, so a proof made through a machine in the
 * middle (another certificate on either side) does not match, and the digits never cross the
 * network even inside TLS.
 */
export function pairingProof(code: string, hostFingerprint: string, workstationFingerprint: string): string {
  return crypto
    .createHmac('sha256', `clinic-records-pairing-v1:${code}`)
    .update(`${hostFingerprint}\n${workstationFingerprint}`)
    .digest('hex');
}

/**
 * The one pairing code on offer at a time. It is good for five minutes, for one workstation, and
 * for five wrong tries: after those it is thrown away, so guessing six digits over the network
 * has five chances in a million per code the owner makes.
 */
export class PairingCodes {
  private offer: PairingOffer | null = null;

  constructor(private readonly now: () => number) {}

  issue(): PairingOffer {
    const code = String(crypto.randomInt(0, 10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0');
    this.offer = { code, expiresAtMs: this.now() + PAIRING_CODE_LIFETIME_MS, triesLeft: PAIRING_CODE_TRIES };
    return { ...this.offer };
  }

  /** The code on the host's screen, while it is good. */
  current(): PairingOffer | null {
    if (this.offer && this.offer.expiresAtMs <= this.now()) this.offer = null;
    return this.offer ? { ...this.offer } : null;
  }

  withdraw(): void {
    this.offer = null;
  }

  check(proof: string, hostFingerprint: string, workstationFingerprint: string): PairingCheck {
    const o = this.offer;
    if (!o) return 'no_code';
    if (o.expiresAtMs <= this.now()) {
      this.offer = null;
      return 'expired';
    }
    const expected = Buffer.from(pairingProof(o.code, hostFingerprint, workstationFingerprint));
    const given = Buffer.from(proof);
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) {
      this.offer = null; // one workstation per code
      return 'ok';
    }
    o.triesLeft -= 1;
    if (o.triesLeft <= 0) {
      this.offer = null;
      return 'used_up';
    }
    return 'wrong';
  }
}
