import { addDays, endOfMonth, endOfWeek, format, startOfMonth, startOfWeek } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { memo, useMemo, type MouseEvent } from 'react';
import type { Appointment } from '../../../../shared/calendar';
import { APPOINTMENT_STATUS_LABELS, APPOINTMENT_TYPE_LABELS } from '../../../../shared/calendar';
import { minutesOf } from '../../../../shared/time';
import { dayOf, timeOf } from './floating';

/**
 * Week and month views drawn lean, for the busy cases (a whole clinic's week or month):
 * one positioned button per appointment and nothing else per appointment, so hundreds of
 * them draw in a few milliseconds. The day view and a single practitioner's week use
 * react-big-calendar, with drag-and-drop.
 */

const PX_PER_MIN = 1.1;

/** The minutes of the day a week view shows, from the clinic's opening hours (shared calendarWindow). */
export interface DaySpan {
  start: number;
  end: number;
}

export type Hours = { opens: string; closes: string } | null;

interface Placed {
  a: Appointment;
  column: number;
  columns: number;
}

/** Side by side where they overlap: each cluster of overlapping appointments shares the width. */
export function placeOverlaps(list: readonly Appointment[]): Placed[] {
  const sorted = [...list].sort((x, y) => x.start.localeCompare(y.start) || x.end.localeCompare(y.end));
  const placed: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = '';
  let columnEnds: string[] = [];
  const close = () => {
    for (const p of cluster) p.columns = columnEnds.length;
    cluster = [];
    columnEnds = [];
  };
  for (const a of sorted) {
    if (cluster.length && a.start >= clusterEnd) close();
    let column = columnEnds.findIndex((end) => end <= a.start);
    if (column < 0) column = columnEnds.push(a.end) - 1;
    else columnEnds[column] = a.end;
    const p = { a, column, columns: 1 };
    cluster.push(p);
    placed.push(p);
    if (cluster.length === 1 || a.end > clusterEnd) clusterEnd = a.end;
  }
  close();
  return placed;
}

function label(a: Appointment): string {
  return `${a.start}–${a.end} ${a.patientName}, ${APPOINTMENT_TYPE_LABELS[a.type]}, ${a.practitionerName}${a.status === 'booked' ? '' : `, ${APPOINTMENT_STATUS_LABELS[a.status]}`}`;
}

/** Closed hours as one background gradient per day, instead of an element per slot. */
function shading(hours: Hours, span: DaySpan): string {
  const length = span.end - span.start;
  if (!hours) return 'var(--closed-bg)';
  const open = ((minutesOf(hours.opens) - span.start) / length) * 100;
  const close = ((minutesOf(hours.closes) - span.start) / length) * 100;
  return `linear-gradient(to bottom, var(--closed-bg) 0 ${open}%, transparent ${open}% ${close}%, var(--closed-bg) ${close}% 100%)`;
}

const DayColumn = memo(function DayColumn({
  day,
  list,
  hours,
  span,
  nowMinutes,
  onSelect,
  onSlot,
}: {
  day: string;
  list: Appointment[];
  hours: Hours;
  span: DaySpan;
  nowMinutes: number | null;
  onSelect: (id: number) => void;
  onSlot: (day: string, time: string) => void;
}) {
  const placed = useMemo(() => placeOverlaps(list), [list]);
  function click(e: MouseEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget) return;
    const y = e.nativeEvent.offsetY;
    const minute = span.start + Math.floor(y / PX_PER_MIN / 15) * 15;
    onSlot(day, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
  }
  return (
    <div
      className="lean-day"
      style={{ height: (span.end - span.start) * PX_PER_MIN, background: shading(hours, span) }}
      onClick={click}
    >
      {placed.map(({ a, column, columns }) => {
        const top = (minutesOf(a.start) - span.start) * PX_PER_MIN;
        const height = Math.max(14, (minutesOf(a.end) - minutesOf(a.start)) * PX_PER_MIN - 1);
        return (
          <button
            key={a.id}
            type="button"
            className={`lean-event appt-type-${a.type} appt-status-${a.status}`}
            style={{ top, height, left: `${(column / columns) * 100}%`, width: `${100 / columns}%` }}
            aria-label={label(a)}
            title={label(a)}
            onClick={() => onSelect(a.id)}
          >
            {a.patientName}
          </button>
        );
      })}
      {nowMinutes !== null && nowMinutes >= span.start && nowMinutes <= span.end && (
        <div className="lean-now" style={{ top: (nowMinutes - span.start) * PX_PER_MIN }} />
      )}
    </div>
  );
});

function byDay(appointments: readonly Appointment[]): Map<string, Appointment[]> {
  const map = new Map<string, Appointment[]>();
  for (const a of appointments) {
    const list = map.get(a.date);
    if (list) list.push(a);
    else map.set(a.date, [a]);
  }
  return map;
}

