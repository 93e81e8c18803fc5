import { useRef, useState, type DragEvent } from 'react';
import {
  PHOTO_EXPRESSION_LABELS,
  PHOTO_PHASE_LABELS,
  PHOTO_VIEW_LABELS,
  type ImportTags,
  type PhotoLibrary,
  type StagedFile,
} from '../../../../shared/photos';
import { call, errorMessage, stageFiles } from '../../api';
import { TagSelects } from './TagSelects';
import { useFormat } from '../../format';
import { DateInput } from '../../components/DateInput';
import { isValidDay } from '../../../../shared/time';

interface FileOutcome {
  name: string;
  ok: boolean;
  message: string;
}

interface Run {
  total: number;
  done: number;
  current: string | null;
  running: boolean;
  cancelled: boolean;
  outcomes: FileOutcome[];
}

function tagSummary(tags: ImportTags, areas: { code: string; name: string }[], treatments: { id: number; label: string }[]) {
  return [
    tags.area && areas.find((a) => a.code === tags.area)?.name,
    tags.view && PHOTO_VIEW_LABELS[tags.view],
    tags.expression && PHOTO_EXPRESSION_LABELS[tags.expression],
    tags.phase && PHOTO_PHASE_LABELS[tags.phase],
    tags.treatmentId && `treatment ${treatments.find((t) => t.id === tags.treatmentId)?.label ?? ''}`,
    tags.byPatient && 'taken by the patient',
  ]
    .filter(Boolean)
    .join(' · ');
}

const ACCEPT = '.jpg,.jpeg,.png,.webp,.tif,.tiff,.heic,.heif,image/*';
const EMPTY_TAGS: ImportTags = { area: null, view: null, expression: null, phase: null, treatmentId: null };

/**
 * Import: the file dialog, a folder, or files dropped on the panel. Each file is handed to
 * the main process (it gets a token back, never a path in the page) and imported one call
 * at a time, so the progress bar is exact and Cancel stops before the next file.
 */
