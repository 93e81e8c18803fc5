import type { Appointment } from '../../../shared/calendar';
import { APPOINTMENT_STATUS_LABELS, APPOINTMENT_TYPE_LABELS, RELEASED_STATUSES, TREATING_TYPES } from '../../../shared/calendar';
import type { AppInfo } from '../../../shared/contract';
import type { ClinicSettings } from '../../../shared/settings';
import { WEEKDAY_NAMES, weekdayOf } from '../../../shared/settings';
import { call } from '../api';
import { Icon } from '../components/Icon';
import { useFormat } from '../format';
import { useCall } from '../useCall';
import { BackupStatusLine } from '../backup/BackupStatusLine';
import type { MessageDigest } from '../../../shared/messages';

/** Today's messages to patients in a line: "12 reminders sent, 1 failed", and whether sending works. */
function MessagesCard({ digest, info }: { digest: MessageDigest; info: AppInfo }) {
  const problem = digest.mailer.state === 'waiting' || digest.mailer.state === 'refused';
  const line = `${digest.sentToday} ${digest.sentToday === 1 ? 'message' : 'messages'} sent${
    digest.failedToday > 0 ? `, ${digest.failedToday} failed` : ''
  }`;
  return (
    <article className={`card stat${problem ? ' stat-warn' : ''}`} aria-labelledby="today-messages">
      <h2 id="today-messages" className="card-title">
        Messages today
      </h2>
      <p className="stat-value" data-testid="today-messages">
        {digest.sentToday}
      </p>
      <p className="muted small" data-testid="today-messages-line">
        {line}
        {digest.waiting > 0 ? ` · ${digest.waiting} waiting` : ''}
        {problem ? ' · the mail server is not answering' : ''}
        {digest.failed > 0 && digest.failedToday === 0 ? ` · ${digest.failed} failed earlier` : ''}
        {info.staff.role !== 'practitioner' && (
          <>
            {' · '}
            <a href="#/messages">Open the outbox</a>
          </>
        )}
      </p>
    </article>
  );
}

