import { addDays as addDaysFns, endOfMonth, endOfWeek, format, getDay, parse, startOfMonth, startOfWeek } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Calendar, dateFnsLocalizer, type View } from 'react-big-calendar';
import withDragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import type { Appointment, CalendarSetup } from '../../../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS, APPOINTMENT_TYPES } from '../../../../shared/calendar';
import type { AppInfo } from '../../../../shared/contract';
import type { ClinicSettings } from '../../../../shared/settings';
import { WEEKDAYS } from '../../../../shared/settings';
import type { TeamMember } from '../../../../shared/team';
import { canInject } from '../../../../shared/team';
import { call, errorMessage } from '../../api';
import { downloadText } from '../../download';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingDialog, type BookingSlot } from './BookingDialog';
import { useCalendarA11y } from './calendarA11y';
import { clinicNow, dayOf, floatingDate, timeOf } from './floating';

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

const DnDCalendar = withDragAndDrop<CalendarEvent, TeamMember>(Calendar);
const VIEWS: View[] = ['day', 'week', 'month', 'agenda'];
const VIEW_LABELS: Record<string, string> = { day: 'Day', week: 'Week', month: 'Month', agenda: 'Agenda' };

/** The first and last day a view shows around `date`: only that range is loaded. */
export function visibleRange(view: View, date: Date): [string, string] {
  if (view === 'day') return [dayOf(date), dayOf(date)];
  if (view === 'week') return [dayOf(startOfWeek(date, { weekStartsOn: 1 })), dayOf(endOfWeek(date, { weekStartsOn: 1 }))];
  if (view === 'month')
    return [dayOf(startOfWeek(startOfMonth(date), { weekStartsOn: 1 })), dayOf(endOfWeek(endOfMonth(date), { weekStartsOn: 1 }))];
  return [dayOf(date), dayOf(addDaysFns(date, 29))];
}

function fromHash(rest: string[]): { view: View; day: string | null } {
  const view = VIEWS.includes(rest[0] as View) ? (rest[0] as View) : 'day';
  const day = rest[1] && /^\d{4}-\d{2}-\d{2}$/.test(rest[1]) ? rest[1] : null;
  return { view, day };
}

