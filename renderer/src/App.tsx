import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import type { ClinicSettings } from '../../shared/settings';
import { call, errorMessage } from './api';
import { Icon } from './components/Icon';
import { PatientForm } from './pages/patients/PatientForm';
import { PatientPage } from './pages/patients/PatientPage';
import { PatientsPage } from './pages/patients/PatientsPage';
import { SettingsPage } from './pages/SettingsPage';
import { TodayPage } from './pages/TodayPage';
import { UpcomingPage } from './pages/UpcomingPage';
import { SECTIONS, useRoute } from './routes';

export function App() {
  const { section, rest } = useRoute();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<ClinicSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [i, s] = await Promise.all([call('app.info', {}), call('settings.get', {})]);
      setInfo(i);
      setSettings(s);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const current = SECTIONS.find((s) => s.id === section)!;
  useEffect(() => {
    document.title = `${current.label} · Clinic Records`;
  }, [current.label]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            CR
          </span>
          <span className="brand-text">
            <span className="brand-name">Clinic Records</span>
            <span className="brand-clinic" data-testid="sidebar-clinic-name">
              {settings?.name || 'Your clinic'}
            </span>
          </span>
        </div>
        <ul className="nav-list">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a className="nav-link" href={`#/${s.id}`} aria-current={s.id === section ? 'page' : undefined}>
                <Icon name={s.icon} />
                <span>{s.label}</span>
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          {info?.demo && <span className="demo-badge">Demo clinic</span>}
          {info && (
            <div className="signed-in" title={`Data folder: ${info.dataDir}`}>
              <span className="avatar" aria-hidden="true">
                {info.staff.name.slice(0, 1)}
              </span>
              <span>
                <span className="signed-in-name">{info.staff.name}</span>
                <span className="muted small">Version {info.version}</span>
              </span>
            </div>
          )}
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {loadError ? (
          <div className="page">
            <div className="callout callout-error" role="alert">
              <Icon name="alert" />
              <div>
                <strong>Clinic Records could not load its data.</strong>
                <p>{loadError}</p>
              </div>
            </div>
          </div>
        ) : !info || !settings ? (
          <div className="page" aria-busy="true">
            <p className="muted">Loading…</p>
          </div>
        ) : section === 'settings' ? (
          <SettingsPage tab={rest[0] === 'rules' ? 'rules' : 'clinic'} settings={settings} onSaved={setSettings} />
        ) : section === 'patients' ? (
          <PatientsSection rest={rest} today={info.today} />
        ) : section === 'today' ? (
          <TodayPage info={info} settings={settings} />
        ) : (
          <UpcomingPage section={section} />
        )}
      </main>
    </div>
  );
}

/** #/patients, #/patients/new, #/patients/42 and #/patients/42/edit. */
function PatientsSection({ rest, today }: { rest: string[]; today: string }) {
  const [first, second] = rest;
  if (first === 'new') return <PatientForm key="new" id={null} />;
  const id = first !== undefined && /^\d+$/.test(first) ? Number(first) : null;
  if (id !== null && second === 'edit') return <PatientForm key={`edit-${id}`} id={id} />;
  if (id !== null) return <PatientPage key={id} id={id} today={today} />;
  return <PatientsPage today={today} />;
}
