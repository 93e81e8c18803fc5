import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TemplatePreview } from '../../../../shared/contract';
import { DEFAULT_TEMPLATES } from '../../../../shared/messageDefaults';
import {
  DATE_MEANING,
  documentBlocks,
  KIND_FIELDS,
  KIND_LABELS,
  KIND_TIMING,
  MERGE_FIELDS,
  TEMPLATE_KINDS,
  templateProblems,
  type Template,
  type TemplateInput,
  type TemplateKind,
  type TemplatePart,
} from '../../../../shared/messages';
import { displayName, type PatientSummary } from '../../../../shared/patients';
import type { ClinicSettings } from '../../../../shared/settings';
import { call, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { FormActions, refusedSave, type SaveStatus } from '../../components/FormActions';
import { useCall } from '../../useCall';
import { DocumentView } from '../patients/PlanPage';

const isKind = (s: string | null): s is TemplateKind => s !== null && (TEMPLATE_KINDS as readonly string[]).includes(s);

function timingText(t: Template): string {
  if (t.kind === 'treatment_plan') return 'Printed or e-mailed after charting';
  const timing = KIND_TIMING[t.kind];
  if (t.lead === 0) return timing.onTheDay;
  return `${t.lead} ${t.lead === 1 ? timing.unit.replace(/s$/, '') : timing.unit} ${timing.before}`;
}

/** Kinds and templates: each kind on or off, its timing and wording, with a preview for a real patient. */
export function TemplatesPage({ selected, settings }: { selected: string | null; settings: ClinicSettings }) {
  const templates = useCall('templates.list', {});
  const kind: TemplateKind = isKind(selected) ? selected : 'appointment_reminder';
  const current = templates.data?.find((t) => t.kind === kind);
  return (
    <div className="templates-layout">
      <nav className="kind-list card" aria-label="Message kinds">
        <ul>
          {(templates.data ?? []).map((t) => (
            <li key={t.kind}>
              <a href={`#/messages/templates/${t.kind}`} aria-current={t.kind === kind ? 'page' : undefined}>
                <span className="kind-name">{KIND_LABELS[t.kind]}</span>
                <span className="kind-meta">
                  {t.kind !== 'treatment_plan' && (
                    <span className={`pill ${t.enabled ? 'pill-ok' : 'pill-muted'}`}>{t.enabled ? 'On' : 'Off'}</span>
                  )}
                  <span className="muted small">{timingText(t)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {templates.error && <p className="status-error">{templates.error}</p>}
      {current && <TemplateEditor key={kind} template={current} onSaved={templates.set} settings={settings} />}
    </div>
  );
}

function inputOf(t: Template): TemplateInput {
  return { kind: t.kind, enabled: t.enabled, lead: t.lead, subject: t.subject, body: t.body, smsBody: t.smsBody };
}

function TemplateEditor({
  template,
  onSaved,
  settings,
}: {
  template: Template;
  onSaved: (all: Template[]) => void;
  settings: ClinicSettings;
}) {
  const [draft, setDraft] = useState<TemplateInput>(() => inputOf(template));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const kind = template.kind;
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(inputOf(template)), [draft, template]);
  const timing = kind === 'treatment_plan' ? null : KIND_TIMING[kind];
  // What is wrong, as you type; the main process checks again on save.
  const live = useMemo(() => {
    const out: Partial<Record<TemplatePart, string>> = {};
    for (const part of ['subject', 'body', 'smsBody'] as const) {
      const p = templateProblems(kind, part, draft[part]);
      if (p.length > 0) out[part] = p.join('. ');
    }
    return out;
  }, [draft, kind]);

  function update(patch: Partial<TemplateInput>) {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus({ kind: 'idle' });
    setErrors({});
  }

  function insertField(name: string) {
    const el = bodyRef.current;
    const token = `{{${name}}}`;
    if (!el) return update({ body: draft.body + token });
    const start = el.selectionStart ?? draft.body.length;
    const end = el.selectionEnd ?? start;
    update({ body: draft.body.slice(0, start) + token + draft.body.slice(end) });
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      onSaved(await call('templates.save', draft));
      setStatus({ kind: 'saved', message: `${KIND_LABELS[kind]} saved` });
    } catch (err) {
      const refused = refusedSave(err);
      setStatus(refused.status);
      if (refused.fields) setErrors(refused.fields);
    }
  }

  const error = (part: keyof TemplateInput) => errors[part] ?? (part in live ? live[part as TemplatePart] : undefined);

  return (
    <div className="template-columns">
      <form className="card template-form" onSubmit={(e) => void save(e)} noValidate aria-label={`${KIND_LABELS[kind]} template`}>
        <h2 className="section-title">{KIND_LABELS[kind]}</h2>
        {timing && (
          <div className="timing-row">
            <label className="switch">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
              <span>{draft.enabled ? 'Sent automatically' : 'Not sent'}</span>
            </label>
            <label className="inline-label">
              Send
              <input
                className="lead-input"
                type="number"
                min={0}
                max={timing.max}
                value={draft.lead}
                aria-label={`How many ${timing.unit} ${timing.before}`}
                aria-invalid={errors.lead ? true : undefined}
                onChange={(e) => update({ lead: Number(e.target.value) })}
              />
              {timing.unit} {timing.before}
            </label>
            {errors.lead && (
              <p className="field-error" role="alert">
                {errors.lead}
              </p>
            )}
          </div>
        )}
        <p className="muted small">
          In this message <code>{'{{date}}'}</code> is {DATE_MEANING[kind]}. A line whose fields are all empty is left out.
          {kind === 'treatment_plan' && ' A line starting with “# ” is a heading and one starting with “- ” a list item.'}
        </p>
        <Field id="tpl-subject" label="Subject" error={error('subject')}>
          <input value={draft.subject} onChange={(e) => update({ subject: e.target.value })} />
        </Field>
        <Field id="tpl-body" label={kind === 'treatment_plan' ? 'The plan' : 'E-mail'} error={error('body')}>
          <textarea
            ref={bodyRef}
            className="template-text"
            rows={kind === 'treatment_plan' ? 22 : 11}
            value={draft.body}
            onChange={(e) => update({ body: e.target.value })}
          />
        </Field>
        <div className="field-chips" role="group" aria-label="Insert a field">
          {KIND_FIELDS[kind].map((f) => (
            <button key={f} type="button" className="chip" title={MERGE_FIELDS[f]} onClick={() => insertField(f)}>
              {`{{${f}}}`}
            </button>
          ))}
        </div>
        {kind !== 'treatment_plan' && (
          <Field
            id="tpl-sms"
            label="Text message"
            hint={`${draft.smsBody.length} characters before the fields are filled in; one text holds 160.`}
            error={error('smsBody')}
          >
            <textarea rows={3} value={draft.smsBody} onChange={(e) => update({ smsBody: e.target.value })} />
          </Field>
        )}
        <FormActions
          status={status}
          dirty={dirty}
          onDiscard={() => {
            setDraft(inputOf(template));
            setErrors({});
            setStatus({ kind: 'idle' });
          }}
          saveLabel="Save"
        >
          <button type="button" className="button button-link" onClick={() => update({ ...DEFAULT_TEMPLATES[kind] })}>
            Restore the starting wording
          </button>
        </FormActions>
      </form>
      <Preview draft={draft} settings={settings} />
    </div>
  );
}

function Preview({ draft, settings }: { draft: TemplateInput; settings: ClinicSettings }) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<PatientSummary[]>([]);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let latest = true;
    void call('patients.list', { text: search, sort: search ? 'name' : 'recent', includeArchived: false })
      .then((l) => {
        if (!latest) return;
        setFound(l.patients.slice(0, 6));
        setPatient((p) => p ?? l.patients[0] ?? null);
      })
      .catch(() => undefined);
    return () => {
      latest = false;
    };
  }, [search]);

  const { kind, subject, body, smsBody } = draft;
  const patientId = patient?.id ?? null;
  useEffect(() => {
    if (patientId === null) return;
    let latest = true;
    const t = setTimeout(() => {
      call('templates.preview', { kind, subject, body, smsBody, patientId })
        .then((p) => {
          if (!latest) return;
          setPreview(p);
          setError(null);
        })
        .catch((err: unknown) => latest && setError(errorMessage(err)));
    }, 150);
    return () => {
      latest = false;
      clearTimeout(t);
    };
  }, [kind, subject, body, smsBody, patientId]);

  return (
    <section className="card template-preview" aria-label="Preview">
      <h2 className="section-title">Preview</h2>
      <label className="inline-label preview-search">
        Patient{' '}
        <input
          type="search"
          value={search}
          placeholder={patient ? displayName(patient) : 'Find a patient'}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Find a patient for the preview"
        />
      </label>
      {search && (
        <ul className="preview-results" aria-label="Patients">
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="button button-link button-small"
                onClick={() => {
                  setPatient(p);
                  setSearch('');
                }}
              >
                {displayName(p)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!patient && <p className="muted">Register a patient to see a preview.</p>}
      {error && <p className="status-error">{error}</p>}
      {preview && patient && (
        <>
          <p className="muted small" data-testid="preview-note">
            {preview.note}
          </p>
          {preview.problems.length > 0 && (
            <ul className="preview-problems" aria-label="Problems">
              {preview.problems.map((p, i) => (
                <li key={i} className="status-error small">
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          <div className="email-preview" aria-label="E-mail preview">
            <dl className="email-head small">
              <dt>To</dt>
              <dd>{patient.email || <span className="muted">no e-mail address</span>}</dd>
              <dt>Subject</dt>
              <dd data-testid="preview-subject">{preview.rendered.subject}</dd>
            </dl>
            <div className="email-body" data-testid="preview-body">
              <p className="email-clinic">{settings.name || 'Your clinic'}</p>
              <DocumentView blocks={documentBlocks(preview.filled)} />
            </div>
          </div>
          {draft.kind !== 'treatment_plan' && (
            <div className="sms-preview" aria-label="Text message preview">
              <p className="sms-bubble" data-testid="preview-sms">
                {preview.rendered.sms}
              </p>
              <p className="muted small">
                {preview.rendered.sms.length} characters · {Math.max(1, Math.ceil(preview.rendered.sms.length / 160))} text
                {preview.rendered.sms.length > 160 ? 's' : ''}
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
