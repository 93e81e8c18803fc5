import crypto from 'node:crypto';
import { deriveKek, sameSecret, type KdfCost } from './crypto';

/** A PIN's stored form: argon2id of the PIN under its own salt. It unlocks a locked screen, never the clinic. */
interface StoredPin {
  salt: string;
  cost: KdfCost;
  hash: string;
}

export async function hashPin(pin: string, cost: KdfCost): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await deriveKek(`pin:${pin}`, salt, cost);
  return JSON.stringify({ salt: salt.toString('base64'), cost, hash: hash.toString('base64') } satisfies StoredPin);
}

export async function pinMatches(stored: string, pin: string): Promise<boolean> {
  let s: StoredPin;
  try {
    s = JSON.parse(stored) as StoredPin;
  } catch {
    return false;
  }
  const hash = await deriveKek(`pin:${pin}`, Buffer.from(s.salt, 'base64'), s.cost);
  return sameSecret(hash, Buffer.from(s.hash, 'base64'));
}
