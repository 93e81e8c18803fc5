import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../durableFile';
import { deriveKek, sameSecret, seal, subkey, unseal, verifierOf, type KdfCost } from './crypto';

/**
 * The clinic's key file. The data key is random and exists on disk only sealed in slots,
 * as LUKS does: one per person (by their password, or by a one-time setup code until they
 * choose one) and one for the recovery key. Opening any slot gives the same data key; a
 * password change reseals one slot; a person who leaves loses their slot. The file holds
 * no patient data: the clinic's name, the names of people with access, and sealed keys.
 */
export const KEYRING_FILE = 'keyring.json';
/** A second copy written after every change, in case the first is damaged. */
export const KEYRING_COPY_FILE = 'keyring.copy.json';

export const SLOT_KINDS = ['password', 'setup', 'recovery'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const slotSchema = z.object({
  id: z.string().min(8).max(64),
  kind: z.enum(SLOT_KINDS),
  staffId: z.number().int().positive().nullable(),
  staffName: z.string().max(200),
  salt: b64,
  cost: z.object({ m: z.number().int().min(8), t: z.number().int().min(1), p: z.number().int().min(1) }),
  verifier: b64,
  sealed: z.object({ iv: b64, ct: b64, tag: b64 }),
  createdAtMs: z.number().int(),
  expiresAtMs: z.number().int().nullable(),
});
export type Slot = z.infer<typeof slotSchema>;

const keyringSchema = z.object({
  format: z.literal('clinic-records-keyring'),
  version: z.literal(1),
  clinicId: z.string().min(8).max(64),
  clinicName: z.string().max(200),
  demo: z.boolean(),
  createdAtMs: z.number().int(),
  /** HMAC of a fixed text under a subkey of the data key: tells a damaged slot from a wrong password. */
  keyCheck: b64,
  slots: z.array(z.unknown()),
});
export interface Keyring {
  format: 'clinic-records-keyring';
  version: 1;
  clinicId: string;
  clinicName: string;
  demo: boolean;
  createdAtMs: number;
  keyCheck: string;
  slots: Slot[];
  /** Slots that could not be read (a damaged entry); kept in the file untouched, never used. */
  unreadable: unknown[];
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

function parseKeyring(text: string): Keyring | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = keyringSchema.safeParse(json);
  if (!parsed.success) return null;
  const slots: Slot[] = [];
  const unreadable: unknown[] = [];
  for (const raw of parsed.data.slots) {
    const s = slotSchema.safeParse(raw);
    if (s.success) slots.push(s.data);
    else unreadable.push(raw);
  }
  return { ...parsed.data, slots, unreadable };
}

export function hasKeyring(dir: string): boolean {
  return fs.existsSync(path.join(dir, KEYRING_FILE)) || fs.existsSync(path.join(dir, KEYRING_COPY_FILE));
}

/** The clinic's key file, from its second copy when the first is damaged; null when there is none. */
export function readKeyring(dir: string): Keyring | null {
  const files = [KEYRING_FILE, KEYRING_COPY_FILE].map((f) => path.join(dir, f));
  if (!files.some((f) => fs.existsSync(f))) return null;
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const k = parseKeyring(text);
    if (k) return k;
  }
  throw new KeyringError(
    `The clinic’s key file (${KEYRING_FILE} in ${dir}) is damaged, and so is its copy. ` +
      'Without it the clinic cannot be opened: restore the folder from a backup, which always includes the key file.',
  );
}

export function writeKeyring(dir: string, k: Keyring): void {
  const { unreadable, slots, ...rest } = k;
  const text = JSON.stringify({ ...rest, slots: [...slots, ...unreadable] }, null, 2);
  const bytes = Buffer.from(text, 'utf8');
  writeFileDurably(path.join(dir, KEYRING_FILE), bytes);
  writeFileDurably(path.join(dir, KEYRING_COPY_FILE), bytes);
}

const keyCheckOf = (dataKey: Buffer, clinicId: string) =>
  crypto
    .createHmac('sha256', subkey(dataKey, clinicId, 'key-check'))
    .update('clinic-records key check')
    .digest();

export function newKeyring(opts: { clinicName: string; demo: boolean; nowMs: number }): { keyring: Keyring; dataKey: Buffer } {
  const dataKey = crypto.randomBytes(32);
  const clinicId = crypto.randomUUID();
  return {
    dataKey,
    keyring: {
      format: 'clinic-records-keyring',
      version: 1,
      clinicId,
      clinicName: opts.clinicName,
      demo: opts.demo,
      createdAtMs: opts.nowMs,
      keyCheck: keyCheckOf(dataKey, clinicId).toString('base64'),
      slots: [],
      unreadable: [],
    },
  };
}

/** True when `dataKey` is this clinic's data key. */
export function isDataKeyOf(k: Keyring, dataKey: Buffer): boolean {
  return sameSecret(keyCheckOf(dataKey, k.clinicId), Buffer.from(k.keyCheck, 'base64'));
}

const aadOf = (clinicId: string, s: Pick<Slot, 'id' | 'kind' | 'staffId'>) =>
  `clinic-records slot v1|${clinicId}|${s.id}|${s.kind}|${s.staffId ?? ''}`;

export async function makeSlot(opts: {
  keyring: Keyring;
  dataKey: Buffer;
  kind: SlotKind;
  secret: string;
  staff: { id: number; name: string } | null;
  cost: KdfCost;
  nowMs: number;
  expiresAtMs?: number | null;
}): Promise<Slot> {
  const salt = crypto.randomBytes(16);
  const kek = await deriveKek(opts.secret, salt, opts.cost);
  const base = { id: crypto.randomUUID(), kind: opts.kind, staffId: opts.staff?.id ?? null };
  return {
    ...base,
    staffName: opts.staff?.name ?? '',
    salt: salt.toString('base64'),
    cost: opts.cost,
    verifier: verifierOf(kek).toString('base64'),
    sealed: seal(kek, opts.dataKey, aadOf(opts.keyring.clinicId, base)),
    createdAtMs: opts.nowMs,
    expiresAtMs: opts.expiresAtMs ?? null,
  };
}

export type SlotOpening =
  | { ok: true; dataKey: Buffer }
  | { ok: false; reason: 'wrong_secret' }
  /** The secret was right but what the slot holds is not the clinic's key: the slot is damaged. */
  | { ok: false; reason: 'damaged' };

/** Tries a secret on a slot. The verifier is compared in constant time before anything is unsealed. */
export async function openSlot(k: Keyring, slot: Slot, secret: string): Promise<SlotOpening> {
  const kek = await deriveKek(secret, Buffer.from(slot.salt, 'base64'), slot.cost);
  if (!sameSecret(verifierOf(kek), Buffer.from(slot.verifier, 'base64'))) return { ok: false, reason: 'wrong_secret' };
  const dataKey = unseal(kek, slot.sealed, aadOf(k.clinicId, slot));
  if (dataKey === null || dataKey.length !== 32 || !isDataKeyOf(k, dataKey)) return { ok: false, reason: 'damaged' };
  return { ok: true, dataKey };
}

/** Spends the same time as a real attempt, so an unknown name answers no faster than a wrong password. */
export async function decoyAttempt(cost: KdfCost): Promise<void> {
  await deriveKek('decoy', crypto.randomBytes(16), cost);
}

/** The database key and photo key of a clinic. */
export function clinicKeys(k: Pick<Keyring, 'clinicId'>, dataKey: Buffer): { database: Buffer; photos: Buffer } {
  return { database: subkey(dataKey, k.clinicId, 'database'), photos: subkey(dataKey, k.clinicId, 'photos') };
}
