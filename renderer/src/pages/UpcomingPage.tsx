import { Icon } from '../components/Icon';
import { SECTIONS, type SectionId } from '../routes';

const PLANS: Partial<Record<SectionId, string>> = {
  calendar: 'Day, week and month views per practitioner, safe booking with the scheduling checks, and printed day sheets.',
  patients: 'Patient records, treatment charting with lot and expiry, consent, and the per-area dose history.',
  recall: 'Everyone due for maintenance, most overdue first, with contact attempts and snoozes.',
};

/** A section whose screens are not built yet: says plainly what will live here. */
export function UpcomingPage({ section }: { section: SectionId }) {
  const meta = SECTIONS.find((s) => s.id === section)!;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{meta.label}</h1>
      </header>
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name={meta.icon} size={32} />
        </span>
        <h2>Not available in this version yet</h2>
        <p className="muted">{PLANS[section]}</p>
      </div>
    </div>
  );
}
