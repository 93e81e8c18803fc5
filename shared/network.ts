import { z } from 'zod';
import type { MethodName } from './contract';
import type { Role } from './staff';

/**
 * Several computers, one clinic. One computer is the clinic's host (it keeps the encrypted
 * database and photos); the others are workstations that use the same contract on the host over
 * the clinic's network. These are the words both sides and the screens share.
 */

/** A pairing code is six digits, good for five minutes and for one workstation. */
export const PAIRING_CODE_DIGITS = 6;
export const PAIRING_CODE_LIFETIME_MS = 5 * 60_000;
/** Wrong codes tried against one pairing code before it is thrown away (a new one must be made). */
export const PAIRING_CODE_TRIES = 5;
/** The port a host listens on unless the owner chooses another. */
export const DEFAULT_HOST_PORT = 47_300;
/** The mDNS service type hosts announce themselves under ("_clinicrecords._tcp"). */
export const SERVICE_TYPE = 'clinicrecords';
/** A workstation says the host cannot be reached when it has heard nothing for this long. */
export const SILENCE_LIMIT_MS = 3_000;
/** The host's heartbeat on each workstation's event stream. */
export const HEARTBEAT_MS = 1_000;
/** How long a workstation's session token lives; the workstation renews it well before. */
export const TOKEN_LIFETIME_MS = 5 * 60_000;

/** How this computer takes part: on its own, sharing its clinic (host), or using another's (workstation). */
export type NetworkRole = 'standalone' | 'host' | 'workstation';

/**
 * Where a workstation stands with its host:
 * - online: calls go through;
 * - connecting: first contact since the app started;
 * - offline: the host has not answered for a few seconds (the workstation keeps trying);
 * - revoked: the host withdrew this workstation's pairing;
 * - host_changed: something answered at the host's address with another certificate (a different
 *   computer, or someone in between): nothing is sent to it.
 */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'revoked' | 'host_changed';

export interface NetworkMode {
  role: NetworkRole;
  /** The clinic's name (the host's, on a workstation). */
  clinicName: string;
  /** On a workstation: its own name, the host's address, and the connection. */
  workstation: {
    name: string;
    hostAddress: string;
    hostFingerprint: string;
    state: ConnectionState;
    /** When the present state began (this computer's clock). */
    sinceMs: number;
    /** The state in words, for the banner. */
    message: string;
  } | null;
}

/** A host found on the network by its mDNS announcement. */
export interface FoundHost {
  clinicName: string;
  address: string;
  port: number;
  /** The start of its certificate's fingerprint as announced (checked again over TLS before pairing). */
  announcedFingerprint: string;
}

/** What a workstation learns about a host by opening a TLS connection to it, before pairing. */
export interface HostInspection {
  address: string;
  port: number;
  /** The name in the host's certificate (the clinic's name when sharing was set up). */
  clinicName: string;
  /** SHA-256 of the host's certificate, as "AB:CD:…". */
  fingerprint: string;
}

export interface WorkstationView {
  id: string;
  name: string;
  /** The start of its certificate's fingerprint, to tell two of the same name apart. */
  fingerprint: string;
  pairedAtMs: number;
  revokedAtMs: number | null;
  /** The last request it made (any kind), or null if none since pairing. */
  lastSeenMs: number | null;
  /** Whether its live-update stream is open now. */
  connected: boolean;
  address: string | null;
  signedIn: { name: string; role: Role; state: 'signed_in' | 'locked' | 'must_set_password' } | null;
}

export interface HostView {
  sharing: boolean;
  port: number;
  /** The addresses of this computer on the clinic's network, for typing into a workstation. */
  addresses: string[];
  /** SHA-256 of this host's certificate (null until sharing was first switched on). */
  fingerprint: string | null;
  clinicName: string;
  /** The pairing code on offer, if any. */
  pairing: { code: string; expiresAtMs: number; triesLeft: number } | null;
  /** Now, on the host's clock, for the countdown and "last seen". */
  nowMs: number;
  /** Who is signed in on this computer's own screen. */
  hereSignedIn: { name: string; role: Role; state: 'signed_in' | 'locked' | 'must_set_password' } | null;
  workstations: WorkstationView[];
  /** Why sharing could not start (the port in use, say), when it could not. */
  problem: string | null;
}

/** A change on the host that other screens may be showing, pushed to every workstation within a second. */
export interface ClinicChange {
  /** The contract namespace that changed ("appointments", "patients", "photos"…). */
  topic: string;
  /** The patient concerned, when there is one. */
  patientId: number | null;
}

/** What the main process pushes to its window besides call answers. */
export type LiveEvent =
  | { kind: 'change'; change: ClinicChange }
  | { kind: 'connection'; mode: NetworkMode }
  /** The session of this screen was ended elsewhere (the workstation revoked, the host restarted): ask who is signed in. */
  | { kind: 'session' };

const address = z
  .string()
  .trim()
  .min(1, 'Enter the address shown on the clinic’s computer')
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'An address such as 192.168.1.20');
const port = z.number().int().min(1024, 'A port from 1024 to 65535').max(65_535, 'A port from 1024 to 65535');

export const inspectHostInputSchema = z.object({ address, port }).strict();

export const pairInputSchema = z
  .object({
    address,
    port,
    /** The fingerprint the person saw and compared: pairing stops if the host now shows another. */
    fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'The host’s fingerprint'),
    code: z
      .string()
      .trim()
      .transform((s) => s.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, 'The six digits shown on the clinic’s computer')),
    name: z.string().trim().min(1, 'Name this computer, such as “Reception desk”').max(60, 'Keep it under 60 characters'),
  })
  .strict();
export type PairInput = z.input<typeof pairInputSchema>;

export const shareInputSchema = z.object({ on: z.boolean(), port }).strict();

/**
 * Methods that change nothing in the clinic. Everything else counts as a change: a workstation
 * that cannot reach its host refuses it at once, the host keeps its answer against the call's
 * idempotency key, and the other screens hear of it. A method missing here is treated as a change,
 * which is the safe mistake.
 */
export const READ_ONLY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'auth.status',
  'security.get',
  'audit.search',
  'audit.verify',
  'settings.get',
  'ruleSettings.get',
  'patients.list',
  'patients.get',
  'patients.findDuplicates',
  'consents.list',
  'team.list',
  'catalogue.get',
  'lots.recall',
  'treatments.list',
  'treatments.get',
  'treatments.prefill',
  'schedule.get',
  'recall.list',
  'import.preview',
  'calendar.setup',
  'appointments.range',
  'appointments.preview',
  'appointments.usualType',
  'appointments.history',
  'sheets.days',
  'calendar.ics',
  'today.summary',
  'photos.library',
  'photos.recent',
  'mailSettings.get',
  'templates.list',
  'templates.preview',
  'outbox.list',
  'outbox.digest',
  'outbox.ofPatient',
  'plan.get',
  'network.mode',
  'network.host',
  'network.findHosts',
  'network.inspectHost',
]);

export function changesNothing(method: string): boolean {
  return READ_ONLY_METHODS.has(method as MethodName);
}

/** "AB:CD:EF:…" shown in groups of four hex digits, the first eight groups (what people compare). */
export function shortFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '');
  return (hex.slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}
