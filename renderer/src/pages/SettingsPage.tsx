import type { ClinicSettings } from '../../../shared/settings';
import { ClinicSettingsForm } from './ClinicSettingsForm';
import { RuleSettingsForm } from './RuleSettingsForm';

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
] as const;

export function SettingsPage({
  tab,
  settings,
  onSaved,
}: {
  tab: 'clinic' | 'rules';
  settings: ClinicSettings;
  onSaved: (s: ClinicSettings) => void;
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
      {tab === 'clinic' ? <ClinicSettingsForm settings={settings} onSaved={onSaved} /> : <RuleSettingsForm />}
    </div>
  );
}
