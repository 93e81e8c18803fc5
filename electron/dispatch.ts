import type { z } from 'zod';
import type { Contract, MethodName, OutputOf, ParsedInputOf, PublicMethod } from '../shared/contract';
import { contract, isMethodName } from '../shared/contract';
import type { Envelope } from '../shared/envelope';
import { ApiError } from '../shared/envelope';
import type { Actor } from '../shared/staff';
import type { Door } from '../shared/bridge';

/**
 * Where a call came from, reduced to what the guard needs; Electron and the test harness both
 * fill it from their own state, never from the page's input. `session` names the signed-in
 * session of that screen ('local' for the app's own window).
 */
export interface Sender {
  url: string;
  isMainFrame: boolean;
  session?: string;
  /** The page's invoke (the default), or the preload's file handover. */
  door?: Door;
}

/** What a handler knows about the caller: the signed-in person and their device. */
export interface CallContext {
  staff: Actor;
  /** The caller's session, for what is recorded once per session (opening a patient). */
  session: string;
}

/** What the sign-in methods know: which screen's session they act on. */
export interface PublicContext {
  session: string;
}

/** Where a screen's session stands, as the session keeper reports it for each call. */
export type CallerState =
  | { state: 'signed_in'; actor: Actor }
  | { state: 'locked'; actor: Actor }
  | { state: 'must_set_password'; actor: Actor }
  | { state: 'signed_out' }
  /** The clinic's database failed an integrity check: nothing more is written, the recovery screen shows. */
  | { state: 'damaged'; problem: string };

type ContextOf<M extends MethodName> = M extends PublicMethod ? PublicContext : CallContext;
export type Handler<M extends MethodName> = (input: ParsedInputOf<M>, ctx: ContextOf<M>) => OutputOf<M> | Promise<OutputOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
/** The handlers of an open clinic: every method but the sign-in ones. */
export type ClinicHandlers = Omit<Handlers, PublicMethod>;

export type Dispatch = (sender: Sender, method: unknown, input: unknown) => Promise<Envelope<unknown>>;

export const LOCAL_SESSION = 'local';

export interface DispatcherOptions {
  handlers: Handlers;
  /** The page we serve, e.g. "app://clinic" or the harness's "http://127.0.0.1:PORT". */
  trustedOrigin: string;
  /** Who is signed in on a session; asked on every call so a lock or sign-out takes effect at once. */
  caller: (session: string) => CallerState;
  /** A call made by a signed-in person: it keeps their session from locking for idleness. */
  onActivity?: (session: string) => void;
  onInternalError?: (method: string, err: unknown) => void;
  /** A clear message for a failure of the disk or database (see ../faults.ts), or null. */
  describeFault?: (err: unknown) => ApiError | null;
  /** Where the log file is, for the message of an unexpected failure. */
  logFile?: () => string;
}

/** True when `url` is a page of ours. Compares scheme and host, since custom schemes have an opaque origin. */
export function isTrustedUrl(url: string, trustedOrigin: string): boolean {
  let u: URL;
  let t: URL;
  try {
    u = new URL(url);
    t = new URL(trustedOrigin);
  } catch {
    return false;
  }
  return u.protocol === t.protocol && u.host === t.host && u.username === '' && u.password === '';
}

function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

function fail(error: ApiError, input?: unknown): Envelope<never> {
  const body = error.toBody();
  return { ok: false, error: input === undefined ? body : { ...body, message: limitEcho(body.message, input) } };
}

/** Every string in an input, however deep. */
function stringsOf(input: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || out.length > 1000) return out;
  if (typeof input === 'string') out.push(input);
  else if (Array.isArray(input)) for (const v of input) stringsOf(v, out, depth + 1);
  else if (input && typeof input === 'object') for (const v of Object.values(input)) stringsOf(v, out, depth + 1);
  return out;
}

export const MAX_ECHO = 100;

/**
 * An error message quotes at most 100 characters of what the caller sent: a longer piece of the
 * input in a message is cut there. (A message is read on a screen and may reach the log.)
 */
export function limitEcho(message: string, input: unknown): string {
  let out = message;
  for (const s of stringsOf(input)) {
    if (s.length <= MAX_ECHO) continue;
    while (out.includes(s)) out = out.replace(s, `${s.slice(0, MAX_ECHO)}…`);
  }
  return out;
}

/** Whether a method is one of the few callable without a signed-in, unlocked session. */
export function isPublic(method: MethodName): boolean {
  return (contract[method] as { public?: boolean }).public === true;
}

/**
 * The single entry point for every call: sender → method → session → role → input → handler.
 * Returns an envelope and never throws, so nothing leaks across IPC as an exception.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatch {
  return async (sender, method, input) => {
    if (!sender.isMainFrame || !isTrustedUrl(sender.url, opts.trustedOrigin)) {
      return fail(new ApiError('FORBIDDEN_SENDER', 'Calls are accepted only from the Clinic Records window.'));
    }
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 100) : typeof method;
      return fail(new ApiError('UNKNOWN_METHOD', `There is no method called ${JSON.stringify(shown)}.`));
    }
    const spec: Contract[MethodName] = contract[method];
    // Paths arrive only through the file handover, and the handover carries nothing else.
    const door = sender.door ?? 'page';
    if ((door === 'files') !== ((spec as { door?: string }).door === 'files')) {
      return fail(
        new ApiError(
          'FORBIDDEN_SENDER',
          door === 'files'
            ? 'The file handover only hands over files.'
            : 'Files reach the app from its file picker or a drop, never named by the page.',
        ),
      );
    }
    const session = sender.session ?? LOCAL_SESSION;
    let ctx: CallContext | PublicContext;
    if (isPublic(method)) {
      ctx = { session };
    } else {
      const caller = opts.caller(session);
      if (caller.state === 'signed_out') {
        return fail(new ApiError('NOT_SIGNED_IN', 'Sign in to continue.'));
      }
      if (caller.state === 'locked') {
        return fail(
          new ApiError('LOCKED', `The screen is locked. ${caller.actor.name} can unlock it with their PIN or password.`),
        );
      }
      if (caller.state === 'damaged') {
        return fail(
          new ApiError('DAMAGED', `The clinic’s database is damaged, so nothing more is saved: ${caller.problem.slice(0, 200)}`),
        );
      }
      if (caller.state === 'must_set_password') {
        return fail(new ApiError('NOT_SIGNED_IN', 'Choose your own password first.'));
      }
      const staff = caller.actor;
      if (!spec.roles.includes(staff.role)) {
        return fail(
          new ApiError('NOT_PERMITTED', `${staff.name} (${staff.role}) may not do this: ${spec.summary.toLowerCase()}.`),
        );
      }
      ctx = { staff, session };
    }
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error.issues);
      const first = Object.values(fields)[0] ?? 'The input is not valid.';
      return fail(new ApiError('INVALID_INPUT', first, fields), input);
    }
    try {
      const handler = opts.handlers[method] as (input: unknown, ctx: CallContext | PublicContext) => unknown;
      const value = await handler(parsed.data, ctx);
      if ('staff' in ctx) opts.onActivity?.(session);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ApiError) return fail(err, input);
      opts.onInternalError?.(method, err);
      // A full disk, a read-only folder, a locked or damaged database: say which, and what to do.
      const known = opts.describeFault?.(err);
      if (known) return fail(known);
      return fail(
        new ApiError(
          'INTERNAL',
          `Something went wrong and nothing was changed. The details are in the log${opts.logFile ? `: ${opts.logFile()}` : ''}.`,
        ),
      );
    }
  };
}
