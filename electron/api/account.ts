import { AUDIT_ACTION_LABELS } from '../../shared/audit';
import { toCsv } from '../../shared/csv';
import { calendarDayIn } from '../../shared/time';
import { recordAudit, searchAudit, verifyAuditChain } from '../db/auditRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

type AccountHandlers = Pick<
  Handlers,
  | 'account.changePassword'
  | 'account.setPin'
  | 'account.touch'
  | 'security.get'
  | 'security.update'
  | 'security.newRecoveryKey'
  | 'audit.search'
  | 'audit.verify'
  | 'audit.exportCsv'
  | 'audit.recordPrint'
>;

/** A person's own password and PIN; the owner's screen-lock settings, recovery key and audit trail. */
export function accountHandlers({ db, clock, access, systemTimeZone }: ApiDeps): AccountHandlers {
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
    'audit.search': (q) => searchAudit(db, q),
    'audit.verify': () => verifyAuditChain(db),
    'audit.exportCsv': (q, { staff }) => {
      const { rows } = searchAudit(db, { ...q, limit: 1_000_000, offset: 0 });
      const zone = readClinicSettings(db, systemTimeZone).timeZone;
      const when = (ms: number) =>
        `${calendarDayIn(zone, ms)} ${new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms)}`;
      const file = {
        fileName: `audit-${calendarDayIn(zone, clock.nowMs())}.csv`,
        csv: toCsv(
          ['id', 'when', 'person', 'role', 'device', 'action', 'record', 'record_id', 'patient_id', 'patient', 'before', 'after'],
          rows.map((r) => [
            r.id,
            when(r.atMs),
            r.staffName,
            r.staffRole,
            r.device,
            AUDIT_ACTION_LABELS[r.action] ?? r.action,
            r.entity,
            r.entityId,
            r.patientId,
            r.patientName,
            r.before,
            r.after,
          ]),
        ),
      };
      recordAudit(db, {
        atMs: clock.nowMs(),
        staff,
        action: 'export',
        entity: 'audit_log',
        entityId: 'csv',
        before: undefined,
        after: { rows: rows.length, filter: q },
        patientId: null,
      });
      return file;
    },
    'audit.recordPrint': ({ what, detail, patientId }, { staff }) => {
      recordAudit(db, {
        atMs: clock.nowMs(),
        staff,
        action: 'print',
        entity: what,
        entityId: detail || '-',
        before: undefined,
        after: undefined,
        patientId,
      });
      return { recorded: true as const };
    },
  };
}
