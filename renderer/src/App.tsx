import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import type { ClinicSettings } from '../../shared/settings';
import { call, errorMessage } from './api';
import { Icon } from './components/Icon';
import { PatientForm } from './pages/patients/PatientForm';
import { PatientPage } from './pages/patients/PatientPage';
import { PatientSummaryPage } from './pages/patients/PatientSummaryPage';
import { PatientsPage } from './pages/patients/PatientsPage';
import { SETTINGS_TABS, SettingsPage, type SettingsTab } from './pages/SettingsPage';
import { RecallPage } from './pages/RecallPage';
import { TodayPage } from './pages/TodayPage';
import { UpcomingPage } from './pages/UpcomingPage';
import { SECTIONS, useRoute } from './routes';
import { useClinicLocale } from './format';
import { QuickFind } from './components/QuickFind';
import { AboutButton } from './components/AboutButton';
import { mayCall, useCan, useSession } from './session';
import { ROLE_LABELS, type Role } from '../../shared/staff';

// Screens a receptionist does not need at the first paint load when first opened (their own chunks):
// the window draws Today without parsing the calendar library, the photo tools or charting first.
const screens = {
  CalendarPage: () => import('./pages/calendar/CalendarPage'),
  DaySheetPage: () => import('./pages/calendar/DaySheetPage'),
  ChartTreatmentPage: () => import('./pages/patients/ChartTreatmentPage'),
  ImportPage: () => import('./pages/patients/ImportPage'),
  PlanPage: () => import('./pages/patients/PlanPage'),
  MessagesPage: () => import('./pages/messages/MessagesPage'),
  LotRecallPage: () => import('./pages/patients/LotRecallPage'),
  CapturePage: () => import('./pages/photos/CapturePage'),
  ComparePage: () => import('./pages/photos/ComparePage'),
  PhotoLibraryPage: () => import('./pages/photos/PhotoLibraryPage'),
  PhotosHome: () => import('./pages/photos/PhotosHome'),
};
const CalendarPage = lazy(() => screens.CalendarPage().then((m) => ({ default: m.CalendarPage })));
const DaySheetPage = lazy(() => screens.DaySheetPage().then((m) => ({ default: m.DaySheetPage })));
const ChartTreatmentPage = lazy(() => screens.ChartTreatmentPage().then((m) => ({ default: m.ChartTreatmentPage })));
const ImportPage = lazy(() => screens.ImportPage().then((m) => ({ default: m.ImportPage })));
const PlanPage = lazy(() => screens.PlanPage().then((m) => ({ default: m.PlanPage })));
const MessagesPage = lazy(() => screens.MessagesPage().then((m) => ({ default: m.MessagesPage })));
const LotRecallPage = lazy(() => screens.LotRecallPage().then((m) => ({ default: m.LotRecallPage })));
const CapturePage = lazy(() => screens.CapturePage().then((m) => ({ default: m.CapturePage })));
const ComparePage = lazy(() => screens.ComparePage().then((m) => ({ default: m.ComparePage })));
const PhotoLibraryPage = lazy(() => screens.PhotoLibraryPage().then((m) => ({ default: m.PhotoLibraryPage })));
const PhotosHome = lazy(() => screens.PhotosHome().then((m) => ({ default: m.PhotosHome })));

/** Once Today is drawn, the other screens' code is fetched while the reception is idle, so none waits for it when first opened. */
function prefetchScreens(): () => void {
  const timer = setTimeout(() => {
    for (const load of Object.values(screens)) void load().catch(() => undefined);
  }, 2000);
  return () => clearTimeout(timer);
}

export function App() {
  const { section: asked, rest } = useRoute();
  const session = useSession();
  const { person } = session;
  // Only the sections this role can use are offered; an address for another falls back to Today.
  const sections = SECTIONS.filter((s) => s.needs === null || mayCall(person, s.needs));
  const section = sections.some((s) => s.id === asked) ? asked : 'today';
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<ClinicSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([call('app.info', {}), call('settings.get', {})])
      .then(([i, s]) => {
        setInfo(i);
        setSettings(s);
      })
      .catch((err: unknown) => setLoadError(errorMessage(err)));
  }, []);
  useEffect(prefetchScreens, []);

  useClinicLocale(settings);

  const current = sections.find((s) => s.id === section)!;
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
        <QuickFind />
        <ul className="nav-list">
          {sections.map((s) => (
            <li key={s.id}>
              <a className="nav-link" href={`#/${s.id}`} aria-current={s.id === section ? 'page' : undefined}>
                <Icon name={s.icon} />
                <span>{s.label}</span>
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          {info?.demo && <DemoBadge />}
          <div className="signed-in" title={info ? `Data folder: ${info.dataDir} · Version ${info.version}` : undefined}>
            <span className="avatar" aria-hidden="true">
              {person.name.slice(0, 1)}
            </span>
            <span>
              <span className="signed-in-name" data-testid="signed-in-name">
                {person.name}
              </span>
              <span className="muted small">
                {ROLE_LABELS[person.role]}
                {info?.demo ? ' · demo user' : ''}
              </span>
            </span>
          </div>
          <div className="sidebar-actions">
            <button type="button" className="sidebar-action" onClick={session.lock} title="Lock the screen (Ctrl+L)">
              Lock <kbd>Ctrl+L</kbd>
            </button>
            <a className="sidebar-action" href="#/settings/account">
              My account
            </a>
            <button type="button" className="sidebar-action" onClick={session.signOut}>
              Sign out
            </button>
            {info && <AboutButton info={info} />}
          </div>
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Suspense
          fallback={
            <div className="page" aria-busy="true">
              <p className="muted">Loading…</p>
            </div>
          }
        >
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
            <SettingsPage tab={settingsTab(rest[0], person.role)} settings={settings} onSaved={setSettings} today={info.today} />
          ) : section === 'patients' ? (
            <PatientsSection rest={rest} today={info.today} clinicName={settings.name} timeZone={settings.timeZone} />
          ) : section === 'calendar' && rest[0] === 'sheet' ? (
            <DaySheetPage
              key={rest.join('/')}
              from={rest[1] && /^\d{4}-\d{2}-\d{2}$/.test(rest[1]) ? rest[1] : info.today}
              days={rest[2] === '7' ? 7 : 1}
              practitionerId={isId(rest[3]) ? Number(rest[3]) : null}
            />
          ) : section === 'calendar' ? (
            <CalendarPage key={rest.slice(0, 2).join('/')} info={info} settings={settings} rest={rest} />
          ) : section === 'messages' ? (
            <MessagesPage rest={rest} info={info} settings={settings} />
          ) : section === 'recall' ? (
            <RecallPage today={info.today} clinicName={settings.name} signedIn={info.staff.name} />
          ) : section === 'photos' ? (
            <PhotosHome />
          ) : section === 'today' ? (
            <TodayPage info={info} settings={settings} />
          ) : (
            <UpcomingPage section={section} />
          )}
        </Suspense>
      </main>
    </div>
  );
}