/** Reception's home: today's schedule per practitioner with arrivals, reviews due this week, the recall count and the stock. */
export function TodayPage({ info, settings }: { info: AppInfo; settings: ClinicSettings }) {
  const format = useFormat();
  const weekday = weekdayOf(info.today);
  const hours = settings.openingHours.find((h) => h.day === weekday)!;
  const summary = useCall('today.summary', {});
  const digest = useCall('outbox.digest', {});
  const byPractitioner = new Map<string, Appointment[]>();
  for (const a of summary.data?.appointments ?? [])
    byPractitioner.set(a.practitionerName, [...(byPractitioner.get(a.practitionerName) ?? []), a]);
  const waiting = summary.data?.appointments.filter((a) => a.status === 'arrived').length ?? 0;
  const clinical = info.staff.role !== 'reception';

  async function arrived(a: Appointment) {
    await call('appointments.setStatus', { id: a.id, status: 'arrived', reason: '' });
    summary.reload();
  }

  const stock = summary.data?.lowStock ?? [];
  const expiring = summary.data?.lotsExpiring ?? [];

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <p className="eyebrow">{format.longDate(info.today)}</p>
          <h1>Good to see you{settings.name ? ` at ${settings.name}` : ''}</h1>
        </div>
        <div className="header-actions">
          <a className="button button-secondary" href={`#/calendar/sheet/${info.today}/1`}>
            Print today’s sheet
          </a>
          <a className="button button-primary" href={`#/calendar/day/${info.today}`}>
            Open the calendar
          </a>
        </div>
      </header>
      <BackupStatusLine />
      {settings.name === '' && (
        <div className="callout" role="note">
          <Icon name="gear" />
          <div>
            <strong>Start with your clinic’s details.</strong>
            <p>
              Enter the clinic’s name, country, time zone and opening hours in <a href="#/settings">Settings</a>. They appear on
              printed day sheets and decide which days are open for booking.
            </p>
          </div>
        </div>
      )}
      <section className="card-grid" aria-label="Today at a glance">
        <article className="card stat">
          <h2 className="card-title">Opening hours today</h2>
          <p className="stat-value" data-testid="today-hours">
            {hours.open ? `${format.time(hours.opens)}–${format.time(hours.closes)}` : 'Closed'}
          </p>
          <p className="muted small">{WEEKDAY_NAMES[weekday]}</p>
        </article>
        <article className="card stat">
          <h2 className="card-title">Appointments today</h2>
          <p className="stat-value" data-testid="today-count">
            {summary.data ? summary.data.appointments.filter((a) => !RELEASED_STATUSES.includes(a.status)).length : '…'}
          </p>
          <p className="muted small">{waiting} arrived</p>
        </article>
        <article className="card stat">
          <h2 className="card-title">Due for recall</h2>
          <p className="stat-value" data-testid="today-recall">
            {summary.data?.recallCount ?? '…'}
          </p>
          <p className="muted small">
            <a href="#/recall">Open the recall list</a>
          </p>
        </article>
        {digest.data && digest.data.mailer.state !== 'not_set_up' && <MessagesCard digest={digest.data} info={info} />}
        <article className="card stat" data-testid="today-stock">
          <h2 className="card-title">Stock</h2>
          <p className="stat-value">
            {summary.data
              ? stock.length === 0 && expiring.length === 0
                ? 'All well'
                : `${stock.length + expiring.length} to see`
              : '…'}
          </p>
          <ul className="stock-lines small">
            {stock.map((s) => (
              <li key={s.product} className={s.level === 'empty' ? 'status-error' : 'status-warn'}>
                {s.product}: {s.level === 'empty' ? 'none in stock' : `low, ${s.left}`}
              </li>
            ))}
            {expiring.slice(0, 3).map((l) => (
              <li key={l.id} className="muted">
                {l.product} {l.lotNumber} expires <span className="nowrap">{format.date(l.expiry)}</span>
              </li>
            ))}
            {summary.data && stock.length === 0 && expiring.length === 0 && (
              <li className="muted">Nothing low, empty or expiring in the next 60 days</li>
            )}
          </ul>
          {(stock.length > 0 || expiring.length > 0) && clinical && (
            <a className="small" href="#/settings/catalogue">
              Products and lots
            </a>
          )}
        </article>
      </section>
      <div className="today-layout">
        <section className="card" aria-labelledby="today-schedule">
          <h2 id="today-schedule" className="section-title">
            Today’s schedule
          </h2>
          {summary.data && summary.data.appointments.length === 0 && <p className="muted">No appointments today.</p>}
          <div className="practitioner-columns">
            {[...byPractitioner.entries()].map(([name, list]) => (
              <div key={name} className="practitioner-column">
                <h3 className="subsection-title">{name}</h3>
                <ul className="today-list" aria-label={`Today with ${name}`}>
                  {list.map((a) => (
                    <li key={a.id} className={`today-item appt-type-${a.type} status-${a.status}`}>
                      <span className="today-time">{format.time(a.start)}</span>
                      <span className="today-who">
                        <a href={`#/patients/${a.patientId}`} className="today-name" title={a.patientName}>
                          {a.patientName}
                        </a>
                        <span className="muted small today-what">
                          {APPOINTMENT_TYPE_LABELS[a.type]}
                          {a.roomName ? ` · ${a.roomName}` : ''}
                        </span>
                      </span>
                      <span className="today-actions">
                        {a.status === 'booked' || a.status === 'confirmed' ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => void arrived(a)}
                            aria-label={`${a.patientName} has arrived`}
                          >
                            Arrived
                          </button>
                        ) : a.status === 'arrived' && clinical && TREATING_TYPES.includes(a.type) ? (
                          <a
                            className="button button-primary button-small"
                            href={`#/patients/${a.patientId}/treatments/new`}
                            aria-label={`Chart ${a.patientName}’s treatment`}
                          >
                            Chart
                          </a>
                        ) : (
                          <span className="pill pill-muted">{APPOINTMENT_STATUS_LABELS[a.status]}</span>
                        )}
                        <a
                          className="button button-link button-small"
                          href={`#/calendar/day/${a.date}/${a.id}`}
                          aria-label={`Open ${a.patientName}’s appointment in the calendar: move, cancel or see its history`}
                          title="Move, cancel or see its history in the calendar"
                        >
                          In calendar
                        </a>
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
        <section className="card" aria-labelledby="today-reviews">
          <h2 id="today-reviews" className="section-title">
            Reviews due
          </h2>
          {summary.data?.reviewsDue.length === 0 && <p className="muted">No reviews due this week.</p>}
          <ul className="plain-list">
            {summary.data?.reviewsDue.map((r) => (
              <li key={r.patientId}>
                <a href={`#/patients/${r.patientId}`}>{r.name}</a>{' '}
                <span className="muted small nowrap">{format.date(r.reviewOn)}</span>{' '}
                {r.booked ? <span className="pill pill-ok">Booked</span> : <span className="pill pill-warn">Not booked</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <p className="muted small">Data folder: {info.dataDir}. Everything stays on this computer.</p>
    </div>
  );
}
