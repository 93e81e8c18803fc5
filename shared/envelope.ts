/** What every API call returns across the process boundary: never a thrown error. */
export type ErrorCode =
  | 'FORBIDDEN_SENDER'
  | 'UNKNOWN_METHOD'
  | 'INVALID_INPUT'
  /** No one is signed in on this screen (or the session ended): sign in first. */
  | 'NOT_SIGNED_IN'
  /** The session is locked: unlock it (PIN or password) first. */
  | 'LOCKED'
  /** Too many failed attempts: wait, the message says how long. */
  | 'TOO_MANY_ATTEMPTS'
  /** The clinic's database failed an integrity check: writes stop until it is restored. */
  | 'DAMAGED'
  /** The disk is full, or the data folder cannot be written: nothing was saved. */
  | 'STORAGE'
  | 'NOT_PERMITTED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** For INVALID_INPUT: a message per field path ("openingHours.2.closes"). */
  fields?: Record<string, string>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown inside handlers (main) and by the client (renderer); converted to and from envelopes. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }

  toBody(): ApiErrorBody {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}
