import { ApiError } from '../../shared/envelope';
import type { StaffMember } from '../../shared/staff';
import { recordAudit } from '../db/auditRepo';
import { activeNamesake, getTeamMember, insertTeamMember, listTeam, setStaffRole, setTeamMemberActive } from '../db/staffRepo';
import type { CallContext, Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

/**
 * The staff list and who can sign in. Staff are never deleted: someone who leaves is made
 * inactive, which also removes their key slot, so their password opens nothing any more.
 */
export function teamHandlers({
  db,
  clock,
  access,
}: ApiDeps): Pick<Handlers, 'team.list' | 'team.add' | 'team.setActive' | 'team.invite' | 'team.setRole'> {
  function mustGet(id: number): StaffMember {
    const m = getTeamMember(db, id);
    if (!m) throw new ApiError('NOT_FOUND', `There is no team member number ${id}.`);
    return m;
  }

  function audit(ctx: CallContext, id: number, before: StaffMember | undefined, what: string) {
    recordAudit(db, {
      atMs: clock.nowMs(),
      staff: ctx.staff,
      action: before ? 'update' : 'create',
      entity: 'staff',
      entityId: String(id),
      before,
      after: { ...getTeamMember(db, id), change: what },
    });
  }

  /** The clinic must keep at least one active owner/admin who can sign in, or nobody could manage it. */
  function keepsAnAdmin(id: number, after: { active: boolean; role: StaffMember['role'] }): boolean {
    return listTeam(db).some((m) =>
      m.id === id
        ? after.active && after.role === 'admin' && m.account !== 'none'
        : m.active && m.role === 'admin' && m.account !== 'none',
    );
  }

  return {
    'team.list': () => listTeam(db),
    'team.add': (member, ctx) =>
      db.transaction(() => {
        if (activeNamesake(db, member.name, null)) {
          throw new ApiError('CONFLICT', `There is already an active team member called ${member.name}.`, {
            name: 'Someone has this name already; add a middle initial or title',
          });
        }
        const id = insertTeamMember(db, member, clock.nowMs());
        audit(ctx, id, undefined, 'added');
        return listTeam(db);
      })(),
    'team.setActive': ({ id, active }, ctx) => {
      const before = mustGet(id);
      if (!active && id === ctx.staff.id) throw new ApiError('CONFLICT', 'You cannot make yourself inactive.');
      if (!active && !keepsAnAdmin(id, { active: false, role: before.role })) {
        throw new ApiError('CONFLICT', 'The clinic needs at least one active owner/admin who can sign in.');
      }
      if (active && activeNamesake(db, before.name, id)) {
        throw new ApiError('CONFLICT', `There is already an active team member called ${before.name}.`);
      }
      db.transaction(() => {
        setTeamMemberActive(db, id, active);
        // Their key slot goes with them: their password no longer opens the clinic.
        if (!active) access.removeAccess(id);
        audit(ctx, id, before, active ? 'made active' : 'made inactive; sign-in access removed');
      })();
      return listTeam(db);
    },
    'team.setRole': ({ id, role }, ctx) => {
      const before = mustGet(id);
      if (before.role === role) return listTeam(db);
      if (!keepsAnAdmin(id, { active: before.active, role })) {
        throw new ApiError('CONFLICT', 'The clinic needs at least one active owner/admin who can sign in.');
      }
      db.transaction(() => {
        setStaffRole(db, id, role);
        audit(ctx, id, before, `role changed to ${role}`);
      })();
      // A changed role takes effect at their next sign-in: end their sessions now.
      access.sessions.endForStaff(id);
      return listTeam(db);
    },
    'team.invite': async ({ id }, ctx) => {
      const before = mustGet(id);
      if (id === ctx.staff.id) {
        throw new ApiError('CONFLICT', 'Change your own password in My account; a setup code is for someone else.');
      }
      const { setupCode, expiresAtMs } = await access.issueSetupCode(id);
      db.transaction(() => audit(ctx, id, before, before.account === 'none' ? 'setup code issued' : 'new setup code issued'))();
      return { setupCode, expiresAtMs, team: listTeam(db) };
    },
  };
}
