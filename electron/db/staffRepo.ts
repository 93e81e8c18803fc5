import type { AccountState } from '../../shared/auth';
import type { Role, StaffMember } from '../../shared/staff';
import type { Db } from './connection';

interface StaffRow {
  id: number;
  name: string;
  role: Role;
  registration: string;
  active: 0 | 1;
  account: AccountState;
  pin_json: string | null;
}

const toMember = (r: StaffRow): StaffMember => ({
  id: r.id,
  name: r.name,
  role: r.role,
  registration: r.registration,
  active: r.active === 1,
  account: r.account,
});

export function listTeam(db: Db): StaffMember[] {
  return (db.prepare('SELECT * FROM staff ORDER BY active DESC, name COLLATE NOCASE, id').all() as StaffRow[]).map(toMember);
}

export function getTeamMember(db: Db, id: number): StaffMember | undefined {
  const row = db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return row && toMember(row);
}

/** Another active member with this name (names are how people sign in, so they must differ). */
export function activeNamesake(db: Db, name: string, exceptId: number | null): StaffMember | undefined {
  const row = db
    .prepare('SELECT * FROM staff WHERE active = 1 AND lower(name) = lower(?) AND id IS NOT ? LIMIT 1')
    .get(name.trim(), exceptId) as StaffRow | undefined;
  return row && toMember(row);
}

export function insertTeamMember(
  db: Db,
  m: Pick<StaffMember, 'name' | 'role' | 'registration'> & { account?: AccountState },
  nowMs: number,
): number {
  return Number(
    db
      .prepare('INSERT INTO staff (name, role, registration, active, created_at_ms, account) VALUES (?, ?, ?, 1, ?, ?)')
      .run(m.name, m.role, m.registration, nowMs, m.account ?? 'none').lastInsertRowid,
  );
}

export function setTeamMemberActive(db: Db, id: number, active: boolean): void {
  db.prepare('UPDATE staff SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}

export function setAccountState(db: Db, id: number, account: AccountState): void {
  db.prepare('UPDATE staff SET account = ? WHERE id = ?').run(account, id);
}

export function setStaffRole(db: Db, id: number, role: Role): void {
  db.prepare('UPDATE staff SET role = ? WHERE id = ?').run(role, id);
}

/** A PIN's argon2id hash with its salt and cost, as JSON; null removes it. */
export function writePin(db: Db, id: number, pinJson: string | null): void {
  db.prepare('UPDATE staff SET pin_json = ? WHERE id = ?').run(pinJson, id);
}

export function readPin(db: Db, id: number): string | null {
  return (db.prepare('SELECT pin_json FROM staff WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
}
