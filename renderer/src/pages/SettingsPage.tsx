import type { ClinicSettings } from '../../../shared/settings';
import { ClinicSettingsForm } from './ClinicSettingsForm';
import { RuleSettingsForm } from './RuleSettingsForm';
import { CatalogueSettings } from './settings/CatalogueSettings';
import { TeamSettings } from './settings/TeamSettings';
import { CalendarSettings } from './settings/CalendarSettings';
import { MailSettings } from './settings/MailSettings';

const TABS = [
  {
    id: 'clinic',
    label: 'Clinic details',
    href: '#/settings',
    intro: 'These appear on printed day sheets and decide which days are open for booking.',
  },
  {
    id: 'rules',
    label: 'Scheduling rules',
    href: '#/settings/rules',
    intro:
      'How the app works out when each patient is due. Changes apply at once to every patient, the recall list and booking checks.',
  },
  {
    id: 'team',
    label: 'Team',
    href: '#/settings/team',
    intro: 'Everyone who works in the clinic. Practitioners can be chosen as the injector on a treatment record.',
  },
  {
    id: 'calendar',
    label: 'Calendar',
    href: '#/settings/calendar',
    intro:
      'Appointment lengths, rooms, practitioners’ working hours, days off and clinic closures. Bookings outside them are refused.',
  },
  {
    id: 'mail',
    label: 'E-mail and SMS',
    href: '#/settings/mail',
    intro: 'The clinic’s own e-mail account for reminders, recalls and take-home plans, and how text messages go out.',
  },
  {
    id: 'catalogue',
    label: 'Products and lots',
    href: '#/settings/catalogue',
    intro: 'Every lot the clinic receives, with its expiry, and the products and treatment areas the clinic uses.',
  },
] as const;

export type SettingsTab = (typeof TABS)[number]['id'];

export function SettingsPage({
  tab,
  settings,
  onSaved,
  today,
}: {
  tab: SettingsTab;
  settings: ClinicSettings;
  onSaved: (s: ClinicSettings) => void;
  today: string;
}) {
  const current = TABS.find((t) => t.id === tab)!;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">Settings</p>
          <h1>{current.label}</h1>
          <p className="muted">{current.intro}</p>
        </div>
      </header>
      <nav className="tabs" aria-label="Settings pages">
        {TABS.map((t) => (
          <a key={t.id} className="tab" href={t.href} aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'clinic' ? (
        <ClinicSettingsForm settings={settings} onSaved={onSaved} />
      ) : tab === 'rules' ? (
        <RuleSettingsForm />
      ) : tab === 'team' ? (
        <TeamSettings />
      ) : tab === 'calendar' ? (
        <CalendarSettings settings={settings} today={today} />
      ) : tab === 'mail' ? (
        <MailSettings />
      ) : (
        <CatalogueSettings today={today} />
      )}
    </div>
  );
}
