import type { z } from 'zod';
import type { Contract, MethodName, OutputOf, ParsedInputOf } from '../shared/contract';
import { contract, isMethodName } from '../shared/contract';
import type { Envelope } from '../shared/envelope';
import { ApiError } from '../shared/envelope';
import type { StaffMember } from '../shared/staff';

/** Where a call came from, reduced to what the guard needs; Electron and the test harness both fill it. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
}

export interface CallContext {
  staff: StaffMember;
}

export type Handler<M extends MethodName> = (input: ParsedInputOf<M>, ctx: CallContext) => OutputOf<M> | Promise<OutputOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export type Dispatch = (sender: Sender, method: unknown, input: unknown) => Promise<Envelope<unknown>>;

export interface DispatcherOptions {
  handlers: Handlers;
  /** The page we serve, e.g. "app://clinic" or the harness's "http://127.0.0.1:PORT". */
  trustedOrigin: string;
  /** Who is signed in; asked on every call so a sign-out takes effect at once. */
  currentStaff: () => StaffMember;
  onInternalError?: (method: string, err: unknown) => void;
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

function fail(error: ApiError): Envelope<never> {
  return { ok: false, error: error.toBody() };
}

/**
 * The single entry point for every call: sender → method → role → input → handler.
 * Returns an envelope and never throws, so nothing leaks across IPC as an exception.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatch {
  return async (sender, method, input) => {
    if (!sender.isMainFrame || !isTrustedUrl(sender.url, opts.trustedOrigin)) {
      return fail(new ApiError('FORBIDDEN_SENDER', 'Calls are accepted only from the Clinic Records window.'));
    }
    if (!isMethodName(method)) {
      return fail(new ApiError('UNKNOWN_METHOD', `There is no method called ${JSON.stringify(method)}.`));
    }
    const spec: Contract[MethodName] = contract[method];
    const staff = opts.currentStaff();
    if (!spec.roles.includes(staff.role)) {
      return fail(new ApiError('NOT_PERMITTED', `${staff.name} (${staff.role}) may not do this: ${spec.summary.toLowerCase()}.`));
    }
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error.issues);
      const first = Object.values(fields)[0] ?? 'The input is not valid.';
      return fail(new ApiError('INVALID_INPUT', first, fields));
    }
    try {
      const handler = opts.handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, { staff });
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ApiError) return fail(err);
      opts.onInternalError?.(method, err);
      return fail(new ApiError('INTERNAL', 'Something went wrong and nothing was changed. The details are in the log.'));
    }
  };
}
