import type { ClinicSettings } from '../../../shared/settings';
import { ClinicSettingsForm } from './ClinicSettingsForm';
import { RuleSettingsForm } from './RuleSettingsForm';
import { CatalogueSettings } from './settings/CatalogueSettings';
import { TeamSettings } from './settings/TeamSettings';
import { CalendarSettings } from './settings/CalendarSettings';
import { MailSettings } from './settings/MailSettings';
import { AuditTrailPage } from './settings/AuditTrailPage';
import { BackupSettings } from '../backup/BackupSettings';
import { MyAccount } from './settings/MyAccount';
import { SecuritySettings } from './settings/SecuritySettings';
import { useSession } from '../session';

export const SETTINGS_TABS = [
  {
    id: 'clinic',
    adminOnly: true,
    label: 'Clinic details',
    href: '#/settings',
    intro: 'These appear on printed day sheets and decide which days are open for booking.',
  },
  {
    id: 'rules',
    adminOnly: true,
    label: 'Scheduling rules',
    href: '#/settings/rules',
    intro:
      'How the app works out when each patient is due. Changes apply at once to every patient, the recall list and booking checks.',
  },
  {
    id: 'team',
    adminOnly: true,
    label: 'Team',
    href: '#/settings/team',
    intro:
      'Everyone who works in the clinic, their role and whether they can sign in. Practitioners and owners can be chosen as the injector.',
  },
  {
    id: 'calendar',
    adminOnly: true,
    label: 'Calendar',
    href: '#/settings/calendar',
    intro:
      'Appointment lengths, rooms, practitioners’ working hours, days off and clinic closures. Bookings outside them are refused.',
  },
  {
    id: 'mail',
    adminOnly: true,
    label: 'E-mail and SMS',
    href: '#/settings/mail',
    intro: 'The clinic’s own e-mail account for reminders, recalls and take-home plans, and how text messages go out.',
  },
  {
    id: 'catalogue',
    adminOnly: true,
    label: 'Products and lots',
    href: '#/settings/catalogue',
    intro: 'Every lot the clinic receives, with its expiry, and the products and treatment areas the clinic uses.',
  },
  {
    id: 'security',
    adminOnly: true,
    label: 'Security',
    href: '#/settings/security',
    intro: 'When screens lock by themselves, the recovery key, and a check that the audit trail is whole.',
  },
  {
    id: 'backups',
    adminOnly: true,
    label: 'Backups',
    href: '#/settings/backups',
    intro: 'Verified, encrypted copies of the clinic in places you choose; restoring one; the archive of everything.',
  },
  {
    id: 'audit',
    adminOnly: true,
    label: 'Audit trail',
    href: '#/settings/audit',
    intro: 'Who did what and when: every change, every record opened, every print and export, every sign-in.',
  },
  {
    id: 'account',
    adminOnly: false,
    label: 'My account',
    href: '#/settings/account',
    intro: 'Your own password, and the PIN that unlocks your locked screen.',
  },
] as const;

export type SettingsTab = (typeof SETTINGS_TABS)[number]['id'];

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
  const { person } = useSession();
  const tabs = SETTINGS_TABS.filter((t) => !t.adminOnly || person.role === 'admin');
  const current = tabs.find((t) => t.id === tab) ?? tabs[tabs.length - 1]!;
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
        {tabs.map((t) => (
          <a key={t.id} className="tab" href={t.href} aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {current.id === 'account' ? (
        <MyAccount />
      ) : current.id === 'security' ? (
        <SecuritySettings />
      ) : current.id === 'backups' ? (
        <BackupSettings />
      ) : current.id === 'audit' ? (
        <AuditTrailPage />
      ) : tab === 'clinic' ? (
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
