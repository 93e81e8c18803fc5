import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AuthStatus } from '../../../shared/auth';
import { ApiError } from '../../../shared/envelope';
import { AUTH_CHANGED, call, errorMessage } from '../api';
import { onLiveEvent } from '../live';
import { PairCard } from '../network/PairCard';
import { WorkstationEnded } from '../network/WorkstationEnded';
import type { NetworkMode } from '../../../shared/network';
import { Icon } from '../components/Icon';
import { SessionContext, type Session } from '../session';
import { RestorePanel } from '../backup/RestorePanel';
import { RecoverySheet } from './RecoverySheet';
import { ConversionProgressCard, SetupClinicForm } from './SetupClinic';
import { LockScreen, SetPasswordPage, SignInPage } from './SignIn';
import { useIdleLock } from './useIdleLock';
import './auth.css';

/**
 * Nothing of the clinic renders until someone is signed in and the screen is unlocked. A locked
 * screen replaces the whole app, so every patient view is unmounted: no data stays in the page.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** On a workstation: the clinic's computer cannot be reached yet (the screen keeps what it had). */
  const [waiting, setWaiting] = useState<string | null>(null);
  /** On a workstation the clinic's computer revoked: nothing of the clinic shows any more. */
  const [ended, setEnded] = useState<NetworkMode | null>(null);
  /** The recovery key from setup, kept only in this component until the owner has put it on paper. */
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);

  const refresh = useCallback(() => {
    call('auth.status', {})
      .then((s) => {
        setStatus(s);
        setError(null);
        setWaiting(null);
        setEnded(null);
      })
      .catch((err: unknown) => {
        // A workstation whose host is out of reach keeps its screen; the connection bar says why.
        if (err instanceof ApiError && err.code === 'HOST_UNREACHABLE') setWaiting(err.message);
        else if (err instanceof ApiError && err.code === 'FORBIDDEN_SENDER') {
          // On a workstation: revoked (its screen ends), or another certificate answering at the
          // host's address (the screen stays, as when the host is out of reach; the bar says why).
          call('network.mode', {})
            .then((mode) => {
              const state = mode.workstation?.state;
              if (state === 'revoked') setEnded(mode);
              else if (state === 'host_changed') setWaiting(err.message);
              else setError(err.message);
            })
            .catch(() => setError(err.message));
        } else setError(errorMessage(err));
      });
  }, []);

  useEffect(() => {
    refresh();
    // A call that finds the session locked, and coming back to the window (after the computer
    // slept, say), both look again.
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    window.addEventListener(AUTH_CHANGED, refresh);
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    // On a workstation: the host ended this screen's session (revoked, restarted), or came back.
    const offLive = onLiveEvent((e) => {
      if (e.kind === 'session' || (e.kind === 'connection' && e.mode.workstation?.state === 'online')) refresh();
    });
    return () => {
      offLive();
      window.removeEventListener(AUTH_CHANGED, refresh);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  // The encryption of a clinic from before encryption reports its progress here.
  useEffect(() => {
    if (status?.state !== 'converting') return;
    const t = window.setTimeout(refresh, 250);
    return () => window.clearTimeout(t);
  }, [status, refresh]);

  const lock = useCallback(() => {
    void call('auth.lock', {}).then(setStatus);
  }, []);
  const signOut = useCallback(() => {
    void call('auth.signOut', {}).then((s) => {
      setStatus(s);
      window.location.hash = '#/today';
    });
  }, []);

  const session = useMemo<Session | null>(
    () =>
      status?.state === 'signed_in' && status.person
        ? {
            person: status.person,
            demo: status.demo,
            clinicName: status.clinicName,
            idleMinutes: status.idleMinutes,
            lock,
            signOut,
            refresh,
          }
        : null,
    [status, lock, signOut, refresh],
  );

  if (ended) {
    return (
      <AuthFrame title={ended.clinicName || 'Clinic Records'}>
        <WorkstationEnded mode={ended} />
      </AuthFrame>
    );
  }
  if (error) {
    return (
      <AuthFrame>
        <div className="callout callout-error" role="alert">
          <Icon name="alert" />
          <div>
            <strong>Clinic Records could not start.</strong>
            <p>{error}</p>
          </div>
        </div>
      </AuthFrame>
    );
  }
  if (!status) {
    return (
      <AuthFrame>
        <p className="muted" aria-busy="true">
          {waiting ? 'Waiting for the clinic’s computer…' : 'Loading…'}
        </p>
      </AuthFrame>
    );
  }
  if (recoveryKey && (status.state === 'signed_in' || status.state === 'converting')) {
    return (
      <AuthFrame title={status.clinicName}>
        {status.state === 'converting' ? (
          <ConversionProgressCard status={status} />
        ) : (
          <RecoverySheet clinicName={status.clinicName} recoveryKey={recoveryKey} onDone={() => setRecoveryKey(null)} />
        )}
      </AuthFrame>
    );
  }
  switch (status.state) {
    case 'new_clinic':
      return (
        <AuthFrame
          title="Welcome to Clinic Records"
          subtitle="Everything stays on this computer, encrypted. Choose how to begin."
        >
          <div className="auth-columns">
            <SetupClinicForm
              status={status}
              onDone={(key) => {
                setRecoveryKey(key);
                refresh();
              }}
            />
            <div className="stack">
              <DemoCard onChange={setStatus} />
              <RestoreCard status={status} onChange={setStatus} />
              <PairCard onPaired={refresh} />
            </div>
          </div>
        </AuthFrame>
      );
    case 'needs_recovery':
      return (
        <AuthFrame title={status.clinicName || 'Clinic Records'} subtitle="The clinic’s data needs your help before it can open.">
          <RestorePanel status={status} onChange={setStatus} />
        </AuthFrame>
      );
    case 'key_file_missing':
      return (
        <AuthFrame title="The clinic’s key file is missing">
          <div className="card auth-card auth-form" role="alert">
            <p>
              This folder holds an encrypted clinic database, but not the key file (<code>keyring.json</code>) that opens it. It
              may have been copied from another computer without it. Nothing was changed.
            </p>
            <p>
              Copy <code>keyring.json</code> and <code>keyring.copy.json</code> from the folder the database came from into this
              one, or restore the whole folder from a backup, then start Clinic Records again.
            </p>
          </div>
        </AuthFrame>
      );
    case 'needs_protection':
      return (
        <AuthFrame title="Welcome back" subtitle="One step before you carry on.">
          <SetupClinicForm
            status={status}
            onDone={(key) => {
              setRecoveryKey(key);
              refresh();
            }}
          />
        </AuthFrame>
      );
    case 'converting':
      return (
        <AuthFrame title={status.clinicName}>
          <ConversionProgressCard status={status} />
        </AuthFrame>
      );
    case 'signed_out':
      return (
        <AuthFrame title={status.clinicName || 'Clinic Records'} subtitle={status.demo ? 'Demo clinic' : undefined}>
          <SignInPage status={status} onChange={setStatus} />
        </AuthFrame>
      );
    case 'must_set_password':
      return (
        <AuthFrame title={status.clinicName}>
          <SetPasswordPage status={status} onChange={setStatus} />
        </AuthFrame>
      );
    case 'locked':
      return (
        <AuthFrame title={status.clinicName}>
          <LockScreen status={status} onChange={setStatus} />
        </AuthFrame>
      );
    case 'signed_in':
      return (
        <SessionContext.Provider value={session}>
          <SignedIn idleMinutes={status.idleMinutes} lock={lock}>
            {children}
          </SignedIn>
        </SessionContext.Provider>
      );
  }
}

function SignedIn({ idleMinutes, lock, children }: { idleMinutes: number; lock: () => void; children: ReactNode }) {
  useIdleLock(idleMinutes, lock);
  return <>{children}</>;
}

function DemoCard({ onChange }: { onChange: (s: AuthStatus) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card auth-card">
      <h2 className="auth-heading">Explore with demo data</h2>
      <p>
        Open an invented clinic with 300 patients, two years of treatments, a team of four practitioners and a recall list to work
        through. It lives in its own folder and never mixes with your clinic’s data. You are signed in as its owner.
      </p>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          call('auth.exploreDemo', {})
            .then((s) => {
              window.location.hash = '#/today';
              onChange(s);
            })
            .catch((err: unknown) => {
              setError(errorMessage(err));
              setBusy(false);
            });
        }}
      >
        {busy ? 'Building the demo clinic…' : 'Explore with demo data'}
      </button>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** On a new computer: bring the clinic back from its backups instead of starting empty. */
function RestoreCard({ status, onChange }: { status: AuthStatus; onChange: (s: AuthStatus) => void }) {
  const [open, setOpen] = useState(false);
  if (open) return <RestorePanel status={status} onChange={onChange} />;
  return (
    <section className="card auth-card">
      <h2 className="auth-heading">Restore from a backup</h2>
      <p>Moving the clinic to this computer, or replacing a broken one? Open its backups here.</p>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        Restore from a backup…
      </button>
    </section>
  );
}

function AuthFrame({
  title,
  subtitle,
  children,
}: {
  title?: string | undefined;
  subtitle?: string | undefined;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = 'Sign in · Clinic Records';
  }, []);
  return (
    <main id="main" className="auth-page">
      <div className="auth-inner">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            CR
          </span>
          <span className="brand-name">Clinic Records</span>
        </div>
        {title && <h1 className="auth-title">{title}</h1>}
        {subtitle && <p className="muted auth-subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
