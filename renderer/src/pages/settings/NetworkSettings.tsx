import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_HOST_PORT, shortFingerprint, type HostView, type WorkstationView } from '../../../../shared/network';
import { ROLE_LABELS } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { Fingerprint } from '../../network/ConnectionBanner';
import '../../network/network.css';

/** "3 minutes ago", from two instants of the clinic's computer (no calendar involved). */
function ago(nowMs: number, thenMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} seconds ago`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 48) return h === 1 ? '1 hour ago' : `${h} hours ago`;
  return `${Math.round(h / 24)} days ago`;
}

function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The host screen (the owner, at the clinic's own computer): share the clinic on the network, the
 * address and fingerprint to pair with, a pairing code, the workstations with who is signed in
 * where and when each was last seen, and revoking one.
 */
export function NetworkSettings() {
  const [view, setView] = useState<HostView | null>(null);
  const [port, setPort] = useState(String(DEFAULT_HOST_PORT));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  // The countdown runs on this screen's own second ticks from the host's "now".
  const [tickMs, setTickMs] = useState(0);
  const [loadedAt, setLoadedAt] = useState(0);

  useEffect(() => {
    let live = true;
    let first = true;
    const load = () =>
      call('network.host', {})
        .then((v) => {
          if (!live) return;
          setView(v);
          const at = Date.now();
          setLoadedAt(at);
          setTickMs(at);
          // The port field starts from the host's; later refreshes leave what is being typed alone.
          if (first) setPort(String(v.port));
          first = false;
        })
        .catch((err: unknown) => live && setError(errorMessage(err)));
    void load();
    // Who is connected and signed in changes by itself: look again every two seconds.
    const t = window.setInterval(() => void load(), 2000);
    const second = window.setInterval(() => setTickMs(Date.now()), 1000);
    return () => {
      live = false;
      window.clearInterval(t);
      window.clearInterval(second);
    };
  }, []);

  async function act(run: () => Promise<HostView>) {
    setBusy(true);
    setError(null);
    try {
      const v = await run();
      setView(v);
      // Switching sharing on or off shows the port the host now uses.
      setPort(String(v.port));
      const at = Date.now();
      setLoadedAt(at);
      setTickMs(at);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (!view) {
    return error ? (
      <p className="status-error" role="alert">
        {error}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  const nowMs = view.nowMs + (loadedAt ? Math.max(0, tickMs - loadedAt) : 0);
  const active = view.workstations.filter((w) => w.revokedAtMs === null);
  const revoked = view.workstations.filter((w) => w.revokedAtMs !== null);

  return (
    <div className="stack">
      <div className="host-grid">
        <form
          className="card auth-form"
          aria-label="Sharing"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void act(() => call('network.share', { on: !view.sharing, port: Number(port) }));
          }}
        >
          <h2 className="section-title">Share this clinic with other computers</h2>
          <p className="small muted">
            This computer keeps the records. Other computers on the clinic’s network (reception, treatment rooms) use them from
            here, each after pairing once. Keep this computer on during opening hours.
          </p>
          {view.sharing ? (
            <>
              <p className="status-ok" role="status">
                Sharing is on.
              </p>
              <div>
                <p className="small muted">This computer’s address</p>
                {view.addresses.length === 0 ? (
                  <p className="address-line">No network found: connect this computer to the clinic’s network.</p>
                ) : (
                  view.addresses.map((a) => (
                    <p className="address-line" key={a} data-testid="host-address">
                      {a}, port {view.port}
                    </p>
                  ))
                )}
              </div>
              <div className="fingerprint-box">
                <p className="small muted">Its certificate’s fingerprint (a workstation shows the same before pairing)</p>
                <Fingerprint value={view.fingerprint ? shortFingerprint(view.fingerprint) : ''} testId="own-fingerprint" />
              </div>
            </>
          ) : (
            <div className="field field-narrow">
              <label htmlFor="share-port">Port</label>
              <input id="share-port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
              <p className="field-hint">{DEFAULT_HOST_PORT} unless another program uses it.</p>
            </div>
          )}
          {view.problem && (
            <p className="status-error" role="alert">
              {view.problem}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className={`button ${view.sharing ? 'button-secondary' : 'button-primary'}`} disabled={busy}>
              {view.sharing ? 'Stop sharing' : 'Share this clinic'}
            </button>
          </div>
        </form>

        <section className="card auth-form" aria-labelledby="pair-heading">
          <h2 className="section-title" id="pair-heading">
            Add a computer
          </h2>
          <ol className="host-steps small">
            <li>Install Clinic Records on the other computer and open it.</li>
            <li>
              Choose <strong>Connect to the clinic’s computer</strong>, then this clinic in the list (or type the address shown
              here).
            </li>
            <li>Check that it shows the same fingerprint as this screen.</li>
            <li>Type the pairing code below and a name for that computer, such as “Room 2”.</li>
          </ol>
          {view.pairing ? (
            <div aria-live="polite">
              <p className="small muted">Pairing code</p>
              <p className="pairing-code" data-testid="pairing-code">
                {view.pairing.code.slice(0, 3)} {view.pairing.code.slice(3)}
              </p>
              <p className="small muted">
                Good for {countdown(view.pairing.expiresAtMs - nowMs)} more, for one computer
                {view.pairing.triesLeft < 5 ? ` (${view.pairing.triesLeft} wrong tries left)` : ''}.
              </p>
            </div>
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || !view.sharing}
              onClick={() => void act(() => call('network.newPairingCode', {}))}
            >
              {view.pairing ? 'Show a new code' : 'Show a pairing code'}
            </button>
            {!view.sharing && <span className="small muted">Share this clinic first.</span>}
          </div>
        </section>
      </div>

      <section className="card table-card workstations-card" aria-labelledby="ws-heading">
        <h2 className="section-title" id="ws-heading">
          Workstations
        </h2>
        <p className="small muted">
          Signed in here:{' '}
          {view.hereSignedIn ? `${view.hereSignedIn.name}${view.hereSignedIn.state === 'locked' ? ' (locked)' : ''}` : 'nobody'}
        </p>
        {view.workstations.length === 0 ? (
          <p className="muted">No computer is paired yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Computer</th>
                <th scope="col">Connection</th>
                <th scope="col">Signed in</th>
                <th scope="col">Paired</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...active, ...revoked].map((w) => (
                <WorkstationRow
                  key={w.id}
                  w={w}
                  nowMs={nowMs}
                  busy={busy}
                  confirming={confirmRevoke === w.id}
                  onAsk={() => setConfirmRevoke(w.id)}
                  onCancel={() => setConfirmRevoke(null)}
                  onRevoke={() =>
                    void act(async () => {
                      const v = await call('network.revoke', { id: w.id });
                      setConfirmRevoke(null);
                      return v;
                    })
                  }
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function WorkstationRow(props: {
  w: WorkstationView;
  nowMs: number;
  busy: boolean;
  confirming: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onRevoke: () => void;
}) {
  const { w, nowMs } = props;
  const revoked = w.revokedAtMs !== null;
  return (
    <tr className={revoked ? 'revoked-row' : undefined}>
      <td>
        <strong>{w.name}</strong>
        <div className="small muted">
          {w.address ? `${w.address} · ` : ''}
          <span className="fingerprint small">{w.fingerprint.slice(0, 19)}</span>
        </div>
      </td>
      <td>
        {revoked ? (
          `Revoked ${ago(nowMs, w.revokedAtMs!)}`
        ) : (
          <>
            <span className={`state-dot${w.connected ? ' state-dot-on' : ''}`} aria-hidden="true" />
            {w.connected ? 'Connected' : 'Not connected'}
            <div className="small muted">
              {w.lastSeenMs ? `Last seen ${ago(nowMs, w.lastSeenMs)}` : 'Not seen since this computer started'}
            </div>
          </>
        )}
      </td>
      <td>
        {w.signedIn ? (
          <>
            {w.signedIn.name}
            <div className="small muted">
              {ROLE_LABELS[w.signedIn.role]}
              {w.signedIn.state === 'locked' ? ' · screen locked' : ''}
            </div>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>{ago(nowMs, w.pairedAtMs)}</td>
      <td>
        {revoked ? null : props.confirming ? (
          <div className="button-row">
            <span className="small">Revoke {w.name}? Whoever is signed in there is signed out at once.</span>
            <button type="button" className="button button-danger" disabled={props.busy} onClick={props.onRevoke}>
              Revoke
            </button>
            <button type="button" className="button button-link" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" className="button button-secondary" onClick={props.onAsk}>
            Revoke…
          </button>
        )}
      </td>
    </tr>
  );
}
