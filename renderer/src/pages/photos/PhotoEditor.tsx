import { useEffect, useRef, useState } from 'react';
import { PHOTO_SCOPE_LABELS } from '../../../../shared/consents';
import { OBSERVATION_KIND_LABELS, OBSERVATION_KINDS, type ObservationKind } from '../../../../shared/observations';
import { PHOTO_SOURCE_LABELS, photoLabel, type Photo, type PhotoLibrary, type PhotoTags } from '../../../../shared/photos';
import { call, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { TagSelects } from './TagSelects';
import { DateInput } from '../../components/DateInput';
import { useFormat } from '../../format';
import { useReturnFocus } from '../../useReturnFocus';

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
  useReturnFocus();
  const format = useFormat();
  const [tags, setTags] = useState<PhotoTags>({
    takenOn: photo.takenOn,
    area: photo.area,
    view: photo.view,
    expression: photo.expression,
    phase: photo.phase,
    treatmentId: photo.treatmentId,
    // A photo taken in the app is the clinic's by definition; the others can be marked either way.
    ...(photo.source === 'capture' ? {} : { byPatient: photo.source === 'patient' }),
  });
  const [kind, setKind] = useState<ObservationKind>('movement_returning');
  const [observedArea, setObservedArea] = useState(photo.area ?? '');
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

  async function observe() {
    try {
      await call('observations.fromPhoto', {
        photoId: photo.id,
        kind,
        area: observedArea || null,
        note: '',
      });
      setStatus({
        ok: true,
        text: `Recorded: ${OBSERVATION_KIND_LABELS[kind].toLowerCase()} on ${format.date(photo.takenOn)}. The patient’s record and when due are updated.`,
      });
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
              {photo.originalName} · {photo.width} × {photo.height} · {PHOTO_SOURCE_LABELS[photo.source]} · {label.since} ·
              Consent on that day: {photo.consentScope ? PHOTO_SCOPE_LABELS[photo.consentScope] : 'none recorded'}
            </p>
            <p className="small" data-testid="photo-light">
              {photo.lightingCheck.state === 'checked'
                ? photo.lightingCheck.consistent
                  ? `Light: the same as ${photo.lightingCheck.referenceName}.`
                  : `Light: ${photo.lightingCheck.sentence}`
                : photo.lightingCheck.state === 'no_reference'
                  ? 'Light: no earlier photo of this view and expression to compare with.'
                  : 'Light: not measured yet.'}
            </p>
            <Field id="photo-taken-on" label="Date taken" hint={SOURCE_HINT[photo.takenOnSource]}>
              <DateInput value={tags.takenOn} max={today} onChange={(v) => setTags({ ...tags, takenOn: v })} />
            </Field>
            <TagSelects idPrefix="photo" tags={tags} onChange={setTags} areas={areas} treatments={library.treatments} />
            {photo.source !== 'capture' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={tags.byPatient === true}
                  onChange={(e) => setTags({ ...tags, byPatient: e.target.checked })}
                />
                Taken by the patient (shown as weeks after treatment)
              </label>
            )}
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
            <fieldset className="observe-fieldset">
              <legend>Seen on this photo</legend>
              <div className="observe-from-photo">
                <select aria-label="What is seen" value={kind} onChange={(e) => setKind(e.target.value as ObservationKind)}>
                  {OBSERVATION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {OBSERVATION_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
                <select aria-label="In which area" value={observedArea} onChange={(e) => setObservedArea(e.target.value)}>
                  <option value="">Area…</option>
                  {areas.map((a) => (
                    <option key={a.code} value={a.code}>
                      {a.name}
                    </option>
                  ))}
                </select>
                <button type="button" className="button button-secondary" disabled={!observedArea} onClick={() => void observe()}>
                  Record observation
                </button>
              </div>
              <p className="muted small">Dated the day the photo was taken ({format.date(photo.takenOn)}).</p>
            </fieldset>
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
