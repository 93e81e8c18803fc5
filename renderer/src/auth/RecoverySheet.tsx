import { useState } from 'react';
import { call, errorMessage } from '../api';

/**
 * The recovery key, shown once, with the sheet to print: the clinic's name, the date and the key,
 * and why it matters. It is never stored anywhere but on paper (or the PDF the owner saves).
 */
export function RecoverySheet({
  clinicName,
  recoveryKey,
  onDone,
  doneLabel = 'Continue to the clinic',
}: {
  clinicName: string;
  recoveryKey: string;
  onDone: () => void;
  doneLabel?: string;
}) {
  const [kept, setKept] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // The day the sheet is printed, where it is printed: the computer's own calendar is the right one here.
  // eslint-disable-next-line no-restricted-syntax
  const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(new Date());

  async function record() {
    await call('audit.recordPrint', { what: 'recovery_sheet', detail: '', patientId: null }).catch(() => undefined);
  }

  async function savePdf() {
    setMessage(null);
    try {
      const safeName = clinicName.replace(/[^A-Za-z0-9 -]/g, '').trim() || 'clinic';
      const { savedTo } = await call('print.savePdf', { fileName: `Recovery sheet - ${safeName}.pdf` });
      if (savedTo) {
        await record();
        setMessage(`Saved to ${savedTo}. Print it, or keep the file somewhere other than this computer.`);
      }
    } catch (err) {
      setMessage(errorMessage(err));
    }
  }

  return (
    <div className="recovery">
      <section className="card auth-card recovery-screen no-print">
        <h2 className="auth-heading">Your recovery key</h2>
        <p>
          Print this sheet now and keep it somewhere safe, away from this computer (a locked drawer or a safe). It is shown only
          this once.
        </p>
        <p className="recovery-key-screen" data-testid="recovery-key" aria-label={recoveryKey}>
          <KeyLines recoveryKey={recoveryKey} />
        </p>
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              void record();
              window.print();
            }}
          >
            Print recovery sheet
          </button>
          <button type="button" className="button button-secondary" onClick={() => void savePdf()}>
            Save as PDF
          </button>
        </div>
        {message && <p role="status">{message}</p>}
        <label className="confirm-check">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} /> I have printed or saved the
          recovery sheet and will keep it safe
        </label>
        <button type="button" className="button button-primary" disabled={!kept} onClick={onDone}>
          {doneLabel}
        </button>
      </section>
      <article className="recovery-sheet print-only" aria-label="Recovery sheet">
        <h1>Recovery sheet</h1>
        <p className="recovery-clinic">{clinicName}</p>
        <p>Made on {today}</p>
        <h2>Recovery key</h2>
        <p className="recovery-key-print">
          <KeyLines recoveryKey={recoveryKey} />
        </p>
        <h2>Why this sheet matters</h2>
        <p>
          Clinic Records keeps every patient record and photo of {clinicName} encrypted. They can be opened only with the password
          of someone on the team, or with the recovery key above.
        </p>
        <p>
          If the owner forgets their password, or the clinic is moved to a new computer, this key opens the clinic again: on the
          sign-in screen choose <strong>Forgot your password?</strong> and then <strong>Use the recovery key</strong>.
        </p>
        <p>
          <strong>
            If every password is forgotten and this sheet is lost, nobody can open the records again: not the clinic, not us.
          </strong>{' '}
          Keep it in a locked drawer or safe, not beside the computer, and do not photograph it or e-mail it. Anyone holding this
          key and a copy of the clinic’s data can read it.
        </p>
        <p>
          A new sheet can be made in Settings → Security; the old one then stops working. Write the date above somewhere you will
          see it, so you know which sheet is current.
        </p>
      </article>
    </div>
  );
}

/** The key in two lines of four groups: easier to read off paper and to type back. */
function KeyLines({ recoveryKey }: { recoveryKey: string }) {
  const groups = recoveryKey.split('-');
  return (
    <>
      <span className="key-line">{groups.slice(0, 4).join('-')}-</span>
      <span className="key-line">{groups.slice(4).join('-')}</span>
    </>
  );
}