export function ImportPanel({
  patientId,
  library,
  areas,
  today,
  onImported,
}: {
  patientId: number;
  library: PhotoLibrary;
  today: string;
  areas: { code: string; name: string }[];
  onImported: () => void;
}) {
  const format = useFormat();
  const [tags, setTags] = useState<ImportTags>(EMPTY_TAGS);
  /** For a patient's own photos: the day they were taken, used when a file does not say. */
  const [patientDay, setPatientDay] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const [dragging, setDragging] = useState(false);
  // With photos already there the tags fold into one line, so the timeline stays in view.
  const [tagsOpen, setTagsOpen] = useState(library.photos.length === 0);
  const cancelRef = useRef(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  async function importStaged(s: StagedFile): Promise<FileOutcome> {
    if (!s.token) return { name: s.name, ok: false, message: s.problem ?? 'cannot be imported' };
    try {
      const photo = await call('photos.import', {
        patientId,
        token: s.token,
        tags,
        ...(tags.byPatient && isValidDay(patientDay) ? { takenOnIfNone: patientDay } : {}),
      });
      const light =
        photo.lightingCheck.state === 'checked' && !photo.lightingCheck.consistent
          ? ` Light: ${photo.lightingCheck.sentence}`
          : '';
      return {
        name: s.name,
        ok: true,
        message:
          (photo.takenOnSource === 'camera'
            ? `imported, taken ${format.date(photo.takenOn)}`
            : photo.takenOnSource === 'edited'
              ? `imported; the file has no date taken, so ${format.date(photo.takenOn)} (the day given) is used`
              : 'imported; the file has no date taken, so today is used: check it') + light,
      };
    } catch (err) {
      return { name: s.name, ok: false, message: errorMessage(err).replace(`${s.name}: `, '') };
    }
  }

  async function importFiles(files: File[], fromFolder: boolean) {
    if (run?.running) return;
    cancelRef.current = false;
    if (files.length === 0) {
      setRun({
        total: 0,
        done: 0,
        current: null,
        running: false,
        cancelled: false,
        outcomes: [
          {
            name: fromFolder ? 'The folder' : 'Nothing',
            ok: false,
            message: fromFolder ? 'has no files in it.' : 'was chosen.',
          },
        ],
      });
      return;
    }
    const outcomes: FileOutcome[] = [];
    const update = (patch: Partial<Run>) =>
      setRun((r) => ({
        ...(r ?? { total: files.length, done: 0, current: null, running: true, cancelled: false, outcomes }),
        ...patch,
      }));
    update({ total: files.length, done: 0, current: 'Preparing…', running: true, cancelled: false, outcomes: [] });
    let staged;
    try {
      staged = await stageFiles(files);
    } catch (err) {
      update({ running: false, current: null, outcomes: [{ name: 'Import', ok: false, message: errorMessage(err) }] });
      return;
    }
    // Two files at a time: sharp decodes on the main process's thread pool, and two keep
    // both cores of a small clinic computer busy. Outcomes stay in the order the files came.
    const results: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(staged.length);
    let next = 0;
    let finished = 0;
    let imported = 0;
    const worker = async () => {
      for (let i = next++; i < staged.length && !cancelRef.current; i = next++) {
        const s = staged[i]!;
        update({ current: s.name, total: staged.length, done: finished });
        results[i] = await importStaged(s);
        if (results[i]!.ok) imported++;
        finished++;
        update({ done: finished, outcomes: results.filter((r): r is FileOutcome => r !== undefined) });
      }
    };
    await Promise.all([worker(), worker()]);
    staged.forEach((s, i) => {
      results[i] ??= { name: s.name, ok: false, message: 'not imported: the import was cancelled' };
    });
    outcomes.push(...(results as FileOutcome[]));
    update({ running: false, current: null, done: staged.length, cancelled: cancelRef.current, outcomes: [...outcomes] });
    if (imported > 0) onImported();
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void importFiles(Array.from(e.dataTransfer.files), false);
  }

  const failed = run?.outcomes.filter((o) => !o.ok).length ?? 0;
  const succeeded = run?.outcomes.filter((o) => o.ok).length ?? 0;

  return (
    <section className="card import-photos" aria-labelledby="import-photos-heading">
      <div className="card-header">
        <h2 id="import-photos-heading" className="section-title">
          Import photos
        </h2>
        <button type="button" className="button button-link" aria-expanded={tagsOpen} onClick={() => setTagsOpen(!tagsOpen)}>
          {tagsOpen ? 'Hide tags' : 'Tags for this import…'}
        </button>
      </div>
      {tagsOpen ? (
        <>
          <p className="muted small">
            Tags chosen here are given to every photo of this import; each photo can be changed afterwards. Locations and other
            camera details are removed from the copies the app shows and exports; the original file is kept unchanged.
          </p>
          <TagSelects idPrefix="import" tags={tags} onChange={setTags} areas={areas} treatments={library.treatments} />
          <div className="import-by-patient">
            <label className="check">
              <input
                type="checkbox"
                checked={tags.byPatient === true}
                onChange={(e) => setTags({ ...tags, byPatient: e.target.checked })}
              />
              Sent by the patient (taken by the patient)
            </label>
            {tags.byPatient && (
              <div className="field">
                <label htmlFor="import-patient-day">Taken on, if a file does not say</label>
                <DateInput id="import-patient-day" max={today} value={patientDay} onChange={setPatientDay} />
              </div>
            )}
          </div>
        </>
      ) : (
        <p className="muted small" data-testid="import-tags-summary">
          Tags for this import: {tagSummary(tags, areas, library.treatments) || 'none (tag each photo afterwards)'}
        </p>
      )}
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          <strong>Drop photos or a folder here</strong>, or
        </p>
        <div className="drop-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={run?.running}
            onClick={() => filesInput.current?.click()}
          >
            Choose photos…
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={run?.running}
            onClick={() => folderInput.current?.click()}
          >
            Choose a folder…
          </button>
        </div>
        <p className="muted small">JPEG, PNG, WebP, TIFF and HEIC (iPhone), up to 50 MB each.</p>
        <input
          ref={filesInput}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          aria-label="Photos to import"
          data-testid="photo-files"
          onChange={(e) => {
            void importFiles(Array.from(e.target.files ?? []), false);
            e.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Folder to import"
          data-testid="photo-folder"
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            void importFiles(Array.from(e.target.files ?? []), true);
            e.target.value = '';
          }}
        />
      </div>
      {run && (
        <div className="import-run" aria-live="polite">
          {run.running ? (
            <>
              <label htmlFor="import-progress" className="small">
                Importing {Math.min(run.done + 1, run.total)} of {run.total}: {run.current}
              </label>
              <div className="import-progress-row">
                <progress id="import-progress" max={run.total} value={run.done} />
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    cancelRef.current = true;
                  }}
                >
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <p role="status" className={failed > 0 ? 'status-error' : 'status-ok'}>
              {run.cancelled ? 'Import cancelled. ' : ''}
              {succeeded} imported{failed > 0 ? `, ${failed} not imported` : ''}.
            </p>
          )}
          {run.outcomes.length > 0 && (
            <ul className="import-outcomes" data-testid="import-outcomes">
              {run.outcomes.map((o, i) => (
                <li key={`${o.name}-${i}`} className={o.ok ? 'outcome-ok' : 'outcome-bad'}>
                  <strong>{o.name}</strong> {o.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
