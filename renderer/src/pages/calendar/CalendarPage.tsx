import {
  addDays as addDaysFns,
  addMonths,
  endOfMonth,
  endOfWeek,
  format,
  getDay,
  parse,
  startOfMonth,
  startOfWeek,
} from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useCallback, useEffect, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useLiveChanges } from '../../live';
import { Calendar, dateFnsLocalizer, type DateRange, type SlotInfo, type View } from 'react-big-calendar';
import withDragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import type { Appointment, CalendarSetup } from '../../../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS, APPOINTMENT_TYPES, bookableHours, calendarWindow } from '../../../../shared/calendar';
import type { AppInfo } from '../../../../shared/contract';
import type { ClinicSettings } from '../../../../shared/settings';
import type { StaffMember } from '../../../../shared/staff';
import { canInject } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { downloadText } from '../../download';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingDialog, type BookingSlot } from './BookingDialog';
import { useCalendarA11y } from './calendarA11y';
import { LeanAgenda, LeanMonth, LeanWeek } from './LeanViews';
import { clinicNow, dayOf, floatingDate, timeOf } from './floating';
import { DateInput } from '../../components/DateInput';
import { useFormat } from '../../format';
import { isValidDay, minutesOf } from '../../../../shared/time';

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (d: Date) => startOfWeek(d, { weekStartsOn: 1 }),
  getDay,
  locales: { 'en-GB': enGB },
});

interface CalendarEvent {
  id: number;
  title: string;
  start: Date;
  end: Date;
  resourceId: number;
  appointment: Appointment;
}

const DnDCalendar = withDragAndDrop<CalendarEvent, StaffMember>(Calendar);
/**
 * For the benchmark only (issue 18): `index.html?anchor=rbc` draws every view with
 * react-big-calendar's own (without the drag-and-drop addon, which only adds to its cost), so the
 * lean views are timed against what they replace with the same data, fetching and page. Nothing
 * in the app links to it, and the app's window never has a query string.
 */
const RBC_ANCHOR = new URLSearchParams(window.location.search).get('anchor') === 'rbc';
const VIEWS: View[] = ['day', 'week', 'month', 'agenda'];
const CLOSED_SLOT = { className: 'slot-closed' };
/**
 * The time gutter's width, given to react-big-calendar (calendar.css gives the gutter the same):
 * without it the library measures the gutter a frame after drawing and draws the whole day again.
 */
const GUTTER_PX = 60;
/** The hours down the side and each appointment's times, as date-fns's 'p' wrote them for en-GB (09:00, 09:00 – 09:30), without a date-fns format call for each. */
const FORMATS = {
  timeGutterFormat: (d: Date) => timeOf(d),
  eventTimeRangeFormat: ({ start, end }: DateRange) => `${timeOf(start)} – ${timeOf(end)}`,
};
const VIEW_LABELS: Record<string, string> = { day: 'Day', week: 'Week', month: 'Month', agenda: 'Agenda' };

/** The first and last day a view shows around `date`: only that range is loaded. */
export function visibleRange(view: View, date: Date): [string, string] {
  if (view === 'day') return [dayOf(date), dayOf(date)];
  if (view === 'week') return [dayOf(startOfWeek(date, { weekStartsOn: 1 })), dayOf(endOfWeek(date, { weekStartsOn: 1 }))];
  if (view === 'month')
    return [dayOf(startOfWeek(startOfMonth(date), { weekStartsOn: 1 })), dayOf(endOfWeek(endOfMonth(date), { weekStartsOn: 1 }))];
  return [dayOf(date), dayOf(addDaysFns(date, 6))];
}

function fromHash(rest: string[]): { view: View; day: string | null } {
  const view = VIEWS.includes(rest[0] as View) ? (rest[0] as View) : 'day';
  const day = rest[1] && /^\d{4}-\d{2}-\d{2}$/.test(rest[1]) ? rest[1] : null;
  return { view, day };
}

