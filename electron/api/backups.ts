import { ApiError } from '../../shared/envelope';
import { calendarDayIn } from '../../shared/time';
import { recordAudit } from '../db/auditRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { ClinicHandlers } from '../dispatch';
import { JobCancelled } from '../jobs/runner';
import type { ApiDeps } from './deps';

type BackupHandlers = Pick<
  ClinicHandlers,
  | 'backups.status'
  | 'backups.update'
  | 'backups.addPlace'
  | 'backups.removePlace'
  | 'backups.run'
  | 'backups.cancel'
  | 'backups.list'
  | 'backups.restore'
  | 'backups.exportArchive'
>;

/** Backups to the places the owner chose, restoring one, and the archive of everything. */
export function backupHandlers(deps: ApiDeps): BackupHandlers {
  const { backups, db, clock } = deps;
  return {
    'backups.status': () => backups.status(),
    'backups.update': (s, { staff }) => {
      backups.saveSettings(s, staff);
      return backups.status();
    },
    'backups.addPlace': async (_input, { staff }) => {
      if (!deps.chooseFolder) throw new ApiError('CONFLICT', 'Choosing a folder is not available here.');
      const place = await deps.chooseFolder('Choose where to keep the clinic’s backups');
      if (place) backups.addPlace(place, staff);
      return backups.status();
    },
    'backups.removePlace': ({ index }, { staff }) => {
      backups.removePlace(index, staff);
      return backups.status();
    },
    'backups.run': (_input, { staff }) => {
      if (backups.busy) throw new ApiError('CONFLICT', 'A backup is already running.');
      if (backups.places().length === 0) {
        throw new ApiError('CONFLICT', 'Choose where to keep the backups first: Settings → Backups → Add a place.');
      }
      // The backup runs on a worker thread; the page follows it through backups.status.
      void backups.runNow(staff);
      return backups.status();
    },
    'backups.cancel': () => {
      backups.cancel();
      return backups.status();
    },
    'backups.list': () => backups.list(),
    'backups.restore': ({ ref }, { staff }) => deps.restore(ref, staff),
    'backups.exportArchive': async ({ passphrase }, { staff }) => {
      if (!deps.choosePath) throw new ApiError('CONFLICT', 'Saving files is not available here.');
      const settings = readClinicSettings(db, deps.systemTimeZone);
      const day = calendarDayIn(settings.timeZone, clock.nowMs());
      const target = await deps.choosePath(
        `${settings.name.replace(/[^A-Za-z0-9 -]/g, '').trim() || 'Clinic'} - everything ${day}.zip`,
      );
      if (!target) return { savedTo: null };
      try {
        const done = await deps.jobs.run('exportArchive', {
          target,
          dataDir: deps.dataDir,
          dbKeyHex: deps.access.folder.dbKey!.toString('hex'),
          photoKeyHex: deps.photos.key.toString('hex'),
          passphrase,
          clinicName: settings.name,
          nowMs: clock.nowMs(),
        });
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'export',
          entity: 'archive',
          entityId: '-',
          before: undefined,
          after: { file: target, encrypted: passphrase !== '', ...done },
          patientId: null,
        });
      } catch (err) {
        if (err instanceof JobCancelled) return { savedTo: null };
        throw err;
      }
      return { savedTo: target };
    },
  };
}
