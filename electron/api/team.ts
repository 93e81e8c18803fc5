import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import { getTeamMember, insertTeamMember, listTeam, setTeamMemberActive } from '../db/teamRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

export function teamHandlers({ db, clock }: ApiDeps): Pick<Handlers, 'team.list' | 'team.add' | 'team.setActive'> {
  return {
    'team.list': () => listTeam(db),
    'team.add': (member, { staff }) =>
      db.transaction(() => {
        const atMs = clock.nowMs();
        const id = insertTeamMember(db, member, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'staff',
          entityId: String(id),
          before: undefined,
          after: getTeamMember(db, id),
        });
        return listTeam(db);
      })(),
    'team.setActive': ({ id, active }, { staff }) =>
      db.transaction(() => {
        const before = getTeamMember(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no team member number ${id}.`);
        const atMs = clock.nowMs();
        setTeamMemberActive(db, id, active);
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'staff',
          entityId: String(id),
          before,
          after: getTeamMember(db, id),
        });
        return listTeam(db);
      })(),
  };
}
