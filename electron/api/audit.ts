import { AUDIT_ACTION_LABELS } from '../../shared/audit';
import { toCsv } from '../../shared/csv';
import { calendarDayIn } from '../../shared/time';
import { recordAudit, searchAudit, verifyAuditChain } from '../db/auditRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

type AuditHandlers = Pick<Handlers, 'audit.search' | 'audit.verify' | 'audit.exportCsv' | 'audit.recordPrint'>;

/** The audit trail: searching it, verifying its chain, exporting it, and noting prints. */
export function auditHandlers({ db, clock, systemTimeZone }: ApiDeps): AuditHandlers {
  return {
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