/** Reception's calendar: day (a column per practitioner), week, month and agenda; book, move and follow each visit. */
export function CalendarPage({ info, settings, rest }: { info: AppInfo; settings: ClinicSettings; rest: string[] }) {
  const initial = fromHash(rest);
  const offsetMs = useMemo(() => info.nowMs - Date.now(), [info.nowMs]);
  const [view, setView] = useState<View>(initial.view);
  const [date, setDate] = useState<Date>(floatingDate(initial.day ?? info.today, '12:00'));
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [setup, setSetup] = useState<CalendarSetup | null>(null);
  const [appointments, setAppointments] = useState<Appointment[]>([]);
  const [practitionerFilter, setPractitionerFilter] = useState<number | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [booking, setBooking] = useState<BookingSlot | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [from, to] = visibleRange(view, date);
  const frameRef = useRef<HTMLDivElement>(null);
  useCalendarA11y(frameRef);

  useEffect(() => {
    void Promise.all([call('team.list', {}), call('calendar.setup', {})]).then(([t, s]) => {
      setTeam(t.filter((m) => m.active && canInject(m)));
      setSetup(s);
    });
  }, []);

  const load = useCallback(async () => {
    try {
      setAppointments(await call('appointments.range', { from, to, practitionerId: practitionerFilter }));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  }, [from, to, practitionerFilter]);

  useEffect(() => {
    void load();
    // Keep the address in step, so a reload or a link comes back to the same view and day.
    window.history.replaceState(null, '', `#/calendar/${view}/${dayOf(date)}`);
  }, [load, view, date]);

  const events: CalendarEvent[] = useMemo(
    () =>
      appointments.map((a) => ({
        id: a.id,
        title: `${a.patientName} · ${APPOINTMENT_TYPE_LABELS[a.type]}${view === 'day' ? '' : ` · ${a.practitionerName}`}`,
        start: floatingDate(a.date, a.start),
        end: floatingDate(a.date, a.end),
        resourceId: a.practitionerId,
        appointment: a,
      })),
    [appointments, view],
  );
  const shownTeam = practitionerFilter === null ? team : team.filter((m) => m.id === practitionerFilter);
  const selected = appointments.find((a) => a.id === selectedId) ?? null;

  const hoursOf = (d: Date, staffId: number | null) => {
    const weekday = WEEKDAYS[(d.getDay() + 6) % 7]!;
    const clinic = settings.openingHours.find((h) => h.day === weekday)!;
    const own = staffId === null ? undefined : setup?.hours.find((h) => h.staffId === staffId && h.weekday === weekday);
    const closed = setup?.daysOff.some((o) => o.day === dayOf(d) && (o.staffId === null || o.staffId === staffId));
    if (!clinic.open || closed || (own && !own.isWorking)) return null;
    return own
      ? {
          opens: own.starts > clinic.opens ? own.starts : clinic.opens,
          closes: own.ends < clinic.closes ? own.ends : clinic.closes,
        }
      : { opens: clinic.opens, closes: clinic.closes };
  };

  async function move(args: EventInteractionArgs<CalendarEvent>) {
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
    await load();
  }

  const jump = (day: string) => setDate(floatingDate(day, '12:00'));
  const minTime = floatingDate(info.today, '08:00');
  const maxTime = floatingDate(info.today, '19:30');

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
            disabled={practitionerFilter === null}
            title={practitionerFilter === null ? 'Choose a practitioner first' : undefined}
            onClick={() =>
              practitionerFilter !== null &&
              void call('calendar.ics', {
                practitionerId: practitionerFilter,
                from: info.today,
                to: dayOf(addDaysFns(floatingDate(info.today, '12:00'), 90)),
              }).then((f) => downloadText(f.fileName, f.ics, 'text/calendar'))
            }
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
            onClick={() => setDate(addDaysFns(date, view === 'day' ? -1 : view === 'week' ? -7 : view === 'month' ? -30 : -30))}
          >
            ‹
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-label="Next"
            onClick={() => setDate(addDaysFns(date, view === 'day' ? 1 : view === 'week' ? 7 : view === 'month' ? 30 : 30))}
          >
            ›
          </button>
        </div>
        <label className="inline-label">
          Go to{' '}
          <input
            type="date"
            aria-label="Go to date"
            value={dayOf(date)}
            onChange={(e) => e.target.value && jump(e.target.value)}
          />
        </label>
        <label className="inline-label">
          Practitioner{' '}
          <select
            value={practitionerFilter ?? ''}
            onChange={(e) => setPractitionerFilter(e.target.value ? Number(e.target.value) : null)}
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
              onClick={() => setView(v)}
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
        <div className="calendar-frame" data-testid="calendar" ref={frameRef}>
          <DnDCalendar
            localizer={localizer}
            culture="en-GB"
            events={events}
            view={view}
            views={VIEWS}
            onView={setView}
            date={date}
            onNavigate={(d) => setDate(d)}
            toolbar={false}
            step={15}
            timeslots={4}
            min={minTime}
            max={maxTime}
            getNow={() => clinicNow(settings.timeZone, offsetMs)}
            scrollToTime={floatingDate(info.today, '08:45')}
            {...(view === 'day'
              ? {
                  resources: shownTeam,
                  resourceIdAccessor: (m: TeamMember) => m.id,
                  resourceTitleAccessor: (m: TeamMember) => m.name,
                }
              : {})}
            selectable
            resizable
            popup
            onSelectSlot={(slot) => {
              const start = new Date(slot.start);
              const resource =
                typeof slot.resourceId === 'number' ? slot.resourceId : (practitionerFilter ?? team[0]?.id ?? null);
              setBooking({ date: dayOf(start), start: view === 'month' ? '09:00' : timeOf(start), practitionerId: resource });
            }}
            onSelectEvent={(e) => setSelectedId(e.id)}
            onKeyPressEvent={(e, ev) => {
              const key = (ev as unknown as { key?: string }).key;
              if (key === 'Enter' || key === ' ') setSelectedId(e.id);
            }}
            onEventDrop={(args) => void move(args)}
            onEventResize={(args) => void move(args)}
            draggableAccessor={(e) => !['cancelled', 'no_show', 'completed'].includes(e.appointment.status)}
            eventPropGetter={(e) => ({ className: `appt-type-${e.appointment.type} appt-status-${e.appointment.status}` })}
            slotPropGetter={(d, resourceId) => {
              const hours = hoursOf(d, typeof resourceId === 'number' ? resourceId : null);
              const t = timeOf(d);
              return hours && t >= hours.opens && t < hours.closes ? {} : { className: 'slot-closed' };
            }}
            dayPropGetter={(d) => (hoursOf(d, null) ? {} : { className: 'day-closed' })}
            messages={{ noEventsInRange: 'No appointments in this period.' }}
          />
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
              await load();
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
              text: `Booked: ${a.patientName}, ${APPOINTMENT_TYPE_LABELS[a.type].toLowerCase()} on ${a.date} at ${a.start} with ${a.practitionerName}.`,
            });
            jump(a.date);
            await load();
            setSelectedId(a.id);
          }}
        />
      )}
    </div>
  );
}
