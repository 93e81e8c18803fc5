import type { AppInfo } from '../../../../shared/contract';
import type { ClinicSettings } from '../../../../shared/settings';
import { OutboxPage } from './OutboxPage';
import { TemplatesPage } from './TemplatesPage';

const TABS = [
  { id: 'outbox', label: 'Outbox', href: '#/messages' },
  { id: 'templates', label: 'Kinds and templates', href: '#/messages/templates' },
] as const;

/** Messages to patients: the outbox, and which kinds go when with what words. Admin and reception. */
export function MessagesPage({ rest, info, settings }: { rest: string[]; info: AppInfo; settings: ClinicSettings }) {
  const tab = rest[0] === 'templates' ? 'templates' : 'outbox';
  return (
    <div className="page page-wide messages-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">Messages</p>
          <h1>{tab === 'outbox' ? 'Outbox' : 'Kinds and templates'}</h1>
          <p className="muted">
            {tab === 'outbox'
              ? 'Reminders, recalls and plans to patients, through the clinic’s own e-mail account. Messages wait here while the mail server cannot be reached and go out once, when it answers.'
              : 'Which messages go out on their own, when, and in what words. Messages say nothing clinical beyond what you write here.'}
          </p>
        </div>
      </header>
      <nav className="tabs" aria-label="Messages pages">
        {TABS.map((t) => (
          <a key={t.id} className="tab" href={t.href} aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'outbox' ? (
        <OutboxPage settings={settings} role={info.staff.role} />
      ) : (
        <TemplatesPage selected={rest[1] ?? null} settings={settings} />
      )}
    </div>
  );
}
