import { recordAudit } from '../db/auditRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

type SecurityHandlers = Pick<Handlers, 'security.get' | 'security.update' | 'security.newRecoveryKey'>;

/** The owner's screen-lock setting and recovery key. */
export function securityHandlers({ db, clock, access }: ApiDeps): SecurityHandlers {
  const audit = (staff: Parameters<typeof recordAudit>[1]['staff'], entity: string, id: string, after: unknown) =>
    recordAudit(db, { atMs: clock.nowMs(), staff, action: 'update', entity, entityId: id, before: undefined, after });
  return {
    'security.get': () => ({ idleMinutes: access.idle }),
    'security.update': ({ idleMinutes }, { staff }) => {
      const before = access.idle;
      db.transaction(() => {
        access.setIdleMinutes(db, idleMinutes);
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'update',
          entity: 'security_settings',
          entityId: '1',
          before: { idleMinutes: before },
          after: { idleMinutes },
        });
      })();
      return { idleMinutes };
    },
    'security.newRecoveryKey': async ({ password }, { staff }) => {
      const recoveryKey = await access.newRecoveryKey(staff.id, password);
      audit(staff, 'recovery_key', '1', { replaced: true });
      return { recoveryKey };
    },
  };
}
