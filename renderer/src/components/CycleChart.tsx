import type { AreaSchedule } from '../../../shared/schedule';
import { useFormat } from '../format';

const W = 300;
const H = 132;
const TOP = 14;
const BOTTOM = 30;
const LEFT = 30;

/**
 * An area's cycles at a glance: one bar per treatment, as tall as the effect was seen to last
 * (a hollow bar while nothing was recorded), the product under it, the expected duration as a
 * line and the review threshold as a red dashed line, so an effect getting shorter shows at once.
 */
export function CycleChart({
  area,
}: {
  area: Pick<AreaSchedule, 'areaName' | 'cycles' | 'expectedDurationDays' | 'reviewBelowDays'>;
}) {
  const format = useFormat();
  const cycles = area.cycles.slice(-8);
  const seen = cycles.map((c) => c.observedDays ?? 0);
  const max = Math.max(area.expectedDurationDays, ...seen, area.reviewBelowDays ?? 0) * 1.12;
  const plotH = H - TOP - BOTTOM;
  const y = (days: number) => TOP + plotH - (days / max) * plotH;
  const slot = (W - LEFT - 6) / Math.max(cycles.length, 1);
  const bar = Math.min(28, slot * 0.6);
  const summary =
    cycles.length === 0
      ? `${area.areaName}: no cycles yet.`
      : `${area.areaName}, cycle by cycle: ${cycles
          .map(
            (c) =>
              `${c.productName} ${format.date(c.start)}: ${c.noResponse ? 'no response' : c.observedDays === null ? 'not yet seen wearing off' : `${c.observedDays} days`}`,
          )
          .join(
            '; ',
          )}. Expected ${area.expectedDurationDays} days${area.reviewBelowDays !== null ? `; review below ${area.reviewBelowDays} days` : ''}.`;
  const shortBrand = (b: string) => b.split(' ')[0]!;
  return (
    <figure className="cycle-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line x1={LEFT} x2={W} y1={TOP + plotH} y2={TOP + plotH} className="cc-axis" />
        {cycles.map((c, i) => {
          const x = LEFT + slot * i + (slot - bar) / 2;
          const days = c.observedDays;
          return (
            <g key={c.start}>
              {days !== null ? (
                <rect x={x} y={y(days)} width={bar} height={TOP + plotH - y(days)} className="cc-bar" />
              ) : (
                <rect
                  x={x}
                  y={y(area.expectedDurationDays)}
                  width={bar}
                  height={TOP + plotH - y(area.expectedDurationDays)}
                  className="cc-bar-open"
                />
              )}
              <text x={x + bar / 2} y={(days !== null ? y(days) : y(area.expectedDurationDays)) - 3} className="cc-value">
                {c.noResponse ? '✕' : days === null ? '…' : days}
              </text>
              <text x={x + bar / 2} y={H - 16} className="cc-label">
                {shortBrand(c.productName)}
              </text>
              <text x={x + bar / 2} y={H - 5} className="cc-label cc-date">
                {c.start.slice(2, 7)}
              </text>
            </g>
          );
        })}
        <line x1={LEFT} x2={W} y1={y(area.expectedDurationDays)} y2={y(area.expectedDurationDays)} className="cc-expected" />
        <text x={2} y={y(area.expectedDurationDays) + 3} className="cc-axis-label">
          {area.expectedDurationDays}
        </text>
        {area.reviewBelowDays !== null && (
          <>
            <line x1={LEFT} x2={W} y1={y(area.reviewBelowDays)} y2={y(area.reviewBelowDays)} className="cc-review" />
            <text x={2} y={y(area.reviewBelowDays) + 3} className="cc-axis-label cc-review-label">
              {area.reviewBelowDays}
            </text>
          </>
        )}
      </svg>
      <figcaption className="cc-key" aria-hidden="true">
        <span className="cc-key-bar" /> days it lasted <span className="cc-key-expected" /> expected{' '}
        {area.reviewBelowDays !== null && (
          <>
            <span className="cc-key-review" /> review below
          </>
        )}
      </figcaption>
    </figure>
  );
}
