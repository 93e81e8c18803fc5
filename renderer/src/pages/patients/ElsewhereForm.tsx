import { useState, type FormEvent } from 'react';
import type { Catalogue } from '../../../../shared/contract';
import { TREATMENT_KIND_LABELS, TREATMENT_KINDS, type ElsewhereInput } from '../../../../shared/treatments';
import { call } from '../../api';
import { AreaUnitsEditor } from '../../components/AreaUnitsEditor';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { DateInput } from '../../components/DateInput';

/** A toxin treatment the patient had at another clinic: it counts for the interval checks and recall. */
export function ElsewhereForm({
  patientId,
  catalogue,
  today,
  onSaved,
  onCancel,
}: {
  patientId: number;
  catalogue: Catalogue;
  today: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<ElsewhereInput>({
    patientId,
    performedOn: '',
    product: 'botox',
    kind: 'full',
    areas: [],
    where: '',
    notes: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await call('treatments.recordElsewhere', draft);
      onSaved();
    } catch (err) {
      const refused = refusedSave(err);
      setErrors(refused.fields ?? {});
      setMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  return (
    <form className="inline-form card" onSubmit={(e) => void save(e)} noValidate aria-label="Treatment given elsewhere">
      <h3 className="subsection-title">Treatment given elsewhere</h3>
      <div className="form-grid form-grid-4">
        <Field id="else-where" label="Where" hint="Clinic or practitioner" error={errors.where}>
          <input value={draft.where} onChange={(e) => setDraft({ ...draft, where: e.target.value })} />
        </Field>
        <Field id="else-date" label="Date" error={errors.performedOn}>
          <DateInput max={today} value={draft.performedOn} onChange={(v) => setDraft({ ...draft, performedOn: v })} />
        </Field>
        <Field id="else-product" label="Product" error={errors.product}>
          <select value={draft.product} onChange={(e) => setDraft({ ...draft, product: e.target.value })}>
            {catalogue.products.map((p) => (
              <option key={p.code} value={p.code}>
                {p.brand}
              </option>
            ))}
          </select>
        </Field>
        <Field id="else-kind" label="Kind">
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ElsewhereInput['kind'] })}>
            {TREATMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {TREATMENT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <AreaUnitsEditor
        idPrefix="else"
        areas={draft.areas}
        catalogueAreas={catalogue.areas}
        errors={errors}
        onChange={(areas) => setDraft({ ...draft, areas })}
      />
      {errors.areas && <p className="field-error">{errors.areas}</p>}
      {message && (
        <p className="status-error" role="alert">
          {message}
        </p>
      )}
      <div className="callout-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Save treatment given elsewhere
        </button>
      </div>
    </form>
  );
}
