import { useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/staff';
import type { StaffInput } from '../../../../shared/staff';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useCall } from '../../useCall';

const EMPTY: StaffInput = { name: '', role: 'practitioner', registration: '' };

/** The team: who can be chosen as injector, and who is shown on recall calls. */
export function TeamSettings() {
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

  async function setActive(id: number, active: boolean) {
    team.set(await call('team.setActive', { id, active }));
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
      <section className="table-card">
        {team.error && <p className="status-error">{team.error}</p>}
        <table className="data-table" aria-label="Team">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Registration</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {team.data?.length === 0 && (
              <tr>
                <td colSpan={5} className="empty-row">
                  No team members yet. Add the practitioners who inject so they can be chosen on treatment records.
                </td>
              </tr>
            )}
            {team.data?.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{ROLE_LABELS[m.role]}</td>
                <td>{m.registration || '—'}</td>
                <td>
                  {m.active ? <span className="pill pill-ok">Active</span> : <span className="pill pill-muted">Inactive</span>}
                </td>
                <td className="actions-cell">
                  <button type="button" className="button button-link" onClick={() => void setActive(m.id, !m.active)}>
                    {m.active ? 'Make inactive' : 'Make active'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
