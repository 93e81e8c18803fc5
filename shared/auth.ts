import { z } from 'zod';
import type { RecoveryInfo } from './backup';
import type { Role } from './staff';

/**
 * Where the person at this screen stands with the clinic:
 * - new_clinic: an empty data folder; the owner sets the clinic up (or explores the demo);
 * - key_file_missing: an encrypted database without its key file (copied without it): nothing can open it here;
 * - needs_recovery: the database is missing, empty or damaged in a folder that holds a clinic, or the folder
 *   cannot be written: the recovery screen (restore a backup, choose another, or start anew after confirming);
 * - needs_protection: a clinic from before encryption; the owner creates an account, then it is encrypted;
 * - converting: that encryption is running (see `conversion`);
 * - signed_out: the sign-in screen;
 * - must_set_password: signed in with a one-time setup code; choose a password before anything else;
 * - signed_in: working;
 * - locked: the person's session is kept, the screen shows nothing of the clinic until they unlock.
 */
export const AUTH_STATES = [
  'new_clinic',
  'key_file_missing',
  'needs_recovery',
  'needs_protection',
  'converting',
  'signed_out',
  'must_set_password',
  'signed_in',
  'locked',
] as const;
export type AuthState = (typeof AUTH_STATES)[number];

export interface SignedInPerson {
  id: number;
  name: string;
  role: Role;
  hasPin: boolean;
}

export interface ConversionProgress {
  step: string;
  done: number;
  total: number;
  /** Set when the conversion stopped; the plain clinic is untouched then. */
  error: string | null;
}

export interface AuthStatus {
  state: AuthState;
  clinicName: string;
  /** Names to choose from on the sign-in screen: people with an account or a setup code. */
  people: { id: number; name: string }[];
  person: SignedInPerson | null;
  demo: boolean;
  /** Minutes without keyboard or mouse before the screen locks. */
  idleMinutes: number;
  conversion: ConversionProgress | null;
  /** Milliseconds until the next sign-in attempt for the last name tried is accepted, when throttled. */
  retryAfterMs: number;
  /** For needs_recovery: what happened and the latest verified backup. */
  recovery?: RecoveryInfo;
}

export const DEFAULT_IDLE_MINUTES = 10;
export const PIN_PATTERN = /^\d{4,6}$/;
export const PASSWORD_MIN_LENGTH = 10;
/** Five failed attempts for a name, then 30 seconds, doubling with each further failure. */
export const FREE_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 30_000;
/** A setup code is good for a week and for one first sign-in. */
export const SETUP_CODE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The wait after `failures` consecutive failed attempts: none for the first five, then 30 s, 60 s, 120 s … (capped at a day). */
export function lockoutMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_LOCKOUT_MS * 2 ** (failures - FREE_ATTEMPTS), 24 * 60 * 60 * 1000);
}

const COMMON = [
  'password',
  'passw0rd',
  'qwerty',
  'letmein',
  'welcome',
  'clinic',
  'botox',
  'admin',
  'iloveyou',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'football',
  'abc123',
  '123456',
  '111111',
];

export interface PasswordStrength {
  /** 0 (very weak) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** What would make it stronger, in one sentence; empty when strong. */
  advice: string;
  acceptable: boolean;
}

/**
 * A quick estimate of how hard a password or passphrase is to guess, shown as the person
 * types and enforced again in the main process. Length counts most (a passphrase of four
 * ordinary words is strong); repeated characters, runs, common passwords and the person's
 * or clinic's own name count against it.
 */
