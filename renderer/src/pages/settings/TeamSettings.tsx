import { useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role, type StaffInput, type StaffMember } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { useSession } from '../../session';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useCall } from '../../useCall';

const EMPTY: StaffInput = { name: '', role: 'practitioner', registration: '' };

/**
 * The team: who can be chosen as injector, who can sign in and with which role. Nobody is
 * deleted: someone who leaves is made inactive, which ends their sign-in at once.
 */
export function TeamSettings() {
  const { person } = useSession();
  const team = useCall('team.list', {});
  const [draft, setDraft] = useState<StaffInput>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      team.set(await call('team.add', draft));
      setDraft(EMPTY);
      setErrors({});
      setMessage(`${draft.name.trim()} was added to the team.`);
    } catch (err) {
      const refused = refusedSave(err);
      setErrors(refused.fields ?? {});
      setMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  const [code, setCode] = useState<{ name: string; setupCode: string; expiresAtMs: number } | null>(null);
  const [confirmingInactive, setConfirmingInactive] = useState<number | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  async function act(fn: () => Promise<StaffMember[]>) {
    setRowError(null);
    try {
      team.set(await fn());
    } catch (err) {
      setRowError(errorMessage(err));
    }
  }

  async function invite(m: StaffMember) {
    setRowError(null);
    try {
      const r = await call('team.invite', { id: m.id });
      team.set(r.team);
      setCode({ name: m.name, setupCode: r.setupCode, expiresAtMs: r.expiresAtMs });
    } catch (err) {
      setRowError(errorMessage(err));
    }
  }

  return (
    <div className="stack">
      <section className="card">
        <h2 className="section-title">Add a team member</h2>
        <form className="inline-form" onSubmit={(e) => void add(e)} noValidate aria-label="Add a team member">
          <div className="form-grid form-grid-4">
            <Field id="team-name" label="Name" error={errors.name}>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </Field>
            <Field id="team-role" label="Role" error={errors.role}>
              <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="team-registration"
              label="Registration number"
              hint="Optional, e.g. GMC or NMC number"
              error={errors.registration}
            >
              <input value={draft.registration} onChange={(e) => setDraft({ ...draft, registration: e.target.value })} />
            </Field>
            <div className="field field-action">
              <button type="submit" className="button button-primary">
                Add to team
              </button>
            </div>
          </div>
          <p role="status" className={message && Object.keys(errors).length ? 'status-error' : 'status-ok'}>
            {message}
          </p>
        </form>
      </section>
      {code && (
        <section className="callout setup-code-box" role="status" aria-label="Setup code">
          <div>
            <strong>Setup code for {code.name}</strong>
            <p className="setup-code" data-testid="setup-code">
              {code.setupCode}
            </p>
            <p>
              Give it to {code.name} in person. On the sign-in screen they choose their name, type this code as the password, and
              then choose their own password. It works once, until{' '}
              {new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(code.expiresAtMs)}. It is not shown again.
            </p>
            <button type="button" className="button button-secondary" onClick={() => setCode(null)}>
              Done
            </button>
          </div>
        </section>
      )}
      {rowError && (
        <p className="status-error" role="alert">
          {rowError}
        </p>
      )}
      <section className="table-card">
        {team.error && <p className="status-error">{team.error}</p>}
        <table className="data-table" aria-label="Team">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Registration</th>
              <th scope="col">Sign-in</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {team.data?.length === 0 && (
              <tr>
                <td colSpan={6} className="empty-row">
                  No team members yet. Add the practitioners who inject so they can be chosen on treatment records.
                </td>
              </tr>
            )}
            {team.data?.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  {m.id === person.id && <span className="muted small"> (you)</span>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${m.name}`}
                    value={m.role}
                    disabled={!m.active}
                    onChange={(e) => void act(() => call('team.setRole', { id: m.id, role: e.target.value as Role }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{m.registration || '—'}</td>
                <td>
                  {m.account === 'active' ? (
                    <span className="pill pill-ok">Can sign in</span>
                  ) : m.account === 'invited' ? (
                    <span className="pill pill-warn">Setup code waiting</span>
                  ) : (
                    <span className="pill pill-muted">No sign-in</span>
                  )}
                </td>
                <td>
                  {m.active ? <span className="pill pill-ok">Active</span> : <span className="pill pill-muted">Inactive</span>}
                </td>
                <td className="actions-cell">
                  {m.active && m.id !== person.id && (
                    <button type="button" className="button button-link" onClick={() => void invite(m)}>
                      {m.account === 'none' ? 'Give sign-in access' : 'New setup code'}
                    </button>
                  )}
                  {confirmingInactive === m.id ? (
                    <span className="confirm-inline" role="group" aria-label={`Make ${m.name} inactive`}>
                      <span className="small">Their sign-in stops at once. Make inactive?</span>
                      <button
                        type="button"
                        className="button button-danger button-small"
                        onClick={() => {
                          setConfirmingInactive(null);
                          void act(() => call('team.setActive', { id: m.id, active: false }));
                        }}
                      >
                        Make inactive
                      </button>
                      <button type="button" className="button button-link" onClick={() => setConfirmingInactive(null)}>
                        Keep
                      </button>
                    </span>
                  ) : m.id !== person.id ? (
                    <button
                      type="button"
                      className="button button-link"
                      onClick={() =>
                        m.active
                          ? setConfirmingInactive(m.id)
                          : void act(() => call('team.setActive', { id: m.id, active: true }))
                      }
                    >
                      {m.active ? 'Make inactive' : 'Make active'}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
