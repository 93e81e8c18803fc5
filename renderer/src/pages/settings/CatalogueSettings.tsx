import { useState, type FormEvent } from 'react';
import { DEFAULT_VIAL_UNITS, type ProductInput } from '../../../../shared/catalogue';
import type { Catalogue } from '../../../../shared/contract';
import { describeStock, LOT_EXPIRY_WARNING_DAYS, stockLevel, type LotInput } from '../../../../shared/lots';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useCall } from '../../useCall';
import { DateInput } from '../../components/DateInput';
import { useFormat } from '../../format';

const LOT_STATUS_LABEL = { ok: 'In date', expiring: 'Expires soon', expired: 'Expired' } as const;

function emptyLot(today: string): LotInput {
  return {
    product: 'botox',
    lotNumber: '',
    expiry: '',
    receivedOn: today,
    supplier: '',
    vials: 1,
    unitsPerVial: DEFAULT_VIAL_UNITS.botox ?? 100,
  };
}

const EMPTY_PRODUCT: ProductInput = {
  code: '',
  brand: '',
  toxin: 'botulinum toxin type A',
  priorDays: 105,
  labelMinIntervalDays: 84,
  albumin: 'unknown',
  milkProtein: false,
  warnFromAge: null,
  cumulativeGroup: null,
  readyToUse: false,
};

function stripPrefix(fields: Record<string, string> | null, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k.replace(prefix, ''), v]));
}

