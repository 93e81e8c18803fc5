import { useEffect, useState } from 'react';
import { consentInForceOn, type Consent } from '../../../../shared/consents';
import type { Catalogue } from '../../../../shared/contract';
import { usableLotsOf } from '../../../../shared/lots';
import { displayName, type Patient } from '../../../../shared/patients';
import { canInject, type StaffMember } from '../../../../shared/staff';
import type { Treatment, TreatmentInput } from '../../../../shared/treatments';
import {
  missingForFinal,
  TREATMENT_KIND_LABELS,
  TREATMENT_KINDS,
  treatmentInputSchema,
  unitsPerTenthMl,
} from '../../../../shared/treatments';
import { call, errorMessage } from '../../api';
import { AreaUnitsEditor } from '../../components/AreaUnitsEditor';
import { FaceDiagram } from '../../components/FaceDiagram';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { Icon } from '../../components/Icon';
import type { CalendarSetup } from '../../../../shared/calendar';
import { BookingDialog } from '../calendar/BookingDialog';

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

/**
 * Charting one treatment: starts from the patient's previous one ("last time"), shows
 * what the completeness gate still needs, saves drafts, finalises, or amends a
 * finalised record as a new version with a reason.
 */
export function ChartTreatmentPage({
  patientId,
  treatmentId,
  mode,
  today,
}: {
  patientId: number;
  treatmentId: number | null;
  mode: 'draft' | 'amend';
  today: string;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<TreatmentInput | null>(null);
  const [draftId, setDraftId] = useState<number | null>(mode === 'draft' ? treatmentId : null);
  const [reason, setReason] = useState('');
  const [showExpired, setShowExpired] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [reviewOffer, setReviewOffer] = useState<{
    date: string;
    areaName: string;
    team: StaffMember[];
    setup: CalendarSetup;
    injectorId: number | null;
  } | null>(null);
  const [bookingReview, setBookingReview] = useState(false);
  /** The treatment just finalised: the page then offers its take-home plan (and the review, when one is due). */
  const [finalisedId, setFinalisedId] = useState<number | null>(null);

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
      .then(([patient, consents, catalogue, team, s]) => {
        setLoaded({ patient, consents, catalogue, team, ...s });
        setForm(s.form);
        if (s.original && s.original.lotExpiry !== null && s.original.lotExpiry < s.original.performedOn) setShowExpired(true);
      })
      .catch((err: unknown) => setStatus({ kind: 'error', text: errorMessage(err) }));
  }, [patientId, treatmentId]);

  if (!loaded || !form) {
    return (
      <div className="page">{status ? <p className="status-error">{status.text}</p> : <p className="muted">Loading…</p>}</div>
    );
  }
  const { patient, consents, catalogue, team, original } = loaded;
  const product = catalogue.products.find((p) => p.code === form.product) ?? null;
  const lots = catalogue.lots.filter((l) => l.product === form.product);
  const lot = catalogue.lots.find((l) => l.id === form.lotId) ?? null;
  const lotExpired = lot !== null && lot.expiry < form.performedOn;
  const usable = usableLotsOf(catalogue.lots, form.product, form.performedOn);
  const usableLots = lots.filter((l) => l.id === form.lotId || usable.includes(l));
  const shownLots = showExpired ? lots : usableLots;
  const injectors = team.filter((m) => canInject(m) && (m.active || m.id === form.injectorId));
  const badUnits = form.areas
    .filter((a) => !(a.units > 0))
    .map((a) => `Units for ${catalogue.areas.find((c) => c.code === a.area)?.name ?? a.area}`);
  const missing = [
    ...missingForFinal(form, {
      consentInForce: consentInForceOn(consents, form.performedOn) !== null,
      lotExpiry: lot?.expiry ?? null,
    }),
    ...badUnits,
  ];
  const perTenth = unitsPerTenthMl({ ...form.preparation, diluent: form.preparation.diluent ?? '' });
  const set = (change: Partial<TreatmentInput>) => setForm({ ...form, ...change });
  const back = `#/patients/${patientId}`;

  function refused(err: unknown) {
    const r = refusedSave(err);
    setErrors(Object.fromEntries(Object.entries(r.fields ?? {}).map(([k, v]) => [k.replace(/^treatment\./, ''), v])));
    setStatus({ kind: 'error', text: r.status.kind === 'error' ? r.status.message : 'Nothing was saved.' });
  }

  async function saveDraft(): Promise<number | null> {
    try {
      const result = await call('treatments.saveDraft', { id: draftId, treatment: form! });
      setDraftId(result.treatment.id);
      // Keep the address pointing at the saved draft, so a reload comes back to it.
      window.history.replaceState(null, '', `#/patients/${patientId}/treatments/${result.treatment.id}`);
      setErrors({});
      setStatus({ kind: 'ok', text: 'Draft saved.' });
      return result.treatment.id;
    } catch (err) {
      refused(err);
      return null;
    }
  }

  async function finalise() {
    setBusy(true);
    const id = await saveDraft();
    if (id !== null) {
      try {
        const final = await call('treatments.finalise', { id });
        setFinalisedId(final.id);
        // A first-of-kind treatment has a review: offer to book it before leaving.
        const schedule = await call('schedule.get', { patientId });
        const review = schedule.areas.find(
          (a) => a.lastTreatmentDate === final.performedOn && a.reviewDate !== null && a.reviewDate >= today,
        );
        if (review?.reviewDate) {
          const [team, setup] = await Promise.all([call('team.list', {}), call('calendar.setup', {})]);
          setReviewOffer({
            date: review.reviewDate,
            areaName: review.areaName,
            team: team.filter((m) => m.active && canInject(m)),
            setup,
            injectorId: final.injectorId,
          });
          setStatus({ kind: 'ok', text: 'Treatment record finalised.' });
          return;
        }
        setStatus({ kind: 'ok', text: 'Treatment record finalised.' });
        setBusy(false);
        return;
      } catch (err) {
        refused(err);
      }
    }
    setBusy(false);
  }

  async function amend() {
    setBusy(true);
    try {
      await call('treatments.amend', { id: treatmentId!, treatment: form!, reason });
      window.location.hash = back;
    } catch (err) {
      refused(err);
      setBusy(false);
    }
  }

  async function discard() {
    if (draftId === null) return;
    try {
      await call('treatments.discardDraft', { id: draftId });
      window.location.hash = back;
    } catch (err) {
      refused(err);
    }
  }

  if (finalisedId !== null) {
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
              <a className="button button-primary" href={`#/patients/${patientId}/plan/${finalisedId}`}>
                Print or e-mail the patient’s plan
              </a>
            </div>
          </div>
        </div>
        {reviewOffer && (
          <div className="callout" role="note" aria-label="Book the review">
            <Icon name="calendar" />
            <div>
              <strong>
                First treatment of {reviewOffer.areaName.toLowerCase()} with this product: the review is due on {reviewOffer.date}
                .
              </strong>
              <p>Book the two-week review now, while the patient is here?</p>
              <div className="callout-actions">
                <a className="button button-secondary" href={back}>
                  Not now
                </a>
                <button type="button" className="button button-primary" onClick={() => setBookingReview(true)}>
                  Book the review
                </button>
              </div>
            </div>
          </div>
        )}
        {reviewOffer && bookingReview && (
          <BookingDialog
            slot={{
              date: reviewOffer.date,
              start: '10:00',
              practitionerId: reviewOffer.injectorId,
              patient: { id: patientId, name: displayName(patient) },
              type: 'review',
              title: 'Book the review',
            }}
            team={reviewOffer.team}
            setup={reviewOffer.setup}
            onClose={() => setBookingReview(false)}
            onBooked={(a) => {
              window.location.hash = `#/calendar/day/${a.date}`;
            }}
          />
        )}
      </div>
    );
  }
  const amending = mode === 'amend';
  const elsewhere = original?.source === 'elsewhere';
  return (
    <div className="page page-chart">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> / <a href={back}>{displayName(patient)}</a>
          </p>
          <h1>
            {amending ? `Amend treatment of ${original?.performedOn}` : draftId ? 'Continue charting' : 'Chart a treatment'}
          </h1>
          <p className="muted">
            {amending
              ? 'The finalised record stays as it is; your changes become a new version with the reason you give.'
              : treatmentId === null && form.product
                ? 'Pre-filled from the last treatment: adjust what changed.'
                : 'Everything marked below is needed before the record can be finalised.'}
          </p>
        </div>
      </header>
      <div className="chart-layout">
        <form className="chart-form" noValidate aria-label="Treatment record" onSubmit={(e) => e.preventDefault()}>
          <section className="card">
            <h2 className="section-title">Treatment</h2>
            <div className="form-grid form-grid-4">
              <Field id="t-date" label="Date" error={errors.performedOn}>
                <input type="date" max={today} value={form.performedOn} onChange={(e) => set({ performedOn: e.target.value })} />
              </Field>
              <Field id="t-time" label="Time" error={errors.performedAt}>
                <input type="time" value={form.performedAt} onChange={(e) => set({ performedAt: e.target.value })} />
              </Field>
              <Field id="t-injector" label="Injector" error={errors.injectorId}>
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
              <Field id="t-prescriber" label="Prescriber" hint="If not the injector" error={errors.prescriber}>
                <input value={form.prescriber} onChange={(e) => set({ prescriber: e.target.value })} />
              </Field>
              <Field id="t-product" label="Product" error={errors.product}>
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
                    ? `Expires ${lot.expiry}`
                    : shownLots.length === 0 && product
                      ? 'No usable lot of this product is recorded'
                      : undefined
                }
                error={errors.lotId}
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
                      {l.lotNumber} · expires {l.expiry}
                      {l.expiry < form.performedOn ? ' (expired)' : ''}
                    </option>
                  ))}
                </select>
              </Field>
              <label className="check">
                <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.target.checked)} /> Show expired
                lots
              </label>
              <Field id="t-kind" label="Kind" error={errors.kind}>
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
                    Lot {lot.lotNumber} expired on {lot.expiry}.
                  </strong>
                  <Field id="t-expired-reason" label="Reason for using an expired lot" error={errors.expiredLotReason}>
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
                  <Field id="t-diluent" label="Diluent" error={errors['preparation.diluent']}>
                    <input
                      value={form.preparation.diluent ?? ''}
                      onChange={(e) => set({ preparation: { ...form.preparation, diluent: e.target.value } })}
                    />
                  </Field>
                  <Field id="t-volume" label="Volume (mL)" error={errors['preparation.diluentMl']}>
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
                  <Field id="t-vial" label="Units in the vial" error={errors['preparation.unitsPerVial']}>
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
              errors={errors}
              onChange={(areas) => set({ areas })}
            />
            {!elsewhere && (
              <>
                <h3 className="subsection-title">Injection points</h3>
                <FaceDiagram points={form.points} onChange={(points) => set({ points })} />
              </>
            )}
          </section>
          <section className="card">
            <div className="form-grid form-grid-2">
              <Field id="t-notes" label="Notes" error={errors.notes}>
                <textarea rows={3} value={form.notes} onChange={(e) => set({ notes: e.target.value })} />
              </Field>
              <Field id="t-review" label="Review outcome" hint="Filled in at the review visit" error={errors.reviewOutcome}>
                <textarea rows={3} value={form.reviewOutcome} onChange={(e) => set({ reviewOutcome: e.target.value })} />
              </Field>
            </div>
          </section>
        </form>
        <aside className="chart-side" aria-label="Before finalising">
          <section className="card sticky">
            {amending ? (
              <>
                <h2 className="section-title">Amendment</h2>
                <Field id="t-reason" label="Reason for the amendment" error={errors.reason}>
                  <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
                </Field>
              </>
            ) : null}
            <h2 className="section-title">{missing.length === 0 ? 'Ready to finalise' : 'Still needed'}</h2>
            {missing.length === 0 ? (
              <p className="status-ok">
                <Icon name="check" size={18} /> Everything the record needs is there.
              </p>
            ) : (
              <ul className="missing-list" aria-label="Still needed">
                {missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
            <div role="status" aria-live="polite" className={status?.kind === 'error' ? 'status-error' : 'status-ok'}>
              {status?.text}
            </div>
            <div className="side-actions">
              {amending ? (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy || (!elsewhere && missing.length > 0) || reason.trim() === ''}
                  onClick={() => void amend()}
                >
                  Save amendment
                </button>
              ) : (
                <>
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy || missing.length > 0}
                    onClick={() => void finalise()}
                  >
                    Finalise record
                  </button>
                  <button type="button" className="button button-secondary" disabled={busy} onClick={() => void saveDraft()}>
                    Save draft
                  </button>
                </>
              )}
              <a className="button button-secondary" href={back}>
                {amending ? 'Cancel' : 'Back to the record'}
              </a>
              {!amending && draftId !== null && (
                <>
                  {confirmDiscard ? (
                    <span className="inline-confirm">
                      Discard this draft?
                      <button type="button" className="button button-secondary" onClick={() => setConfirmDiscard(false)}>
                        Keep
                      </button>
                      <button type="button" className="button button-danger" onClick={() => void discard()}>
                        Discard draft
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button button-link" onClick={() => setConfirmDiscard(true)}>
                      Discard draft…
                    </button>
                  )}
                </>
              )}
            </div>
          </section>
        </aside>
      </div>
    </div>
  );
}
