import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { readClinicSettings, writeClinicSettings } from '../db/settingsRepo';
import { recordAudit } from '../db/auditRepo';

export function settingsHandlers({ db, clock, systemTimeZone }: ApiDeps): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => readClinicSettings(db, systemTimeZone),
    'settings.update': (settings, { staff }) =>
      db.transaction(() => {
        const before = readClinicSettings(db, systemTimeZone);
        const atMs = clock.nowMs();
        writeClinicSettings(db, settings, atMs);
        const after = readClinicSettings(db, systemTimeZone);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'clinic_settings', entityId: '1', before, after });
        return after;
      })(),
  };
}