/** Lots (with expiry highlighting), the product catalogue and the clinic's own products and areas. */
export function CatalogueSettings({ today }: { today: string }) {
  const format = useFormat();
  const catalogue = useCall('catalogue.get', {});
  const [lot, setLot] = useState<LotInput>(emptyLot(today));
  const [editingLot, setEditingLot] = useState<number | null>(null);
  const [lotErrors, setLotErrors] = useState<Record<string, string>>({});
  const [lotMessage, setLotMessage] = useState<string | null>(null);
  const [product, setProduct] = useState<ProductInput>(EMPTY_PRODUCT);
  const [productErrors, setProductErrors] = useState<Record<string, string>>({});
  const [area, setArea] = useState({ code: '', name: '', priorDays: '' });
  const [areaErrors, setAreaErrors] = useState<Record<string, string>>({});
  const data: Catalogue | null = catalogue.data;

  async function saveLot(e: FormEvent) {
    e.preventDefault();
    try {
      catalogue.set(await call('lots.save', { id: editingLot, lot }));
      setLotMessage(editingLot === null ? `Lot ${lot.lotNumber.trim()} recorded.` : `Lot ${lot.lotNumber.trim()} updated.`);
      setLot(emptyLot(today));
      setEditingLot(null);
      setLotErrors({});
    } catch (err) {
      const refused = refusedSave(err);
      setLotErrors(stripPrefix(refused.fields, 'lot.'));
      setLotMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  async function addProduct(e: FormEvent) {
    e.preventDefault();
    try {
      catalogue.set(await call('catalogue.addProduct', product));
      setProduct(EMPTY_PRODUCT);
      setProductErrors({});
    } catch (err) {
      setProductErrors(refusedSave(err).fields ?? { code: refusedSave(err).status.kind === 'error' ? 'Not saved' : '' });
    }
  }

  async function addArea(e: FormEvent) {
    e.preventDefault();
    try {
      catalogue.set(
        await call('catalogue.addArea', {
          code: area.code,
          name: area.name,
          priorDays: area.priorDays === '' ? null : Number(area.priorDays),
        }),
      );
      setArea({ code: '', name: '', priorDays: '' });
      setAreaErrors({});
    } catch (err) {
      setAreaErrors(refusedSave(err).fields ?? {});
    }
  }

  if (catalogue.error) return <p className="status-error">{catalogue.error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const brand = (code: string) => data.products.find((p) => p.code === code)?.brand ?? code;
  const expiring = data.lots.filter((l) => l.status === 'expiring' && l.vials > 0);
  // Lots still in date that are running out or gone: what to order.
  const short = data.lots.filter((l) => l.status !== 'expired' && stockLevel(l) !== 'ok');

  return (
    <div className="stack">
      {expiring.length > 0 && (
        <div className="callout callout-warn" role="note" aria-label="Lots expiring soon">
          <div>
            <strong>
              {expiring.length} {expiring.length === 1 ? 'lot expires' : 'lots expire'} within {LOT_EXPIRY_WARNING_DAYS} days
            </strong>
            <p>{expiring.map((l) => `${brand(l.product)} ${l.lotNumber} (${format.date(l.expiry)})`).join(', ')}</p>
          </div>
        </div>
      )}
      {short.length > 0 && (
        <div className="callout callout-warn" role="note" aria-label="Stock running low">
          <div>
            <strong>
              {short.length} {short.length === 1 ? 'lot in date is' : 'lots in date are'} low or empty
            </strong>
            <p>
              {short
                .map((l) => `${brand(l.product)} ${l.lotNumber}: ${stockLevel(l) === 'empty' ? 'empty' : describeStock(l)}`)
                .join('; ')}
              . Charting takes units off the lot; change a lot’s vials to record a stock count.
            </p>
          </div>
        </div>
      )}
      <section className="card">
        <h2 className="section-title">{editingLot === null ? 'Record a lot' : `Change lot ${lot.lotNumber}`}</h2>
        <form className="inline-form" onSubmit={(e) => void saveLot(e)} noValidate aria-label="Record a lot">
          <div className="form-grid form-grid-4">
            <Field id="lot-product" label="Product" error={lotErrors.product}>
              <select
                value={lot.product}
                onChange={(e) =>
                  setLot({
                    ...lot,
                    product: e.target.value,
                    unitsPerVial: DEFAULT_VIAL_UNITS[e.target.value] ?? lot.unitsPerVial,
                  })
                }
              >
                {data.products.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.brand}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="lot-number" label="Lot number" error={lotErrors.lotNumber}>
              <input value={lot.lotNumber} onChange={(e) => setLot({ ...lot, lotNumber: e.target.value })} />
            </Field>
            <Field id="lot-expiry" label="Expiry date" error={lotErrors.expiry}>
              <DateInput value={lot.expiry} onChange={(v) => setLot({ ...lot, expiry: v })} />
            </Field>
            <Field id="lot-received" label="Date received" error={lotErrors.receivedOn}>
              <DateInput value={lot.receivedOn} max={today} onChange={(v) => setLot({ ...lot, receivedOn: v })} />
            </Field>
            <Field id="lot-supplier" label="Supplier" error={lotErrors.supplier}>
              <input value={lot.supplier} onChange={(e) => setLot({ ...lot, supplier: e.target.value })} />
            </Field>
            <Field id="lot-vials" label="Vials in stock" error={lotErrors.vials}>
              <input
                type="number"
                min={0}
                value={lot.vials}
                onChange={(e) => setLot({ ...lot, vials: e.target.valueAsNumber })}
              />
            </Field>
            <Field id="lot-units" label="Units per vial" error={lotErrors.unitsPerVial}>
              <input
                type="number"
                min={1}
                value={lot.unitsPerVial}
                onChange={(e) => setLot({ ...lot, unitsPerVial: e.target.valueAsNumber })}
              />
            </Field>
            <div className="field field-action">
              <button type="submit" className="button button-primary">
                {editingLot === null ? 'Record lot' : 'Save lot'}
              </button>
              {editingLot !== null && (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setEditingLot(null);
                    setLot(emptyLot(today));
                    setLotErrors({});
                  }}
                >
                  Cancel
                </button>
              )}
            </div>
          </div>
          {lotMessage && (
            <p role="status" className={Object.keys(lotErrors).length ? 'status-error' : 'status-ok'}>
              {lotMessage}
            </p>
          )}
        </form>
      </section>
      <section className="table-card">
        <table className="data-table" aria-label="Lots">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Lot</th>
              <th scope="col">Expiry</th>
              <th scope="col">Received</th>
              <th scope="col">Supplier</th>
              <th scope="col">In stock</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.lots.length === 0 && (
              <tr>
                <td colSpan={7} className="empty-row">
                  No lots recorded yet. Record each delivery so treatments can name their lot.
                </td>
              </tr>
            )}
            {[...data.lots].reverse().map((l) => (
              <tr key={l.id} className={`lot-${l.status}`}>
                <td>{brand(l.product)}</td>
                <td>{l.lotNumber}</td>
                <td className="date-cell">
                  {format.date(l.expiry)}{' '}
                  <span
                    className={`pill ${l.status === 'ok' ? 'pill-ok' : l.status === 'expiring' ? 'pill-warn' : 'pill-danger'}`}
                  >
                    {LOT_STATUS_LABEL[l.status]}
                  </span>
                </td>
                <td className="date-cell">{format.date(l.receivedOn)}</td>
                <td>{l.supplier || '—'}</td>
                <td data-testid={`stock-${l.lotNumber}`}>
                  {describeStock(l)}{' '}
                  {l.status !== 'expired' && stockLevel(l) !== 'ok' && (
                    <span className={`pill ${stockLevel(l) === 'empty' ? 'pill-danger' : 'pill-warn'}`}>
                      {stockLevel(l) === 'empty' ? 'Empty' : 'Low'}
                    </span>
                  )}
                </td>
                <td className="actions-cell">
                  <a className="button button-link" href={`#/patients/lot-recall/${encodeURIComponent(l.lotNumber)}`}>
                    Patients treated
                  </a>
                  <button
                    type="button"
                    className="button button-link"
                    onClick={() => {
                      setEditingLot(l.id);
                      setLot({
                        product: l.product,
                        lotNumber: l.lotNumber,
                        expiry: l.expiry,
                        receivedOn: l.receivedOn,
                        supplier: l.supplier,
                        vials: l.vials,
                        unitsPerVial: l.unitsPerVial,
                      });
                      window.scrollTo(0, 0);
                    }}
                  >
                    Change
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2 className="section-title">Products</h2>
        <table className="data-table compact" aria-label="Products">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Toxin</th>
              <th scope="col">Usual duration</th>
              <th scope="col">Label minimum interval</th>
              <th scope="col">Contains</th>
            </tr>
          </thead>
          <tbody>
            {data.products.map((p) => (
              <tr key={p.code}>
                <td>
                  {p.brand} {!p.builtIn && <span className="pill pill-muted">Added by the clinic</span>}
                </td>
                <td>{p.toxin}</td>
                <td>{p.priorDays} days</td>
                <td>{p.labelMinIntervalDays} days</td>
                <td className="small">
                  {[
                    p.albumin === true ? 'human albumin' : p.albumin === 'unknown' ? 'albumin status unknown' : null,
                    p.milkProtein ? 'milk protein' : null,
                    p.readyToUse ? 'ready to use' : null,
                  ]
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="inline-form" onSubmit={(e) => void addProduct(e)} noValidate aria-label="Add a product">
          <h3 className="subsection-title">Add a product</h3>
          <div className="form-grid form-grid-4">
            <Field id="product-code" label="Code" hint="Short and unique, e.g. acme" error={productErrors.code}>
              <input value={product.code} onChange={(e) => setProduct({ ...product, code: e.target.value })} />
            </Field>
            <Field id="product-brand" label="Brand name" error={productErrors.brand}>
              <input value={product.brand} onChange={(e) => setProduct({ ...product, brand: e.target.value })} />
            </Field>
            <Field id="product-prior" label="Usual duration (days)" error={productErrors.priorDays}>
              <input
                type="number"
                value={product.priorDays}
                onChange={(e) => setProduct({ ...product, priorDays: e.target.valueAsNumber })}
              />
            </Field>
            <Field id="product-interval" label="Label minimum interval (days)" error={productErrors.labelMinIntervalDays}>
              <input
                type="number"
                value={product.labelMinIntervalDays}
                onChange={(e) => setProduct({ ...product, labelMinIntervalDays: e.target.valueAsNumber })}
              />
            </Field>
            <Field id="product-albumin" label="Human albumin">
              <select
                value={String(product.albumin)}
                onChange={(e) =>
                  setProduct({ ...product, albumin: e.target.value === 'unknown' ? 'unknown' : e.target.value === 'true' })
                }
              >
                <option value="unknown">Not known</option>
                <option value="true">Contains albumin</option>
                <option value="false">No albumin</option>
              </select>
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={product.milkProtein}
                onChange={(e) => setProduct({ ...product, milkProtein: e.target.checked })}
              />{' '}
              Contains milk protein
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={product.readyToUse}
                onChange={(e) => setProduct({ ...product, readyToUse: e.target.checked })}
              />{' '}
              Ready to use (liquid)
            </label>
            <div className="field field-action">
              <button type="submit" className="button button-secondary">
                Add product
              </button>
            </div>
          </div>
        </form>
      </section>
      <section className="card">
        <h2 className="section-title">Treatment areas</h2>
        <p className="muted small">{data.areas.map((a) => a.name).join(' · ')}</p>
        <form className="inline-form" onSubmit={(e) => void addArea(e)} noValidate aria-label="Add an area">
          <h3 className="subsection-title">Add an area</h3>
          <div className="form-grid form-grid-4">
            <Field id="area-code" label="Area code" hint="e.g. temples" error={areaErrors.code}>
              <input value={area.code} onChange={(e) => setArea({ ...area, code: e.target.value })} />
            </Field>
            <Field id="area-name" label="Area name" error={areaErrors.name}>
              <input value={area.name} onChange={(e) => setArea({ ...area, name: e.target.value })} />
            </Field>
            <Field
              id="area-prior"
              label="Usual duration (days)"
              hint="Leave empty to use the product’s"
              error={areaErrors.priorDays}
            >
              <input type="number" value={area.priorDays} onChange={(e) => setArea({ ...area, priorDays: e.target.value })} />
            </Field>
            <div className="field field-action">
              <button type="submit" className="button button-secondary">
                Add area
              </button>
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
