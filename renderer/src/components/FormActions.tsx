import type { ReactNode } from 'react';
import { Icon } from './Icon';

export type SaveStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; message: string } | { kind: 'error'; message: string };

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
