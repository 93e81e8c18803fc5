import { useEffect, useReducer, useState } from 'react';
import type { CalendarSetup } from '../../../../shared/calendar';
import { consentInForceOn, type Consent } from '../../../../shared/consents';
import type { Catalogue } from '../../../../shared/contract';
import { describeStock } from '../../../../shared/lots';
import { displayName, type Patient } from '../../../../shared/patients';
import { canInject, type StaffMember } from '../../../../shared/staff';
import type { Treatment, TreatmentInput } from '../../../../shared/treatments';
import { TREATMENT_KIND_LABELS, TREATMENT_KINDS, treatmentInputSchema, unitsPerTenthMl } from '../../../../shared/treatments';
import { call, errorMessage } from '../../api';
import { AreaUnitsEditor } from '../../components/AreaUnitsEditor';
import { DateInput } from '../../components/DateInput';
import { FaceDiagram } from '../../components/FaceDiagram';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { Icon } from '../../components/Icon';
import { TimeInput } from '../../components/TimeInput';
import { useFormat } from '../../format';
import { BookingDialog } from '../calendar/BookingDialog';
import {
  CHECK_ITEMS,
  CHECK_LABELS,
  chartReducer,
  initialChart,
  lotsOffered,
  missingFor,
  readyToFinalise,
  totalUnits,
  unitWarnings,
  type ChartFacts,
  type ChartState,
  type CheckItem,
} from './chartState';
import { useReturnFocus } from '../../useReturnFocus';

interface Loaded {
  patient: Patient;
  consents: Consent[];
  catalogue: Catalogue;
  team: StaffMember[];
  form: TreatmentInput;
  original: Treatment | null;
}

/** The editable fields of a stored treatment: exactly the keys the input schema defines. */
function fieldsOf(t: Treatment): TreatmentInput {
  return Object.fromEntries(
    Object.keys(treatmentInputSchema.shape).map((k) => [k, t[k as keyof TreatmentInput]]),
  ) as TreatmentInput;
}

interface Finalised {
  treatmentId: number;
  review: ReviewOffer | null;
}

interface ReviewOffer {
  date: string;
  areaName: string;
  team: StaffMember[];
  setup: CalendarSetup;
  injectorId: number | null;
}

/**
 * Charting one treatment: starts from the patient's previous one ("last time"), shows what the
 * completeness gate still needs and what the practitioner has yet to check, saves drafts, and
 * finalises only after a summary is confirmed; or amends a finalised record with a reason.
 */