export function passwordStrength(password: string, personal: readonly string[] = []): PasswordStrength {
  const pw = password.normalize('NFC');
  if ([...pw].length < PASSWORD_MIN_LENGTH) {
    return {
      score: 0,
      label: 'Too short',
      advice: `Use at least ${PASSWORD_MIN_LENGTH} characters: a few ordinary words in a row are easy to remember.`,
      acceptable: false,
    };
  }
  const lower = pw.toLowerCase();
  let classes = 0;
  if (/[a-z]/.test(pw)) classes += 1;
  if (/[A-Z]/.test(pw)) classes += 1;
  if (/\d/.test(pw)) classes += 1;
  if (/[^A-Za-z0-9]/.test(pw)) classes += 1;
  const distinct = new Set(lower).size;
  const words = lower.split(/[\s\-_.,]+/).filter((w) => w.length >= 3).length;
  let points = Math.min([...pw].length, 24) / 4 + classes + (words >= 3 ? 2 : 0) + (words >= 4 ? 1 : 0);
  const problems: string[] = [];
  if (distinct <= 4) {
    points -= 5;
    problems.push('avoid repeating the same few characters');
  }
  if (/(0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|qwer|wert|asdf|zxcv)/.test(lower)) {
    points -= 2;
    problems.push('avoid runs such as 1234 or qwer');
  }
  if (COMMON.some((c) => lower.includes(c))) {
    points -= 3;
    problems.push('avoid common passwords');
  }
  const names = personal.flatMap((n) => n.toLowerCase().split(/\s+/)).filter((n) => n.length >= 3);
  if (names.some((n) => lower.includes(n))) {
    points -= 2;
    problems.push('leave out your own or the clinic’s name');
  }
  const score: PasswordStrength['score'] = points >= 11 ? 4 : points >= 9 ? 3 : points >= 7 ? 2 : points >= 4 ? 1 : 0;
  const label = (['Weak', 'Weak', 'Fair', 'Good', 'Strong'] as const)[score];
  const advice =
    problems.length > 0
      ? `To make it stronger, ${problems.join(' and ')}.`
      : score < 4
        ? 'Longer is stronger: add another word or two.'
        : '';
  return { score, label, advice, acceptable: score >= 2 };
}

// ---------------------------------------------------------------------------------------------
// The recovery key and setup codes are written in Crockford's base32: no I, L, O or U, so a
// key read off paper cannot be mistyped as a look-alike letter (those are accepted and mapped).

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
for (const [alias, real] of [
  ['O', '0'],
  ['I', '1'],
  ['L', '1'],
] as const) {
  VALUE.set(alias, VALUE.get(real)!);
}

/** Upper-cases, maps look-alikes, and drops spaces and dashes. */
function normalise(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '');
}

/** A recovery key: 8 groups of 4 data characters and 1 check character (160 random bits). */
export const RECOVERY_GROUPS = 8;
const DATA_PER_GROUP = 4;
export const RECOVERY_KEY_BYTES = (RECOVERY_GROUPS * DATA_PER_GROUP * 5) / 8;

/** The check character of a group: odd weights catch any single wrong character; the group's place catches swapped groups. */
function checkChar(group: number, values: readonly number[]): string {
  const sum = values.reduce((s, v, i) => s + v * (2 * i + 1), 0) + 7 * (group + 1);
  return ALPHABET[sum % 32]!;
}

/** Writes 20 random bytes as "K7QM2-4XPT9-…" (8 groups of 5). */
export function formatRecoveryKey(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_KEY_BYTES) throw new Error(`A recovery key is ${RECOVERY_KEY_BYTES} bytes.`);
  const values: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      values.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  const groups: string[] = [];
  for (let g = 0; g < RECOVERY_GROUPS; g += 1) {
    const part = values.slice(g * DATA_PER_GROUP, (g + 1) * DATA_PER_GROUP);
    groups.push(part.map((v) => ALPHABET[v]).join('') + checkChar(g, part));
  }
  return groups.join('-');
}

export type RecoveryKeyParse = { ok: true; bytes: Uint8Array; canonical: string } | { ok: false; message: string };

