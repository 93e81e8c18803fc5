import { recordAudit } from '../db/auditRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

type AccountHandlers = Pick<Handlers, 'account.changePassword' | 'account.setPin' | 'account.touch'>;

/** A person's own password, PIN, and that they are still at the screen. */
export function accountHandlers({ db, clock, access }: ApiDeps): AccountHandlers {
  const audit = (staff: Parameters<typeof recordAudit>[1]['staff'], entity: string, id: string, after: unknown) =>
    recordAudit(db, { atMs: clock.nowMs(), staff, action: 'update', entity, entityId: id, before: undefined, after });
  return {
    'account.changePassword': async ({ current, password }, { staff }) => {
      await access.changePassword(staff.id, current, password);
      audit(staff, 'staff_access', String(staff.id), { password: 'changed' });
      return { changed: true as const };
    },
    'account.setPin': async ({ current, pin }, { staff, session }) => {
      const status = await access.setPin(session, current, pin);
      audit(staff, 'staff_access', String(staff.id), { pin: pin === null ? 'removed' : 'set' });
      return status;
    },
    'account.touch': () => ({ ok: true as const }),
  };
}
