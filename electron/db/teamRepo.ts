import type { Role } from '../../shared/staff';
import type { TeamMember } from '../../shared/team';
import type { Db } from './connection';

interface StaffRow {
  id: number;
  name: string;
  role: Role;
  registration: string;
  active: 0 | 1;
}

const toMember = (r: StaffRow): TeamMember => ({
  id: r.id,
  name: r.name,
  role: r.role,
  registration: r.registration,
  active: r.active === 1,
});

export function listTeam(db: Db): TeamMember[] {
  return (db.prepare('SELECT * FROM staff ORDER BY active DESC, name COLLATE NOCASE, id').all() as StaffRow[]).map(toMember);
}

export function getTeamMember(db: Db, id: number): TeamMember | undefined {
  const row = db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return row && toMember(row);
}

export function insertTeamMember(db: Db, m: Omit<TeamMember, 'id' | 'active'>, nowMs: number): number {
  return Number(
    db
      .prepare('INSERT INTO staff (name, role, registration, active, created_at_ms) VALUES (?, ?, ?, 1, ?)')
      .run(m.name, m.role, m.registration, nowMs).lastInsertRowid,
  );
}

export function setTeamMemberActive(db: Db, id: number, active: boolean): void {
  db.prepare('UPDATE staff SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}
