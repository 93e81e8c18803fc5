import { useState } from 'react';
import { call, errorMessage } from '../api';
import { Icon } from '../components/Icon';

/** A new, empty clinic: explore a demo clinic in its own folder, or start for real. */
export function FirstRunPage() {
  const [busy, setBusy] = useState<'demo' | 'clinic' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(mode: 'demo' | 'clinic') {
    setBusy(mode);
    setError(null);
    try {
      await call('app.chooseStart', { mode });
      window.location.hash = mode === 'demo' ? '#/today' : '#/settings';
      window.location.reload();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(null);
    }
  }

  return (
    <div className="page first-run">
      <header className="page-header">
        <div>
          <p className="eyebrow">Welcome</p>
          <h1>Welcome to Clinic Records</h1>
          <p className="muted">Everything stays on this computer. Choose how you would like to begin.</p>
        </div>
      </header>
      <div className="choice-grid">
        <section className="card choice">
          <h2 className="card-title">Explore with demo data</h2>
          <p>
            Open an invented clinic with 300 patients, two years of treatments, a team of four practitioners and a recall list to
            work through. It lives in its own folder and never mixes with your clinic’s data.
          </p>
          <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void choose('demo')}>
            {busy === 'demo' ? 'Building the demo clinic…' : 'Explore with demo data'}
          </button>
        </section>
        <section className="card choice">
          <h2 className="card-title">Start my clinic</h2>
          <p>
            Begin with an empty clinic: enter your clinic’s details, add your team and your product lots, then register patients
            or import them from a spreadsheet.
          </p>
          <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void choose('clinic')}>
            Start my clinic
          </button>
        </section>
      </div>
      {error && (
        <div className="callout callout-error" role="alert">
          <Icon name="alert" />
          <p>{error}</p>
        </div>
      )}
    </div>
  );
}
