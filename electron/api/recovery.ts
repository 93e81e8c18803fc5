import fs from 'node:fs';
import { ApiError } from '../../shared/envelope';
import { ClinicAccess } from '../auth/clinicAccess';
import type { BackupRefs } from '../backup/places';
import { restoreBackup, RestoreError } from '../backup/restore';
import type { Clock } from '../clock';
import type { Handlers } from '../dispatch';

export interface RecoveryDeps {
  access: ClinicAccess;
  refs: BackupRefs;
  clock: Clock;
  log: (message: string, err?: unknown) => void;
  /** Folders of backups chosen on the recovery screen in this run of the app. */
  chosenPlaces: string[];
  knownPlaces: () => string[];
  chooseFolder?: (title: string) => Promise<string | null>;
}

/**
 * The recovery screen's methods, callable before anyone signs in (the clinic cannot be opened):
 * list the backups at the known places or a folder chosen now, restore one with a password of
 * that time or the recovery key, or set the folder aside and start a new clinic.
 */
export function recoveryHandlers(deps: RecoveryDeps): Pick<Handlers, 'recovery.list' | 'recovery.restore' | 'recovery.startNew'> {
  return {
    'recovery.list': async ({ chooseFolder }) => {
      if (chooseFolder) {
        if (!deps.chooseFolder) throw new ApiError('CONFLICT', 'Choosing a folder is not available here.');
        const chosen = await deps.chooseFolder('Choose the folder that holds the clinic’s backups');
        if (chosen && !deps.chosenPlaces.includes(chosen)) deps.chosenPlaces.push(chosen);
      }
      const places = deps.knownPlaces();
      return { places, backups: deps.refs.list(places, deps.access.folder.keyring?.clinicId ?? null) };
    },
    'recovery.restore': async ({ ref, name, password, recoveryKey }, { session }) => {
      const state = deps.access.status(session).state;
      if (!['needs_recovery', 'new_clinic', 'key_file_missing'].includes(state)) {
        throw new ApiError('CONFLICT', 'This clinic opens normally: the owner restores backups in Settings → Backups.');
      }
      const found = deps.refs.get(ref);
      if (!found) throw new ApiError('NOT_FOUND', 'That backup is no longer listed: open the list again.');
      const secret: { recoveryKey: string } | { name: string; password: string } =
        recoveryKey.trim() !== '' ? { recoveryKey } : { name, password };
      if (!('recoveryKey' in secret) && (name.trim() === '' || password === '')) {
        throw new ApiError(
          'INVALID_INPUT',
          'Enter your name and a password that was valid when the backup was made, or the recovery key.',
        );
      }
      const dir = deps.access.folder.dir;
      let dataKey: Buffer | null = null;
      await restoreBackup({
        found,
        dataDir: dir,
        nowMs: deps.clock.nowMs(),
        unlock: async (k) => (dataKey = await deps.access.unlockKeyring(k, secret)),
        closeCurrent: () => deps.access.close(),
      }).catch((err: unknown) => {
        if (err instanceof RestoreError) throw new ApiError('CONFLICT', err.message);
        throw err;
      });
      deps.access.switchTo(ClinicAccess.folderAt(dir, false));
      deps.access.openRestored(dataKey!);
      deps.log(`Backup ${found.manifest.id} restored from the recovery screen`);
      if ('name' in secret) return deps.access.signIn(session, secret.name, secret.password);
      return deps.access.status(session);
    },
    'recovery.startNew': (_input, { session }) => {
      if (deps.access.status(session).state !== 'needs_recovery') {
        throw new ApiError('CONFLICT', 'Only a clinic that cannot be opened can be set aside to start anew.');
      }
      const dir = deps.access.folder.dir;
      deps.access.close();
      const aside = `${dir.replace(/[\\/]+$/, '')} (set aside ${new Date(deps.clock.nowMs()).toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '-')})`;
      fs.renameSync(dir, aside);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      deps.log(`The clinic's folder was set aside in ${aside} to start a new clinic`);
      deps.access.switchTo(ClinicAccess.folderAt(dir, false));
      return deps.access.status(session);
    },
  };
}
