import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '../durableFile';
import type { Identity } from './certificate';

/**
 * What this computer keeps about the network, beside (never inside) the clinic's database:
 * the host's certificate and the workstations it paired, or a workstation's pinned host. None
 * of it is patient data, and the host must read it before anyone has signed in since a restart
 * (to turn away an unpaired or revoked device, and to let a workstation sign in at all).
 */
export const NETWORK_FOLDER = 'network';
const HOST_FILE = 'host.json';
const WORKSTATIONS_FILE = 'workstations.json';
/** A workstation's own file, in its data folder: which host it belongs to. */
export const WORKSTATION_FILE = 'workstation.json';

/**
 * Seals a private key to this computer's user where the operating system offers it (Electron's
 * safeStorage: DPAPI, the macOS keychain, libsecret); without one, the key file is readable by
 * the owner only (0600), like the key file of the clinic itself.
 */
export interface SecretBox {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

interface StoredKey {
  /** 'sealed' when a SecretBox sealed it (base64), 'plain' when it is a PEM in a 0600 file. */
  form: 'sealed' | 'plain';
  value: string;
}

function storeKey(pem: string, box: SecretBox | undefined): StoredKey {
  return box ? { form: 'sealed', value: box.seal(Buffer.from(pem)).toString('base64') } : { form: 'plain', value: pem };
}

function loadKey(k: StoredKey, box: SecretBox | undefined): string {
  if (k.form === 'plain') return k.value;
  if (!box) throw new Error('This computer’s network key was sealed by the operating system, which cannot open it now.');
  return box.open(Buffer.from(k.value, 'base64')).toString();
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileDurably(file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
}

// --- the host ------------------------------------------------------------------------------

export interface HostSettings {
  sharing: boolean;
  port: number;
  identity: Identity;
}

interface StoredHost {
  version: 1;
  sharing: boolean;
  port: number;
  cert: string;
  key: StoredKey;
}

export interface Registration {
  id: string;
  name: string;
  /** SHA-256 of the certificate the workstation presented when it paired (its identity from then on). */
  fingerprint: string;
  pairedAtMs: number;
  revokedAtMs: number | null;
}

export function readHostSettings(dataDir: string, box?: SecretBox): HostSettings | null {
  const s = readJson<StoredHost>(path.join(dataDir, NETWORK_FOLDER, HOST_FILE));
  if (!s || s.version !== 1) return null;
  return { sharing: s.sharing, port: s.port, identity: { cert: s.cert, key: loadKey(s.key, box) } };
}

export function writeHostSettings(dataDir: string, h: HostSettings, box?: SecretBox): void {
  const stored: StoredHost = {
    version: 1,
    sharing: h.sharing,
    port: h.port,
    cert: h.identity.cert,
    key: storeKey(h.identity.key, box),
  };
  writeJson(path.join(dataDir, NETWORK_FOLDER, HOST_FILE), stored);
}

export function readRegistrations(dataDir: string): Registration[] {
  return readJson<Registration[]>(path.join(dataDir, NETWORK_FOLDER, WORKSTATIONS_FILE)) ?? [];
}

export function writeRegistrations(dataDir: string, list: readonly Registration[]): void {
  writeJson(path.join(dataDir, NETWORK_FOLDER, WORKSTATIONS_FILE), list);
}

// --- a workstation -------------------------------------------------------------------------

export interface WorkstationSettings {
  id: string;
  name: string;
  clinicName: string;
  hostAddress: string;
  hostPort: number;
  /** The host's certificate, pinned at pairing: nothing else is trusted at that address. */
  hostCert: string;
  identity: Identity;
}

interface StoredWorkstation extends Omit<WorkstationSettings, 'identity'> {
  version: 1;
  cert: string;
  key: StoredKey;
}

export function isWorkstationFolder(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, WORKSTATION_FILE));
}

export function readWorkstationSettings(dataDir: string, box?: SecretBox): WorkstationSettings | null {
  const s = readJson<StoredWorkstation>(path.join(dataDir, WORKSTATION_FILE));
  if (!s || s.version !== 1) return null;
  const { version: _v, cert, key, ...rest } = s;
  return { ...rest, identity: { cert, key: loadKey(key, box) } };
}

export function writeWorkstationSettings(dataDir: string, w: WorkstationSettings, box?: SecretBox): void {
  const { identity, ...rest } = w;
  const stored: StoredWorkstation = { version: 1, ...rest, cert: identity.cert, key: storeKey(identity.key, box) };
  writeJson(path.join(dataDir, WORKSTATION_FILE), stored);
}

export function forgetWorkstationSettings(dataDir: string): void {
  fs.rmSync(path.join(dataDir, WORKSTATION_FILE), { force: true });
}
