import {
  PHOTO_EXPRESSION_LABELS,
  PHOTO_EXPRESSIONS,
  PHOTO_PHASE_LABELS,
  PHOTO_PHASES,
  PHOTO_VIEW_LABELS,
  PHOTO_VIEWS,
  type ImportTags,
} from '../../../../shared/photos';

/** A select of labelled options where "—" means not set. */
function TagSelect<T extends string | number>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T | null;
  options: readonly { value: T; label: string }[];
  onChange: (v: T | null) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(options.find((o) => String(o.value) === e.target.value)?.value ?? null)}
      >
        <option value="">—</option>
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Area, view, expression, phase and linked treatment: shared by the import panel and the photo editor. */
export function TagSelects<T extends ImportTags>({
  idPrefix,
  tags,
  onChange,
  areas,
  treatments,
}: {
  idPrefix: string;
  tags: T;
  onChange: (t: T) => void;
  areas: { code: string; name: string }[];
  treatments: { id: number; label: string }[];
}) {
  const labelled = <K extends string>(values: readonly K[], labels: Record<K, string>) =>
    values.map((v) => ({ value: v, label: labels[v] }));
  return (
    <div className="form-grid tag-grid">
      <TagSelect
        id={`${idPrefix}-area`}
        label="Area"
        value={tags.area}
        options={areas.map((a) => ({ value: a.code, label: a.name }))}
        onChange={(area) => onChange({ ...tags, area })}
      />
      <TagSelect
        id={`${idPrefix}-view`}
        label="View"
        value={tags.view}
        options={labelled(PHOTO_VIEWS, PHOTO_VIEW_LABELS)}
        onChange={(view) => onChange({ ...tags, view })}
      />
      <TagSelect
        id={`${idPrefix}-expression`}
        label="Expression"
        value={tags.expression}
        options={labelled(PHOTO_EXPRESSIONS, PHOTO_EXPRESSION_LABELS)}
        onChange={(expression) => onChange({ ...tags, expression })}
      />
      <TagSelect
        id={`${idPrefix}-phase`}
        label="Phase"
        value={tags.phase}
        options={labelled(PHOTO_PHASES, PHOTO_PHASE_LABELS)}
        onChange={(phase) => onChange({ ...tags, phase })}
      />
      <TagSelect
        id={`${idPrefix}-treatment`}
        label="Treatment"
        value={tags.treatmentId}
        options={treatments.map((t) => ({ value: t.id, label: t.label }))}
        onChange={(treatmentId) => onChange({ ...tags, treatmentId })}
      />
    </div>
  );
}
