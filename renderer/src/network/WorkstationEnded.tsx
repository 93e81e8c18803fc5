import { useState } from 'react';
import type { NetworkMode } from '../../../shared/network';
import { call, errorMessage } from '../api';
import './network.css';

/** Stops being a workstation (the pairing file goes), so this computer can be paired again from the start. */
export function ForgetAndPairAgain() {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="button-row">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          call('network.forget', {})
            .then(() => window.location.reload())
            .catch((err: unknown) => setError(errorMessage(err)));
        }}
      >
        Forget this clinic and pair again
      </button>
      {error && <span className="status-error">{error}</span>}
    </div>
  );
}

/**
 * A workstation the clinic's computer revoked: in place of the whole app (whoever was signed in
 * is signed out, nothing of the clinic stays on screen), what happened and what to do.
 */
export function WorkstationEnded({ mode }: { mode: NetworkMode }) {
  const clinic = mode.clinicName || 'the clinic';
  return (
    <section className="card auth-card auth-form" role="alert" aria-labelledby="ended-title">
      <h2 className="auth-heading" id="ended-title">
        The clinic’s computer revoked this workstation.
      </h2>
      <p>
        This computer is no longer a workstation of {clinic}. Whoever was signed in here has been signed out, and nothing of the
        clinic can be seen or saved from here now. Nothing of the clinic was kept on this computer.
      </p>
      <p>
        If it should be a workstation again, ask the clinic owner for a new pairing code (on the clinic’s computer, Settings →
        Other computers), then choose <strong>Forget this clinic and pair again</strong> and pair it as the first time.
      </p>
      <ForgetAndPairAgain />
    </section>
  );
}