/** Where the arrows go from a view and day. */
function step(view: View, date: Date, direction: 1 | -1): Date {
  if (view === 'day') return addDaysFns(date, direction);
  if (view === 'month') return addMonths(date, direction);
  return addDaysFns(date, 7 * direction);
}

interface Shown {
  view: View;
  date: Date;
  practitionerId: number | null;
  appointments: Appointment[];
  key: string;
}

/** Reception's calendar: day (a column per practitioner), week, month and agenda; book, move and follow each visit. */
export function CalendarPage({ info, settings, rest }: { info: AppInfo; settings: ClinicSettings; rest: string[] }) {
  const dates = useFormat();
  const initial = fromHash(rest);
  // How far the main process's clock is from the page's: the now-line follows the clinic's clock.
  const [offsetMs, setOffsetMs] = useState(0);
  const [shown, setShown] = useState<Shown | null>(null);
  const [team, setTeam] = useState<StaffMember[]>([]);
  const [setup, setSetup] = useState<CalendarSetup | null>(null);
  // #/calendar/day/DATE/ID opens with that appointment's panel (Today's "In calendar").
  const [selectedId, setSelectedId] = useState<number | null>(() => (rest[2] && /^\d+$/.test(rest[2]) ? Number(rest[2]) : null));
  const [booking, setBooking] = useState<BookingSlot | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  useCalendarA11y(frameRef);
  // Ranges already fetched (and their neighbours, fetched ahead), so moving draws once, at once.
  const cache = useRef(new Map<string, Appointment[]>());
  const view = shown?.view ?? initial.view;
  const date = shown?.date ?? floatingDate(initial.day ?? info.today, '12:00');
  const practitionerFilter = shown?.practitionerId ?? null;

  const fetchRange = useCallback(async (v: View, d: Date, p: number | null) => {
    const [from, to] = visibleRange(v, d);
    const key = `${v}:${from}:${to}:${p ?? ''}`;
    let list = cache.current.get(key);
    if (!list) {
      list = await call('appointments.range', { from, to, practitionerId: p });
      cache.current.set(key, list);
    }
    return { key, list };
  }, []);

  /** Shows a view and day: fetches first, then changes everything in one render. */
  const go = useCallback(
    async (v: View, d: Date, p: number | null) => {
      try {
        const { key, list } = await fetchRange(v, d, p);
        setShown({ view: v, date: d, practitionerId: p, appointments: list, key });
      } catch (err) {
        setMessage({ kind: 'error', text: errorMessage(err) });
      }
    },
    [fetchRange],
  );

  /** After any change: forget what was fetched and show the current range afresh. */
  const refresh = useCallback(async () => {
    cache.current.clear();
    if (shown) await go(shown.view, shown.date, shown.practitionerId);
  }, [go, shown]);
  // Bookings, moves and arrivals made on another screen of the clinic show here within seconds.
  useLiveChanges(
    (c) => ['appointments', 'calendar', 'patients'].includes(c.topic),
    () => void refresh(),
  );

  // On opening (the page is rebuilt for another address): the team, the setup and the first range. Later moves go through `go`.
  const openingView = initial.view;
  const openingDay = initial.day ?? info.today;
  useEffect(() => {
    void Promise.all([call('team.list', {}), call('calendar.setup', {})]).then(([t, s]) => {
      setOffsetMs(info.nowMs - Date.now());
      setTeam(t.filter((m) => m.active && canInject(m)));
      setSetup(s);
    });
    const d = floatingDate(openingDay, '12:00');
    fetchRange(openingView, d, null)
      .then(({ key, list }) => setShown({ view: openingView, date: d, practitionerId: null, appointments: list, key }))
      .catch((err: unknown) => setMessage({ kind: 'error', text: errorMessage(err) }));
  }, [fetchRange, openingView, openingDay, info.nowMs]);

  useEffect(() => {
    if (!shown) return;
    // Keep the address in step, so a reload or a link comes back to the same view and day.
    window.history.replaceState(null, '', `#/calendar/${shown.view}/${dayOf(shown.date)}`);
    const ahead = setTimeout(() => {
      for (const d of [step(shown.view, shown.date, 1), step(shown.view, shown.date, -1)])
        void fetchRange(shown.view, d, shown.practitionerId).catch(() => undefined);
    }, 30);
    return () => clearTimeout(ahead);
  }, [shown, fetchRange]);

  const events: CalendarEvent[] = useMemo(
    () =>
      (shown?.appointments ?? []).map((a) => ({
        id: a.id,
        title: `${a.patientName} · ${APPOINTMENT_TYPE_LABELS[a.type]}${view === 'day' ? '' : ` · ${a.practitionerName}`}`,
        start: floatingDate(a.date, a.start),
        end: floatingDate(a.date, a.end),
        resourceId: a.practitionerId,
        appointment: a,
      })),
    [shown, view],
  );
  const shownTeam = useMemo(
    () => (practitionerFilter === null ? team : team.filter((m) => m.id === practitionerFilter)),
    [team, practitionerFilter],
  );
  const selected = shown?.appointments.find((a) => a.id === selectedId) ?? null;

  const hoursOf = useCallback(
    (d: Date, staffId: number | null) =>
      // The same rule as the main process's booking check (shared/calendar.ts).
      bookableHours(dayOf(d), staffId, {
        openingHours: settings.openingHours,
        workingHours: setup?.hours ?? [],
        daysOff: setup?.daysOff ?? [],
      }),
    [settings.openingHours, setup],
  );
  // The hours the views show: the clinic's opening hours, and any appointment outside them.
  const dayWindow = useMemo(
    () => calendarWindow(settings.openingHours, shown?.appointments ?? []),
    [settings.openingHours, shown],
  );

  const move = useCallback(
    async (args: EventInteractionArgs<CalendarEvent>) => {
      const a = args.event.appointment;
      const start = new Date(args.start);
      const end = new Date(args.end);
      try {
        await call('appointments.move', {
          id: a.id,
          practitionerId: typeof args.resourceId === 'number' ? args.resourceId : a.practitionerId,
          roomId: a.roomId,
          date: dayOf(start),
          start: timeOf(start),
          end: timeOf(end),
          overrideReason: a.overrideReason,
          allowPast: false,
        });
        setMessage({ kind: 'ok', text: `${a.patientName} moved to ${dayOf(start)} at ${timeOf(start)}.` });
      } catch (err) {
        setMessage({ kind: 'error', text: `Not moved: ${errorMessage(err)}` });
      }
      await refresh();
    },
    [refresh],
  );

  const hoursOfClinic = useCallback((d: Date) => hoursOf(d, null), [hoursOf]);
  const onLeanSlot = useCallback(
    (day: string, start: string) => setBooking({ date: day, start, practitionerId: practitionerFilter ?? team[0]?.id ?? null }),
    [practitionerFilter, team],
  );
  const jump = (day: string) => void go(view, floatingDate(day, '12:00'), practitionerFilter);
  const onSelectEvent = useCallback((e: CalendarEvent) => setSelectedId(e.id), []);
  const onKeyPressEvent = useCallback((e: CalendarEvent, ev: SyntheticEvent<HTMLElement>) => {
    const key = (ev as unknown as { key?: string }).key;
    if (key === 'Enter' || key === ' ') setSelectedId(e.id);
  }, []);
  const onSelectSlot = useCallback(
    (slot: SlotInfo) => {
      const start = new Date(slot.start);
      const resource = typeof slot.resourceId === 'number' ? slot.resourceId : (practitionerFilter ?? team[0]?.id ?? null);
      setBooking({ date: dayOf(start), start: timeOf(start), practitionerId: resource });
    },
    [practitionerFilter, team],
  );
  const onMoved = useCallback((args: EventInteractionArgs<CalendarEvent>) => void move(args), [move]);
  const calendarProps = useMemo(() => {
    const slotHours = new Map<string, { opens: string; closes: string } | null>();
    return {
      min: floatingDate(info.today, dayWindow.opens),
      max: floatingDate(info.today, dayWindow.closes),
      scrollToTime: floatingDate(info.today, dayWindow.opens),
      getNow: () => clinicNow(settings.timeZone, offsetMs),
      eventPropGetter: (e: CalendarEvent) => ({
        // Half an hour or less has room for one line of text under the times (calendar.css).
        className: `appt-type-${e.appointment.type} appt-status-${e.appointment.status}${
          e.end.getTime() - e.start.getTime() <= 30 * 60_000 ? ' appt-short' : ''
        }`,
      }),
      draggableAccessor: (e: CalendarEvent) => !['cancelled', 'no_show', 'completed'].includes(e.appointment.status),
      slotPropGetter: (d: Date, resourceId?: number | string) => {
        // Called for every slot of every column: the hours are worked out once per day and practitioner.
        const key = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}|${String(resourceId)}`;
        let hours = slotHours.get(key);
        if (hours === undefined) {
          hours = hoursOf(d, typeof resourceId === 'number' ? resourceId : null);
          slotHours.set(key, hours);
        }
        const t = timeOf(d);
        return hours && t >= hours.opens && t < hours.closes ? {} : CLOSED_SLOT;
      },
      dayPropGetter: (d: Date) => (hoursOf(d, null) ? {} : { className: 'day-closed' }),
      messages: { noEventsInRange: 'No appointments in this period.' },
      formats: FORMATS,
      width: GUTTER_PX,
      resourceIdAccessor: (m: StaffMember) => m.id,
      resourceTitleAccessor: (m: StaffMember) => m.name,
    };
  }, [info.today, settings.timeZone, offsetMs, hoursOf, dayWindow]);
  // What react-big-calendar is given whichever way it draws (with drag-and-drop, or bare for the bench's anchor).
  const rbcProps = useMemo(
    () => ({
      localizer,
      culture: 'en-GB',
      events,
      view,
      views: VIEWS,
      onView: (v: View) => void go(v, date, practitionerFilter),
      date,
      onNavigate: (d: Date) => void go(view, d, practitionerFilter),
      toolbar: false,
      step: 15,
      timeslots: 4,
      length: 7,
      ...calendarProps,
    }),
    [events, view, date, go, practitionerFilter, calendarProps],
  );

  // What the frame draws, kept while only other parts of the page change (a message, the selected
  // appointment's panel, the booking dialog), so those do not draw a day of appointments again.
  const drawn = useMemo(() => {
    const appointments = shown?.appointments ?? [];
    const now = clinicNow(settings.timeZone, offsetMs);
    if (RBC_ANCHOR && view !== 'day') return <Calendar {...rbcProps} selectable popup onSelectEvent={onSelectEvent} />;
    if (view === 'agenda') return <LeanAgenda date={date} appointments={appointments} onSelect={setSelectedId} />;
    if (view === 'month')
      return (
        <LeanMonth
          date={date}
          appointments={appointments}
          hoursOf={hoursOfClinic}
          now={now}
          onSelect={setSelectedId}
          onDay={(day) => void go('day', floatingDate(day, '12:00'), practitionerFilter)}
        />
      );
    if (view === 'week' && practitionerFilter === null)
      return (
        <LeanWeek
          date={date}
          appointments={appointments}
          hoursOf={hoursOfClinic}
          span={{ start: minutesOf(dayWindow.opens), end: minutesOf(dayWindow.closes) }}
          now={now}
          onSelect={setSelectedId}
          onSlot={onLeanSlot}
        />
      );
    return (
      <DnDCalendar
        {...rbcProps}
        {...(view === 'day' ? { resources: shownTeam } : {})}
        selectable
        resizable
        popup
        onSelectSlot={onSelectSlot}
        onSelectEvent={onSelectEvent}
        onKeyPressEvent={onKeyPressEvent}
        onEventDrop={onMoved}
        onEventResize={onMoved}
      />
    );
  }, [
    shown,
    settings.timeZone,
    offsetMs,
    view,
    rbcProps,
    onSelectEvent,
    date,
    hoursOfClinic,
    go,
    practitionerFilter,
    dayWindow,
    onLeanSlot,
    shownTeam,
    onSelectSlot,
    onKeyPressEvent,
    onMoved,
  ]);

  return (
    <div className="page page-wide calendar-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">Calendar</p>
          <h1>{format(date, view === 'month' ? 'MMMM yyyy' : 'EEEE d MMMM yyyy', { locale: enGB })}</h1>
        </div>
        <div className="header-actions">
          <a
            className="button button-secondary"
            href={`#/calendar/sheet/${dayOf(date)}/${view === 'week' ? 7 : 1}${practitionerFilter ? `/${practitionerFilter}` : ''}`}
          >
            {view === 'week' ? 'Week sheet' : 'Day sheet'}
          </a>
          <button
            type="button"
            className="button button-secondary"
            title={`The ${view === 'month' ? 'month' : view === 'day' ? 'day' : view === 'agenda' ? 'dates' : 'week'} shown, for ${practitionerFilter === null ? 'everyone' : (team.find((m) => m.id === practitionerFilter)?.name ?? 'this practitioner')}; patients by ${settings.calendarNames === 'full' ? 'full name' : 'initials'}`}
            onClick={() => {
              const [from, to] = visibleRange(view, date);
              void call('calendar.ics', { practitionerId: practitionerFilter, from, to }).then((f) =>
                downloadText(f.fileName, f.ics, 'text/calendar'),
              );
            }}
          >
            Export .ics
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() =>
              setBooking({ date: dayOf(date), start: '09:00', practitionerId: practitionerFilter ?? team[0]?.id ?? null })
            }
          >
            New booking
          </button>
        </div>
      </header>
      <div className="toolbar calendar-toolbar compact-buttons">
        <div className="button-group" role="group" aria-label="Move through the calendar">
          <button type="button" className="button button-secondary" onClick={() => jump(info.today)}>
            Today
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-label="Previous"
            onClick={() => void go(view, step(view, date, -1), practitionerFilter)}
          >
            ‹
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-label="Next"
            onClick={() => void go(view, step(view, date, 1), practitionerFilter)}
          >
            ›
          </button>
        </div>
        <label className="inline-label">
          Go to <DateInput aria-label="Go to date" value={dayOf(date)} onChange={(v) => isValidDay(v) && jump(v)} />
        </label>
        <label className="inline-label">
          Practitioner{' '}
          <select
            value={practitionerFilter ?? ''}
            onChange={(e) => void go(view, date, e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Everyone</option>
            {team.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <div className="button-group view-switch" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              className="button button-secondary"
              aria-pressed={view === v}
              onClick={() => void go(v, date, practitionerFilter)}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
      </div>
      <ul className="type-legend" aria-label="Appointment types">
        {APPOINTMENT_TYPES.map((t) => (
          <li key={t} className={`legend-item appt-type-${t}`}>
            {APPOINTMENT_TYPE_LABELS[t]}
          </li>
        ))}
      </ul>
      {message && (
        <p className={message.kind === 'ok' ? 'status-ok' : 'status-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className={`calendar-layout${selected ? ' with-panel' : ''}`}>
        <div className="calendar-frame" data-testid="calendar" data-loaded={shown?.key ?? ''} ref={frameRef}>
          {drawn}
        </div>
        {selected && (
          <AppointmentPanel
            key={selected.id}
            appointment={selected}
            team={team}
            rooms={setup?.rooms ?? []}
            today={info.today}
            onClose={() => setSelectedId(null)}
            onChanged={async (text) => {
              setMessage({ kind: 'ok', text });
              await refresh();
            }}
          />
        )}
      </div>
      {booking && setup && (
        <BookingDialog
          slot={booking}
          team={team}
          setup={setup}
          onClose={() => setBooking(null)}
          onBooked={async (a) => {
            setBooking(null);
            setMessage({
              kind: 'ok',
              text: `Booked: ${a.patientName}, ${APPOINTMENT_TYPE_LABELS[a.type].toLowerCase()} on ${dates.date(a.date)} at ${dates.time(a.start)} with ${a.practitionerName}.`,
            });
            jump(a.date);
            await refresh();
            setSelectedId(a.id);
          }}
        />
      )}
    </div>
  );
}
