import type { CatalogueArea } from '../../../shared/catalogue';
import type { AreaUnitsInput } from '../../../shared/treatments';

/**
 * Treated areas with their units, one row each. Units belong to the chosen product;
 * the editor never adds them up across products.
 */
export function AreaUnitsEditor({
  idPrefix,
  areas,
  catalogueAreas,
  errors,
  onChange,
}: {
  idPrefix: string;
  areas: AreaUnitsInput[];
  catalogueAreas: CatalogueArea[];
  errors: Record<string, string>;
  onChange: (areas: AreaUnitsInput[]) => void;
}) {
  const unused = catalogueAreas.filter((a) => !areas.some((x) => x.area === a.code));
  const set = (i: number, change: Partial<AreaUnitsInput>) => onChange(areas.map((a, j) => (j === i ? { ...a, ...change } : a)));
  return (
    <div className="area-units">
      <table className="data-table compact" aria-label="Treated areas">
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Units</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {areas.length === 0 && (
            <tr>
              <td colSpan={3} className="empty-row">
                No areas yet: add the areas treated.
              </td>
            </tr>
          )}
          {areas.map((a, i) => {
            const name = catalogueAreas.find((c) => c.code === a.area)?.name ?? a.area;
            const unitsError = errors[`areas.${i}.units`];
            const areaError = errors[`areas.${i}.area`];
            return (
              <tr key={a.area}>
                <td>
                  <label htmlFor={`${idPrefix}-units-${i}`}>{name}</label>
                  {areaError && <p className="field-error">{areaError}</p>}
                </td>
                <td>
                  <input
                    id={`${idPrefix}-units-${i}`}
                    className="units-input"
                    type="number"
                    min={0}
                    step="0.5"
                    inputMode="decimal"
                    aria-label={`Units for ${name}`}
                    aria-invalid={unitsError ? true : undefined}
                    value={Number.isNaN(a.units) ? '' : a.units}
                    onChange={(e) => set(i, { units: e.target.valueAsNumber })}
                  />{' '}
                  U
                  {unitsError && (
                    <p className="field-error" role="alert">
                      {unitsError}
                    </p>
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="button button-link"
                    aria-label={`Remove ${name}`}
                    onClick={() => onChange(areas.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unused.length > 0 && (
        <label className="inline-label">
          Add area{' '}
          <select
            aria-label="Add area"
            value=""
            onChange={(e) => {
              if (e.target.value) onChange([...areas, { area: e.target.value, units: Number.NaN }]);
            }}
          >
            <option value="">Choose an area…</option>
            {unused.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
