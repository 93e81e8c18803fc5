import type { AppInfo } from '../../../shared/contract';
import type { ClinicSettings } from '../../../shared/settings';
import { WEEKDAYS, WEEKDAY_NAMES } from '../../../shared/settings';
import { Icon } from '../components/Icon';
import { formatLongDate, weekdayIndex } from '../../../shared/dates';

function weekdayOf(day: string) {
  return WEEKDAYS[(weekdayIndex(day) + 6) % 7]!;
}

export function TodayPage({ info, settings }: { info: AppInfo; settings: ClinicSettings }) {
  const weekday = weekdayOf(info.today);
  const hours = settings.openingHours.find((h) => h.day === weekday)!;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">{formatLongDate(info.today)}</p>
          <h1>Good to see you{settings.name ? ` at ${settings.name}` : ''}</h1>
        </div>
      </header>
      {settings.name === '' && (
        <div className="callout" role="note">
          <Icon name="gear" />
          <div>
            <strong>Start with your clinic’s details.</strong>
            <p>
              Enter the clinic’s name, time zone and opening hours in <a href="#/settings">Settings</a>. They appear on printed
              day sheets and decide which days are open for booking.
            </p>
          </div>
        </div>
      )}
      <section className="card-grid" aria-label="Today at a glance">
        <article className="card stat">
          <h2 className="card-title">Opening hours today</h2>
          <p className="stat-value" data-testid="today-hours">
            {hours.open ? `${hours.opens}–${hours.closes}` : 'Closed'}
          </p>
          <p className="muted small">{WEEKDAY_NAMES[weekday]}</p>
        </article>
        <article className="card stat">
          <h2 className="card-title">Time zone</h2>
          <p className="stat-value">{settings.timeZone}</p>
          <p className="muted small">Dates and reminders follow this zone</p>
        </article>
        <article className="card stat">
          <h2 className="card-title">Data folder</h2>
          <p className="stat-path">{info.dataDir}</p>
          <p className="muted small">Everything stays on this computer</p>
        </article>
      </section>
    </div>
  );
}