/** Reads a typed recovery key back, saying which group has a typo. */
export function parseRecoveryKey(text: string): RecoveryKeyParse {
  const chars = normalise(text);
  const expected = RECOVERY_GROUPS * (DATA_PER_GROUP + 1);
  if (chars.length !== expected) {
    return {
      ok: false,
      message: `A recovery key has ${expected} letters and digits in ${RECOVERY_GROUPS} groups; this one has ${chars.length}.`,
    };
  }
  const bad = [...chars].find((c) => !VALUE.has(c));
  if (bad !== undefined) return { ok: false, message: `“${bad}” does not appear in recovery keys. Check the sheet again.` };
  const values: number[] = [];
  for (let g = 0; g < RECOVERY_GROUPS; g += 1) {
    const group = chars.slice(g * 5, g * 5 + 5);
    const part = [...group.slice(0, 4)].map((c) => VALUE.get(c)!);
    if (checkChar(g, part) !== ALPHABET[VALUE.get(group[4]!)!]) {
      return { ok: false, message: `Group ${g + 1} (${group}) has a typo. Compare it with the recovery sheet.` };
    }
    values.push(...part);
  }
  const bytes = new Uint8Array(RECOVERY_KEY_BYTES);
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (const v of values) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[i++] = (acc >> bits) & 255;
      acc &= (1 << bits) - 1;
    }
  }
  return { ok: true, bytes, canonical: formatRecoveryKey(bytes) };
}

/** A one-time setup code, "K7QM-4XPT-9D2R": 12 characters, 60 random bits. */
export function formatSetupCode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.slice(0, 12)) out += ALPHABET[b % 32];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/** The canonical form of a typed setup code, for comparing. */
export function canonicalSetupCode(text: string): string {
  return [...normalise(text)].map((c) => ALPHABET[VALUE.get(c) ?? 0]).join('');
}

// ---------------------------------------------------------------------------------------------
// Inputs of the auth methods, validated in the main process.

const personName = z.string().trim().min(1, 'Enter your name').max(120, 'Keep the name under 120 characters');
const secret = z.string().min(1, 'Enter your password').max(1000, 'That is longer than any password here');

export const setupClinicInputSchema = z
  .object({
    clinicName: z.string().trim().min(1, 'Enter the clinic’s name').max(120, 'Keep the name under 120 characters'),
    ownerName: personName,
    password: z.string().max(1000, 'Keep the password under 1000 characters'),
  })
  .strict();

export const signInInputSchema = z.object({ name: personName, password: secret }).strict();
export const newPasswordInputSchema = z
  .object({ password: z.string().max(1000, 'Keep the password under 1000 characters') })
  .strict();
export const changePasswordInputSchema = z
  .object({ current: secret, password: z.string().max(1000, 'Keep the password under 1000 characters') })
  .strict();
export const unlockInputSchema = z
  .object({ pin: z.string().max(20).optional(), password: z.string().max(1000).optional() })
  .strict()
  .refine((v) => (v.pin ?? '') !== '' || (v.password ?? '') !== '', 'Enter your PIN or password');
export const setPinInputSchema = z
  .object({
    current: secret,
    pin: z.string().regex(PIN_PATTERN, 'A PIN is 4 to 6 digits').nullable(),
  })
  .strict();
export const recoverInputSchema = z
  .object({
    recoveryKey: z.string().max(200, 'That is longer than a recovery key'),
    staffId: z.number().int().positive(),
    password: z.string().max(1000, 'Keep the password under 1000 characters'),
  })
  .strict();
export const checkRecoveryInputSchema = z.object({ recoveryKey: z.string().max(200) }).strict();
export const securitySettingsSchema = z
  .object({
    idleMinutes: z
      .number()
      .int('Whole minutes, please')
      .min(1, 'Lock after at least 1 minute')
      .max(120, 'Lock after at most 120 minutes'),
  })
  .strict();
export type SecuritySettings = z.output<typeof securitySettingsSchema>;

/** An account state shown on the team page. */
export type AccountState = 'none' | 'invited' | 'active';
