import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_HOST_PORT, shortFingerprint, type FoundHost, type HostInspection } from '../../../shared/network';
import { ApiError } from '../../../shared/envelope';
import { call, errorMessage } from '../api';
import { Field } from '../components/Field';
import { Fingerprint } from './ConnectionBanner';
import './network.css';

/**
 * On a computer with nothing set up: make it a workstation of the clinic's computer. It lists the
 * clinic computers announcing themselves (or takes an address), shows the chosen one's name and
 * certificate fingerprint to compare with its screen, and pairs with the six-digit code shown there.
 */
export function PairCard({ onPaired }: { onPaired: () => void }) {
  const [open, setOpen] = useState(false);
  const [found, setFound] = useState<FoundHost[] | null>(null);
  const [address, setAddress] = useState('');
  const [port, setPort] = useState(String(DEFAULT_HOST_PORT));
  const [host, setHost] = useState<HostInspection | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  // While the list is open, look again every few seconds (a host switched on just now appears).
  useEffect(() => {
    if (!open || host) return;
    let live = true;
    const look = () =>
      call('network.findHosts', {})
        .then((hosts) => live && setFound(hosts))
        .catch(() => live && setFound([]));
    void look();
    const t = window.setInterval(() => void look(), 4000);
    return () => {
      live = false;
      window.clearInterval(t);
    };
  }, [open, host]);

  async function inspect(a: string, p: number) {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      setHost(await call('network.inspectHost', { address: a, port: p }));
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(err.fields);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function pair(e: FormEvent) {
    e.preventDefault();
    if (!host) return;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await call('network.pair', { address: host.address, port: host.port, fingerprint: host.fingerprint, code, name });
      onPaired();
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(err.fields);
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <section className="card auth-card pair-card" aria-labelledby="pair-title">
        <h2 className="auth-heading" id="pair-title">
          Use the clinic’s records from this computer
        </h2>
        <p>
          If the clinic’s records are already on another computer here (the reception PC, say), make this one a workstation of it.
          Nothing of the clinic is kept on this computer.
        </p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Connect to the clinic’s computer
        </button>
      </section>
    );
  }

  if (host) {
    return (
      <form className="card auth-card auth-form pair-card" onSubmit={(e) => void pair(e)} noValidate aria-labelledby="pair-title">
        <h2 className="auth-heading" id="pair-title">
          Pair with {host.clinicName || 'the clinic’s computer'}
        </h2>
        <div className="fingerprint-box">
          <p className="small muted">
            At {host.address}, port {host.port}. Check that the clinic’s computer shows the same fingerprint under{' '}
            <strong>Settings → Other computers</strong>:
          </p>
          <Fingerprint value={shortFingerprint(host.fingerprint)} testId="host-fingerprint" />
        </div>
        <Field
          id="pair-code"
          label="Pairing code"
          hint="The six digits shown on the clinic’s computer (good for five minutes)."
          error={fields.code}
        >
          <input
            className="code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <Field
          id="pair-name"
          label="This computer’s name"
          hint="How it appears on the clinic’s computer and in the audit trail."
          error={fields.name}
        >
          <input value={name} placeholder="Reception desk" onChange={(e) => setName(e.target.value)} maxLength={60} />
        </Field>
        {error && (
          <p className="status-error" role="alert">
            {error}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Pairing…' : 'Pair this computer'}
          </button>
          <button type="button" className="button button-link" onClick={() => setHost(null)}>
            Back
          </button>
        </div>
      </form>
    );
  }

  return (
    <section className="card auth-card auth-form pair-card" aria-labelledby="pair-title">
      <h2 className="auth-heading" id="pair-title">
        Find the clinic’s computer
      </h2>
      <p className="small muted">
        On the clinic’s computer, the owner switches on Settings → Other computers → Share this clinic.
      </p>
      {found === null ? (
        <p className="muted" aria-busy="true">
          Looking on the network…
        </p>
      ) : found.length === 0 ? (
        <p className="muted">No clinic computer has announced itself yet. You can type its address below.</p>
      ) : (
        <ul className="host-list" aria-label="Clinic computers found">
          {found.map((h) => (
            <li key={`${h.address}:${h.port}`}>
              <button type="button" className="host-choice" disabled={busy} onClick={() => void inspect(h.address, h.port)}>
                <strong>{h.clinicName}</strong>
                <span className="small muted">
                  {h.address}, port {h.port}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void inspect(address.trim(), Number(port));
        }}
        noValidate
        aria-label="The clinic computer’s address"
      >
        <Field
          id="host-address"
          label="Or type its address"
          hint="As shown on the clinic’s computer, such as 192.168.1.20."
          error={fields.address}
        >
          <input value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" />
        </Field>
        <Field id="host-port" label="Port" error={fields.port}>
          <input inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
        </Field>
        <div className="button-row">
          <button type="submit" className="button button-secondary" disabled={busy || address.trim() === ''}>
            {busy ? 'Looking…' : 'Look it up'}
          </button>
        </div>
      </form>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