export function ChartTreatmentPage(props: {
  patientId: number;
  treatmentId: number | null;
  mode: 'draft' | 'amend';
  today: string;
}) {
  const { patientId, treatmentId } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The treatment just finalised: the page then offers its take-home plan (and the review, when one is due). */
  const [finalised, setFinalised] = useState<Finalised | null>(null);

  useEffect(() => {
    const source =
      treatmentId === null
        ? call('treatments.prefill', { patientId }).then((f) => ({ form: f, original: null }))
        : call('treatments.get', { id: treatmentId }).then((t) => ({ form: fieldsOf(t), original: t }));
    Promise.all([
      call('patients.get', { id: patientId }),
      call('consents.list', { patientId }),
      call('catalogue.get', {}),
      call('team.list', {}),
      source,
    ])
      .then(([patient, consents, catalogue, team, s]) => setLoaded({ patient, consents, catalogue, team, ...s }))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [patientId, treatmentId]);

  if (!loaded) {
    return <div className="page">{error ? <p className="status-error">{error}</p> : <p className="muted">Loading…</p>}</div>;
  }
  if (finalised) return <FinalisedPage finalised={finalised} patient={loaded.patient} />;
  return <ChartEditor {...props} loaded={loaded} onFinalised={setFinalised} />;
}

function ChartEditor({
  patientId,
  treatmentId,
  mode,
  today,
  loaded,
  onFinalised,
}: {
  patientId: number;
  treatmentId: number | null;
  mode: 'draft' | 'amend';
  today: string;
  loaded: Loaded;
  onFinalised: (f: Finalised) => void;
}) {
  const { patient, consents, catalogue, team, original } = loaded;
  const [s, dispatch] = useReducer(
    chartReducer,
    { mode, form: loaded.form, draftId: mode === 'draft' ? treatmentId : null, original },
    initialChart,
  );
  const format = useFormat();
  const { form } = s;
  const facts: ChartFacts = {
    areas: catalogue.areas,
    lots: catalogue.lots,
    consentInForce: consentInForceOn(consents, form.performedOn) !== null,
  };
  const product = catalogue.products.find((p) => p.code === form.product) ?? null;
  const lot = catalogue.lots.find((l) => l.id === form.lotId) ?? null;
  const lotExpired = lot !== null && lot.expiry < form.performedOn;
  const shownLots = lotsOffered(s, catalogue.lots);
  const injectors = team.filter((m) => canInject(m) && (m.active || m.id === form.injectorId));
  const missing = missingFor(s, facts);
  const warnings = unitWarnings(s, facts);
  const ready = readyToFinalise(s, facts);
  const perTenth = unitsPerTenthMl({ ...form.preparation, diluent: form.preparation.diluent ?? '' });
  const set = (patch: Partial<TreatmentInput>) => dispatch({ type: 'change', patch });
  const back = `#/patients/${patientId}/treatments`;
  const amending = mode === 'amend';
  const elsewhere = original?.source === 'elsewhere';
  const areaName = (code: string) => catalogue.areas.find((a) => a.code === code)?.name ?? code;

  function refused(err: unknown) {
    const r = refusedSave(err);
    dispatch({
      type: 'refused',
      errors: Object.fromEntries(Object.entries(r.fields ?? {}).map(([k, v]) => [k.replace(/^treatment\./, ''), v])),
      text: r.status.kind === 'error' ? r.status.message : 'Nothing was saved.',
    });
  }

  async function saveDraft(): Promise<number | null> {
    try {
      const result = await call('treatments.saveDraft', { id: s.draftId, treatment: form });
      dispatch({ type: 'draftSaved', id: result.treatment.id });
      // Keep the address pointing at the saved draft, so a reload comes back to it.
      window.history.replaceState(null, '', `#/patients/${patientId}/treatments/${result.treatment.id}`);
      return result.treatment.id;
    } catch (err) {
      refused(err);
      return null;
    }
  }

  async function finalise() {
    dispatch({ type: 'busy' });
    const id = await saveDraft();
    if (id === null) return;
    try {
      const final = await call('treatments.finalise', { id });
      // A first-of-kind treatment has a review: offer to book it before leaving.
      const schedule = await call('schedule.get', { patientId });
      const review = schedule.areas.find(
        (a) => a.lastTreatmentDate === final.performedOn && a.reviewDate !== null && a.reviewDate >= today,
      );
      if (review?.reviewDate) {
        const [everyone, setup] = await Promise.all([call('team.list', {}), call('calendar.setup', {})]);
        onFinalised({
          treatmentId: final.id,
          review: {
            date: review.reviewDate,
            areaName: review.areaName,
            team: everyone.filter((m) => m.active && canInject(m)),
            setup,
            injectorId: final.injectorId,
          },
        });
        return;
      }
      onFinalised({ treatmentId: final.id, review: null });
    } catch (err) {
      refused(err);
    }
  }

  async function amend() {
    dispatch({ type: 'busy' });
    try {
      await call('treatments.amend', { id: treatmentId!, treatment: form, reason: s.reason });
      window.location.hash = back;
    } catch (err) {
      refused(err);
    }
  }

  async function discard() {
    if (s.draftId === null) return;
    try {
      await call('treatments.discardDraft', { id: s.draftId });
      window.location.hash = back;
    } catch (err) {
      refused(err);
    }
  }

  const checkValue: Record<CheckItem, string> = {
    when: format.dateTime(form.performedOn, form.performedAt),
    injector: injectors.find((m) => m.id === form.injectorId)?.name ?? '—',
    product: product?.brand ?? '—',
    lot: lot ? `${lot.lotNumber}, expires ${format.date(lot.expiry)}` : '—',
    areas: form.areas.map((a) => `${areaName(a.area)} ${a.units} U`).join(', ') || '—',
  };

  return (
    <div className="page page-chart">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> / <a href={back}>{displayName(patient)}</a>
          </p>
          <h1>
            {amending
              ? `Amend treatment of ${format.date(original?.performedOn ?? '')}`
              : s.draftId
                ? 'Continue charting'
                : 'Chart a treatment'}
          </h1>
          <p className="muted">
            {amending
              ? 'The finalised record stays as it is; your changes become a new version with the reason you give.'
              : treatmentId === null && s.prefilled
                ? 'Pre-filled from the last treatment: change what is different and tick what you have checked.'
                : 'Everything listed on the right is needed before the record can be finalised.'}
          </p>
        </div>
      </header>
      <div className="chart-layout">
        <form className="chart-form" noValidate aria-label="Treatment record" onSubmit={(e) => e.preventDefault()}>
          <section className="card">
            <h2 className="section-title">Treatment</h2>
            <div className="form-grid form-grid-4">
              <Field id="t-date" label="Date" error={s.errors.performedOn}>
                <DateInput max={today} value={form.performedOn} onChange={(v) => set({ performedOn: v })} />
              </Field>
              <Field id="t-time" label="Time" error={s.errors.performedAt}>
                <TimeInput value={form.performedAt} onChange={(v) => set({ performedAt: v })} />
              </Field>
              <Field id="t-injector" label="Injector" error={s.errors.injectorId}>
                <select
                  value={form.injectorId ?? ''}
                  onChange={(e) => set({ injectorId: e.target.value ? Number(e.target.value) : null })}
                  disabled={elsewhere}
                >
                  <option value="">Choose…</option>
                  {injectors.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="t-prescriber" label="Prescriber" hint="If not the injector" error={s.errors.prescriber}>
                <input value={form.prescriber} onChange={(e) => set({ prescriber: e.target.value })} />
              </Field>
              <Field id="t-product" label="Product" error={s.errors.product}>
                <select
                  value={form.product ?? ''}
                  onChange={(e) => {
                    const p = catalogue.products.find((x) => x.code === e.target.value);
                    set({
                      product: p?.code ?? null,
                      lotId: null,
                      preparation: { ...form.preparation, readyToUse: p?.readyToUse ?? false },
                    });
                  }}
                >
                  <option value="">Choose…</option>
                  {catalogue.products.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.brand}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id="t-lot"
                label="Lot"
                hint={
                  lot
                    ? `Expires ${format.date(lot.expiry)} · ${describeStock(lot)} left`
                    : shownLots.length === 0 && product
                      ? 'No usable lot of this product is recorded'
                      : undefined
                }
                error={s.errors.lotId}
              >
                <select
                  value={form.lotId ?? ''}
                  disabled={!product || elsewhere}
                  onChange={(e) => {
                    const l = catalogue.lots.find((x) => x.id === Number(e.target.value));
                    set({
                      lotId: l?.id ?? null,
                      preparation: { ...form.preparation, unitsPerVial: l?.unitsPerVial ?? form.preparation.unitsPerVial },
                    });
                  }}
                >
                  <option value="">Choose…</option>
                  {shownLots.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.lotNumber} · expires {format.date(l.expiry)}
                      {l.expiry < form.performedOn ? ' (expired)' : ''}
                    </option>
                  ))}
                </select>
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={s.showExpired}
                  onChange={(e) => dispatch({ type: 'showExpired', value: e.target.checked })}
                />{' '}
                Show expired lots
              </label>
              <Field id="t-kind" label="Kind" error={s.errors.kind}>
                <select value={form.kind} onChange={(e) => set({ kind: e.target.value as TreatmentInput['kind'] })}>
                  {TREATMENT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {TREATMENT_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            {lotExpired && (
              <div className="callout callout-warn" role="note">
                <Icon name="alert" />
                <div>
                  <strong>
                    Lot {lot.lotNumber} expired on {format.date(lot.expiry)}.
                  </strong>
                  <Field id="t-expired-reason" label="Reason for using an expired lot" error={s.errors.expiredLotReason}>
                    <textarea
                      rows={2}
                      value={form.expiredLotReason}
                      onChange={(e) => set({ expiredLotReason: e.target.value })}
                    />
                  </Field>
                </div>
              </div>
            )}
          </section>
          {!elsewhere && (
            <section className="card">
              <h2 className="section-title">Preparation</h2>
              {form.preparation.readyToUse ? (
                <p>
                  <strong>Ready to use.</strong> {product?.brand ?? 'This product'} is a liquid: no reconstitution.
                </p>
              ) : (
                <div className="form-grid form-grid-4">
                  <Field id="t-diluent" label="Diluent" error={s.errors['preparation.diluent']}>
                    <input
                      value={form.preparation.diluent ?? ''}
                      onChange={(e) => set({ preparation: { ...form.preparation, diluent: e.target.value } })}
                    />
                  </Field>
                  <Field id="t-volume" label="Volume (mL)" error={s.errors['preparation.diluentMl']}>
                    <input
                      type="number"
                      step="0.1"
                      min={0}
                      value={form.preparation.diluentMl ?? ''}
                      onChange={(e) =>
                        set({
                          preparation: { ...form.preparation, diluentMl: e.target.value === '' ? null : e.target.valueAsNumber },
                        })
                      }
                    />
                  </Field>
                  <Field id="t-vial" label="Units in the vial" error={s.errors['preparation.unitsPerVial']}>
                    <input
                      type="number"
                      min={1}
                      value={form.preparation.unitsPerVial ?? ''}
                      onChange={(e) =>
                        set({
                          preparation: {
                            ...form.preparation,
                            unitsPerVial: e.target.value === '' ? null : e.target.valueAsNumber,
                          },
                        })
                      }
                    />
                  </Field>
                  <div className="field">
                    <span className="field-label">Strength</span>
                    <p className="stat-inline" data-testid="units-per-tenth">
                      {perTenth === null ? '—' : `${perTenth} U per 0.1 mL`}
                    </p>
                  </div>
                </div>
              )}
            </section>
          )}
          <section className="card">
            <h2 className="section-title">Areas and units</h2>
            <p className="muted small">
              Units are {product ? `${product.brand} units` : 'the product’s own units'}; they are never converted between
              products.
            </p>
            <AreaUnitsEditor
              idPrefix="t"
              areas={form.areas}
              catalogueAreas={catalogue.areas}
              errors={s.errors}
              onChange={(areas) => set({ areas })}
            />
            {!elsewhere && (
              <>
                <h3 className="subsection-title">Injection points</h3>
                <FaceDiagram
                  points={form.points}
                  areas={form.areas.map((a) => ({ code: a.area, name: areaName(a.area), units: a.units }))}
                  onChange={(points) => set({ points })}
                />
              </>
            )}
          </section>
          <section className="card">
            <div className="form-grid form-grid-2">
              <Field id="t-notes" label="Notes" error={s.errors.notes}>
                <textarea rows={3} value={form.notes} onChange={(e) => set({ notes: e.target.value })} />
              </Field>
              <Field id="t-review" label="Review outcome" hint="Filled in at the review visit" error={s.errors.reviewOutcome}>
                <textarea rows={3} value={form.reviewOutcome} onChange={(e) => set({ reviewOutcome: e.target.value })} />
              </Field>
            </div>
          </section>
        </form>
        <aside className="chart-side" aria-label="Before finalising">
          <section className="card chart-panel">
            {amending && (
              <>
                <h2 className="section-title">Amendment</h2>
                <Field id="t-reason" label="Reason for the amendment" error={s.errors.reason}>
                  <textarea rows={3} value={s.reason} onChange={(e) => dispatch({ type: 'reason', text: e.target.value })} />
                </Field>
              </>
            )}
            <h2 className="section-title">
              {amending
                ? 'Before saving'
                : ready
                  ? 'Ready to finalise'
                  : missing.length > 0
                    ? 'Still needed'
                    : 'Check before finalising'}
            </h2>
            <div className="side-actions">
              {amending ? (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={s.busy || (!elsewhere && missing.length > 0) || s.reason.trim() === ''}
                  onClick={() => void amend()}
                >
                  Save amendment
                </button>
              ) : (
                <>
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={s.busy || !ready}
                    onClick={() => dispatch({ type: 'summary', open: true })}
                  >
                    Finalise record…
                  </button>
                  <button type="button" className="button button-secondary" disabled={s.busy} onClick={() => void saveDraft()}>
                    Save draft
                  </button>
                </>
              )}
              <a className="button button-secondary" href={back}>
                {amending ? 'Cancel' : 'Back to the record'}
              </a>
            </div>
            <div role="status" aria-live="polite" className={s.status?.kind === 'error' ? 'status-error' : 'status-ok'}>
              {s.status?.text}
            </div>
            {ready && (
              <p className="status-ok">
                <Icon name="check" size={18} /> Everything the record needs is there and checked.
              </p>
            )}
            {missing.length > 0 && (
              <ul className="missing-list" aria-label="Still needed">
                {missing.map((m) => (
                  <li key={m}>{format.text(m)}</li>
                ))}
              </ul>
            )}
            {!amending && s.prefilled && (
              <fieldset className="check-list">
                <legend>Filled in for you: tick each once you have checked it</legend>
                {CHECK_ITEMS.map((item) => (
                  <label key={item} className="check">
                    <input
                      type="checkbox"
                      checked={s.checked.includes(item)}
                      onChange={(e) => dispatch({ type: 'check', item, checked: e.target.checked })}
                    />{' '}
                    <span>
                      <strong>{CHECK_LABELS[item]}</strong> <span className="muted small">{checkValue[item]}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            )}
            {warnings.length > 0 && (
              <div className="callout callout-warn units-check" role="note" aria-label="Units at the injection points">
                <Icon name="alert" />
                <ul>
                  {warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
            {lot && !elsewhere && (
              <p className="muted small" data-testid="lot-stock">
                Lot {lot.lotNumber}: {describeStock(lot)} in stock; this record uses {totalUnits(form)} U.
              </p>
            )}
            {!amending && s.draftId !== null && (
              <div className="side-actions">
                {s.confirmDiscard ? (
                  <span className="inline-confirm">
                    Discard this draft?
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => dispatch({ type: 'confirmDiscard', value: false })}
                    >
                      Keep
                    </button>
                    <button type="button" className="button button-danger" onClick={() => void discard()}>
                      Discard draft
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button button-link"
                    onClick={() => dispatch({ type: 'confirmDiscard', value: true })}
                  >
                    Discard draft…
                  </button>
                )}
              </div>
            )}
          </section>
        </aside>
      </div>
      {s.summaryOpen && (
        <FinaliseSummary
          state={s}
          patient={patient}
          product={product?.brand ?? '—'}
          lotText={lot ? `${lot.lotNumber}, expires ${format.date(lot.expiry)}` : '—'}
          injector={checkValue.injector}
          areaName={areaName}
          warnings={warnings}
          onCancel={() => dispatch({ type: 'summary', open: false })}
          onConfirm={() => void finalise()}
        />
      )}
    </div>
  );
}

/** What becomes the permanent record, shown once more before it is made. */
function FinaliseSummary({
  state,
  patient,
  product,
  lotText,
  injector,
  areaName,
  warnings,
  onCancel,
  onConfirm,
}: {
  state: ChartState;
  patient: Patient;
  product: string;
  lotText: string;
  injector: string;
  areaName: (code: string) => string;
  warnings: string[];
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const format = useFormat();
  const { form } = state;
  useReturnFocus();
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="modal-backdrop">
      <div className="modal modal-narrow" role="dialog" aria-modal="true" aria-labelledby="finalise-title">
        <header className="modal-header">
          <h2 id="finalise-title">Finalise this treatment record?</h2>
        </header>
        <div className="modal-body">
          <dl className="facts finalise-facts">
            <dt>Patient</dt>
            <dd>{displayName(patient)}</dd>
            <dt>When</dt>
            <dd>{format.dateTime(form.performedOn, form.performedAt)}</dd>
            <dt>Injector</dt>
            <dd>{injector}</dd>
            <dt>Product</dt>
            <dd>
              {product} · {form.kind === 'touch_up' ? 'touch-up' : 'full treatment'}
            </dd>
            <dt>Lot</dt>
            <dd>{lotText}</dd>
          </dl>
          <table className="data-table compact finalise-units" aria-label="Units per area">
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col" className="numeric">
                  Units
                </th>
              </tr>
            </thead>
            <tbody>
              {form.areas.map((a) => (
                <tr key={a.area}>
                  <td>{areaName(a.area)}</td>
                  <td className="numeric">{a.units}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="numeric" data-testid="finalise-total">
                  {totalUnits(form)} U
                </td>
              </tr>
            </tfoot>
          </table>
          {warnings.length > 0 && (
            <div className="callout callout-warn" role="note">
              <Icon name="alert" />
              <div>
                <strong>The injection points do not add up:</strong>
                <ul>
                  {warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
                <p>Finalise only if the area totals are right; the points are kept as charted.</p>
              </div>
            </div>
          )}
          <p className="muted">
            A finalised record is permanent: a later change is an amendment with a reason, and the units are taken off the lot’s
            stock now.
          </p>
        </div>
        <footer className="modal-footer">
          <button type="button" className="button button-secondary" onClick={onCancel} autoFocus>
            Back to the record
          </button>
          <button type="button" className="button button-primary" disabled={state.busy} onClick={onConfirm}>
            Finalise permanently
          </button>
        </footer>
      </div>
    </div>
  );
}

/**
 * After finalising: give the patient their take-home plan, and after a first treatment of its
 * kind, book the two-week review while the patient is here.
 */
function FinalisedPage({ finalised, patient }: { finalised: Finalised; patient: Patient }) {
  const format = useFormat();
  const [booking, setBooking] = useState(false);
  const back = `#/patients/${patient.id}`;
  const offer = finalised.review;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> / <a href={back}>{displayName(patient)}</a>
          </p>
          <h1>Treatment record finalised</h1>
        </div>
        <div className="header-actions">
          <a className="button button-secondary" href={back}>
            Back to {displayName(patient)}
          </a>
        </div>
      </header>
      <div className="callout" role="note" aria-label="The patient’s plan">
        <Icon name="check" />
        <div>
          <strong>Give the patient their take-home plan.</strong>
          <p>What was treated, the review, when movement usually returns, the check-in and when to book next.</p>
          <div className="callout-actions">
            <a className="button button-primary" href={`#/patients/${patient.id}/plan/${finalised.treatmentId}`}>
              Print or e-mail the patient’s plan
            </a>
          </div>
        </div>
      </div>
      {offer && (
        <div className="callout" role="note" aria-label="Book the review">
          <Icon name="calendar" />
          <div>
            <strong>
              First treatment of {offer.areaName.toLowerCase()} with this product: the review is due on {format.date(offer.date)}.
            </strong>
            <p>Book the two-week review now, while the patient is here?</p>
            <div className="callout-actions">
              <a className="button button-secondary" href={back}>
                Not now
              </a>
              <button type="button" className="button button-primary" onClick={() => setBooking(true)}>
                Book the review
              </button>
            </div>
          </div>
        </div>
      )}
      {offer && booking && (
        <BookingDialog
          slot={{
            date: offer.date,
            start: '10:00',
            practitionerId: offer.injectorId,
            patient: { id: patient.id, name: displayName(patient) },
            type: 'review',
            title: 'Book the review',
            pickFirstFree: true,
          }}
          team={offer.team}
          setup={offer.setup}
          onClose={() => setBooking(false)}
          onBooked={(a) => {
            window.location.hash = `#/calendar/day/${a.date}`;
          }}
        />
      )}
    </div>
  );
}