export function LeanWeek({
  date,
  appointments,
  hoursOf,
  span,
  now,
  onSelect,
  onSlot,
}: {
  date: Date;
  appointments: readonly Appointment[];
  hoursOf: (d: Date) => Hours;
  span: DaySpan;
  now: Date;
  onSelect: (id: number) => void;
  onSlot: (day: string, time: string) => void;
}) {
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(date, { weekStartsOn: 1 }), i)), [date]);
  const grouped = useMemo(() => byDay(appointments), [appointments]);
  const today = dayOf(now);
  const nowMinutes = minutesOf(timeOf(now));
  const empty: Appointment[] = [];
  return (
    <div className="lean-week">
      <div className="lean-head">
        <span />
        {days.map((d) => (
          <span key={dayOf(d)} className={dayOf(d) === today ? 'lean-today' : undefined}>
            {format(d, 'EEE d', { locale: enGB })} <span className="muted small">({grouped.get(dayOf(d))?.length ?? 0})</span>
          </span>
        ))}
      </div>
      <div className="lean-body">
        <div className="lean-gutter" style={{ height: (span.end - span.start) * PX_PER_MIN }}>
          {Array.from({ length: Math.floor((span.end - span.start) / 60) + 1 }, (_, i) => (
            <span key={i} style={{ top: i * 60 * PX_PER_MIN }}>
              {String(Math.floor(span.start / 60) + i).padStart(2, '0')}:00
            </span>
          ))}
        </div>
        {days.map((d) => (
          <DayColumn
            key={dayOf(d)}
            day={dayOf(d)}
            list={grouped.get(dayOf(d)) ?? empty}
            hours={hoursOf(d)}
            span={span}
            nowMinutes={dayOf(d) === today ? nowMinutes : null}
            onSelect={onSelect}
            onSlot={onSlot}
          />
        ))}
      </div>
    </div>
  );
}

export function LeanMonth({
  date,
  appointments,
  hoursOf,
  now,
  onSelect,
  onDay,
}: {
  date: Date;
  appointments: readonly Appointment[];
  hoursOf: (d: Date) => Hours;
  now: Date;
  onSelect: (id: number) => void;
  onDay: (day: string) => void;
}) {
  const grouped = useMemo(() => byDay(appointments), [appointments]);
  const first = startOfWeek(startOfMonth(date), { weekStartsOn: 1 });
  const last = endOfWeek(endOfMonth(date), { weekStartsOn: 1 });
  const days: Date[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const month = date.getMonth();
  const today = dayOf(now);
  return (
    <div className="lean-month">
      {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((w) => (
        <span key={w} className="lean-month-head">
          {w}
        </span>
      ))}
      {days.map((d) => {
        const key = dayOf(d);
        const list = (grouped.get(key) ?? []).filter((a) => a.status !== 'cancelled' && a.status !== 'no_show');
        const shown = [...list].sort((x, y) => x.start.localeCompare(y.start)).slice(0, 3);
        return (
          <div
            key={key}
            className={`lean-cell${d.getMonth() !== month ? ' lean-off' : ''}${hoursOf(d) ? '' : ' lean-closed'}${key === today ? ' lean-today' : ''}`}
          >
            <button
              type="button"
              className="lean-date"
              onClick={() => onDay(key)}
              aria-label={`${format(d, 'EEEE d MMMM', { locale: enGB })}: ${list.length} appointments`}
            >
              {d.getDate()}
            </button>
            {shown.map((a) => (
              <button
                key={a.id}
                type="button"
                className={`lean-chip appt-type-${a.type}`}
                title={label(a)}
                onClick={() => onSelect(a.id)}
              >
                {a.start} {a.patientName}
                <span className="visually-hidden">
                  , until {a.end}, {APPOINTMENT_TYPE_LABELS[a.type]}, {a.practitionerName}
                </span>
              </button>
            ))}
            {list.length > shown.length && (
              <button type="button" className="lean-more" onClick={() => onDay(key)}>
                +{list.length - shown.length} more
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** A row's height in the agenda (compact table rows), for the space a day not yet drawn keeps. */
const AGENDA_ROW_PX = 40;

/**
 * The agenda: a week of appointments, a table for each day. Each day's table is drawn (laid out
 * and painted) only when it scrolls near the screen (content-visibility in calendar.css): all its
 * rows are on the page from the start, for the keyboard, screen readers and find-in-page, but a
 * week of 500 no longer waits for the six days below the first to be laid out.
 */
export function LeanAgenda({
  date,
  appointments,
  onSelect,
}: {
  date: Date;
  appointments: readonly Appointment[];
  onSelect: (id: number) => void;
}) {
  const grouped = useMemo(() => byDay(appointments), [appointments]);
  const days = Array.from({ length: 7 }, (_, i) => dayOf(addDays(date, i))).filter((d) => grouped.has(d));
  if (days.length === 0) return <p className="muted lean-agenda-empty">No appointments in this period.</p>;
  return (
    <div className="lean-agenda">
      {days.map((d) => {
        const list = [...grouped.get(d)!].sort(
          (x, y) => x.start.localeCompare(y.start) || x.practitionerName.localeCompare(y.practitionerName),
        );
        return (
          <div
            key={d}
            className="lean-agenda-day"
            style={{ containIntrinsicSize: `auto ${(list.length + 2) * AGENDA_ROW_PX}px` }}
          >
            <table className="data-table compact">
              <caption>
                {format(new Date(`${d}T12:00:00`), 'EEEE d MMMM', { locale: enGB })}{' '}
                <span className="muted small">
                  ({list.length} appointment{list.length === 1 ? '' : 's'})
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Type</th>
                  <th scope="col">With</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <tr key={a.id} className={`appt-type-${a.type}`}>
                    <td className="nowrap">
                      {a.start}–{a.end}
                    </td>
                    <td>
                      <button type="button" className="button button-link lean-agenda-patient" onClick={() => onSelect(a.id)}>
                        {a.patientName}
                      </button>
                    </td>
                    <td>
                      {APPOINTMENT_TYPE_LABELS[a.type]}
                      {a.status !== 'booked' && ` (${APPOINTMENT_STATUS_LABELS[a.status].toLowerCase()})`}
                    </td>
                    <td>
                      {a.practitionerName}
                      {a.roomName && ` · ${a.roomName}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