function settingsTab(name: string | undefined, role: Role): SettingsTab {
  const tab = SETTINGS_TABS.find((t) => t.id === name) ?? SETTINGS_TABS[0];
  return tab.adminOnly && role !== 'admin' ? 'account' : tab.id;
}

/** In the demo clinic: a badge, and the way back to the clinic's own (untouched) folder. */
function DemoBadge() {
  const [error, setError] = useState<string | null>(null);
  async function leave() {
    try {
      await call('auth.leaveDemo', {});
      window.location.hash = '#/today';
      window.location.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="demo-box">
      <span className="demo-badge">Demo clinic</span>
      <button type="button" className="button button-link demo-leave" onClick={() => void leave()}>
        Leave the demo
      </button>
      {error && (
        <span className="small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

const isId = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

/**
 * #/patients, /new, /import, /lot-recall[/LOT], /42, /42/TAB (treatments, consents, …), /42/edit, /42/summary,
 * /42/treatments/new, /42/treatments/7 (a draft), /42/treatments/7/amend, /42/plan/7 (the take-home plan of
 * treatment 7), /42/photos, /42/photos/capture, /42/photos/compare/3,5 and /42/photos/compare/saved/2.
 */
function PatientsSection({
  rest,
  today,
  clinicName,
  timeZone,
}: {
  rest: string[];
  today: string;
  clinicName: string;
  timeZone: string;
}) {
  const [first, second, third, fourth] = rest;
  const can = useCan();
  // Charting, photos and lot recall are clinical: reception following a link there gets a plain explanation.
  const clinicalPage = second === 'treatments' || second === 'photos' || second === 'plan' || first === 'lot-recall';
  if (clinicalPage && !can('treatments.list')) {
    return (
      <div className="page">
        <div className="callout" role="note">
          <div>
            <strong>This page is for practitioners.</strong>
            <p>Treatment records, photos and lot recalls are shown to practitioners and the clinic owner only.</p>
            {isId(first) && <a href={`#/patients/${first}`}>Back to the patient</a>}
          </div>
        </div>
      </div>
    );
  }
  if (first === 'new') return <PatientForm key="new" id={null} />;
  if (first === 'import') return <ImportPage />;
  if (first === 'lot-recall')
    return (
      <LotRecallPage
        key={second ?? ''}
        initialLot={second ? decodeURIComponent(second) : ''}
        clinicName={clinicName}
        today={today}
      />
    );
  const id = isId(first) ? Number(first) : null;
  if (id !== null && second === 'edit') return <PatientForm key={`edit-${id}`} id={id} />;
  if (id !== null && second === 'summary') return <PatientSummaryPage key={id} id={id} today={today} clinicName={clinicName} />;
  if (id !== null && second === 'treatments' && (third === 'new' || isId(third))) {
    const treatmentId = third === 'new' ? null : Number(third);
    const mode = fourth === 'amend' ? 'amend' : 'draft';
    return (
      <ChartTreatmentPage key={`${id}-${third}-${mode}`} patientId={id} treatmentId={treatmentId} mode={mode} today={today} />
    );
  }
  if (id !== null && second === 'photos' && third === 'capture') return <CapturePage key={id} patientId={id} />;
  if (id !== null && second === 'photos' && third === 'compare') {
    const savedId = fourth === 'saved' && isId(rest[4]) ? Number(rest[4]) : null;
    const ids = savedId === null && fourth ? fourth.split(',').filter(isId).map(Number) : [];
    return <ComparePage key={rest.join('/')} patientId={id} ids={ids} savedId={savedId} />;
  }
  if (id !== null && second === 'plan' && isId(third)) {
    return <PlanPage key={third} patientId={id} treatmentId={Number(third)} timeZone={timeZone} />;
  }
  if (id !== null && second === 'photos') return <PhotoLibraryPage key={id} patientId={id} today={today} />;
  if (id !== null) return <PatientPage key={id} id={id} today={today} tab={second} />;
  return <PatientsPage today={today} />;
}
