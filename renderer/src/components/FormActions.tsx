import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/envelope';
import { errorMessage } from '../api';
import { Icon } from './Icon';

export type SaveStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; message: string } | { kind: 'error'; message: string };

/**
 * What a refused save means for a form: the per-field messages when the input was
 * invalid, and the line for the status bar. Nothing was saved in either case.
 */
export function refusedSave(err: unknown, what = 'fields'): { fields: Record<string, string> | null; status: SaveStatus } {
  if (err instanceof ApiError && err.code === 'INVALID_INPUT' && err.fields) {
    return {
      fields: err.fields,
      status: { kind: 'error', message: `Nothing was saved. Correct the highlighted ${what} and save again.` },
    };
  }
  // A workstation that lost the clinic's computer says itself whether anything was saved.
  if (err instanceof ApiError && err.code === 'HOST_UNREACHABLE')
    return { fields: null, status: { kind: 'error', message: err.message } };
  return { fields: null, status: { kind: 'error', message: `Nothing was saved: ${errorMessage(err)}` } };
}

/** The sticky bar under an editing form: what happened, then Discard and Save. */
export function FormActions({
  status,
  dirty,
  onDiscard,
  saveLabel,
  children,
}: {
  status: SaveStatus;
  dirty: boolean;
  onDiscard: () => void;
  saveLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <div className="form-status" role="status" aria-live="polite">
        {status.kind === 'saved' && (
          <span className="status-ok">
            <Icon name="check" size={18} /> {status.message}
          </span>
        )}
        {status.kind === 'error' && <span className="status-error">{status.message}</span>}
        {status.kind === 'idle' && dirty && <span className="muted">You have unsaved changes</span>}
      </div>
      {children}
      <button type="button" className="button button-secondary" onClick={onDiscard} disabled={!dirty || status.kind === 'saving'}>
        Discard changes
      </button>
      <button type="submit" className="button button-primary" disabled={status.kind === 'saving'}>
        {status.kind === 'saving' ? 'Saving…' : saveLabel}
      </button>
    </div>
  );
}
