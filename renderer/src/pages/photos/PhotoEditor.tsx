import { useEffect, useRef, useState } from 'react';
import { PHOTO_SCOPE_LABELS } from '../../../../shared/consents';
import { photoLabel, type Photo, type PhotoLibrary, type PhotoTags } from '../../../../shared/photos';
import { call, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { TagSelects } from './TagSelects';
import { DateInput } from '../../components/DateInput';
import { useFormat } from '../../format';

const SOURCE_HINT: Record<Photo['takenOnSource'], string> = {
  camera: 'From the camera’s own record',
  import: 'The file had no date: this is the day it was imported. Check it.',
  edited: 'Changed by hand',
};

/** One photo's details: its preview, date and tags, and delete (with a reason, kept for the audit trail). */
export function PhotoEditor({
  photo,
  library,
  areas,
  today,
  onSaved,
  onDeleted,
  onClose,
  onNext,
}: {
  photo: Photo;
  library: PhotoLibrary;
  areas: { code: string; name: string }[];
  today: string;
  onSaved: (p: Photo) => void;
  onDeleted: () => void;
  onClose: () => void;
  /** Opens the next photo of the timeline; absent on the last one. */
  onNext?: () => void;
}) {
  const format = useFormat();
  const [tags, setTags] = useState<PhotoTags>({
    takenOn: photo.takenOn,
    area: photo.area,
    view: photo.view,
    expression: photo.expression,
    phase: photo.phase,
    treatmentId: photo.treatmentId,
  });
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [reason, setReason] = useState('');
  const label = photoLabel(photo, format.longDate);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function save(thenNext = false) {
    try {
      const saved = await call('photos.update', { id: photo.id, tags });
      setStatus({ ok: true, text: 'Saved.' });
      onSaved(saved);
      if (thenNext) onNext?.();
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    }
  }

  async function remove() {
    try {
      await call('photos.delete', { id: photo.id, reason });
      onDeleted();
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal photo-editor" role="dialog" aria-modal="true" aria-labelledby="photo-editor-heading" ref={dialog}>
        <header className="modal-header">
          <h2 id="photo-editor-heading">{label.date}</h2>
          <button type="button" className="button button-link" onClick={onClose}>
            Close
          </button>
        </header>
        <div className="photo-editor-body">
          <img
            className="photo-editor-preview"
            src={`/photo/${photo.id}/preview`}
            alt={`${label.pose || 'Photo'}, ${label.date}`}
          />
          <div className="photo-editor-form">
            <p className="muted small">
              {photo.originalName} · {photo.width} × {photo.height} · {label.since} · Consent on that day:{' '}
              {photo.consentScope ? PHOTO_SCOPE_LABELS[photo.consentScope] : 'none recorded'}
            </p>
            <Field id="photo-taken-on" label="Date taken" hint={SOURCE_HINT[photo.takenOnSource]}>
              <DateInput value={tags.takenOn} max={today} onChange={(v) => setTags({ ...tags, takenOn: v })} />
            </Field>
            <TagSelects idPrefix="photo" tags={tags} onChange={setTags} areas={areas} treatments={library.treatments} />
            <div className="callout-actions">
              <button type="button" className="button button-primary" onClick={() => void save()}>
                Save tags
              </button>
              {onNext && (
                <button type="button" className="button button-secondary" onClick={() => void save(true)}>
                  Save and next photo
                </button>
              )}
              <button type="button" className="button button-secondary" onClick={() => setDeleting(true)}>
                Delete photo…
              </button>
            </div>
            {deleting && (
              <div className="callout callout-warn" role="alertdialog" aria-label="Delete this photo?">
                <div>
                  <strong>Delete this photo?</strong>
                  <p>
                    It disappears from the library and comparisons; the file and the record of who deleted it and why are kept.
                  </p>
                  <Field id="photo-delete-reason" label="Reason">
                    <input value={reason} onChange={(e) => setReason(e.target.value)} />
                  </Field>
                  <div className="callout-actions">
                    <button type="button" className="button button-secondary" onClick={() => setDeleting(false)}>
                      Keep photo
                    </button>
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={!reason.trim()}
                      onClick={() => void remove()}
                    >
                      Delete photo
                    </button>
                  </div>
                </div>
              </div>
            )}
            {status && (
              <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'status-ok' : 'status-error'}>
                {status.text}
              </p>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
