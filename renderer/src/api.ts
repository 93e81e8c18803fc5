import type { ClinicBridge } from '../../shared/bridge';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import { ApiError } from '../../shared/envelope';
import type { StagedFile } from '../../shared/photos';

declare global {
  interface Window {
    clinic: ClinicBridge;
  }
}

/**
 * The renderer's whole view of the main process. Method names, inputs and outputs
 * all come from shared/contract.ts; a failed envelope becomes a thrown ApiError.
 */
export async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const envelope = await window.clinic.invoke(method, input);
  if (envelope.ok) return envelope.value as OutputOf<M>;
  const { code } = envelope.error;
  // The session locked or ended behind the page's back (idle, the computer slept, another
  // screen revoked it): tell the sign-in gate to look again.
  if ((code === 'LOCKED' || code === 'NOT_SIGNED_IN' || code === 'DAMAGED') && !method.startsWith('auth.')) {
    window.dispatchEvent(new Event(AUTH_CHANGED));
  }
  throw new ApiError(code, envelope.error.message, envelope.error.fields);
}

/** Hands the user's chosen or dropped files over for photo import (the contract's photos.stage, by the files door). */
export async function stageFiles(files: File[]): Promise<StagedFile[]> {
  const envelope = await window.clinic.stageFiles(files);
  if (envelope.ok) return envelope.value;
  const { code } = envelope.error;
  if (code === 'LOCKED' || code === 'NOT_SIGNED_IN') window.dispatchEvent(new Event(AUTH_CHANGED));
  throw new ApiError(code, envelope.error.message, envelope.error.fields);
}

/** Fired when a call finds the session locked or signed out. */
export const AUTH_CHANGED = 'clinic:auth-changed';

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
