import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { consentHandlers } from './consents';
import { patientHandlers } from './patients';
import { photoHandlers } from './photos';
import { ruleSettingsHandlers } from './ruleSettings';
import { settingsHandlers } from './settings';
import { clinicToday } from './clinicDay';
import { catalogueHandlers } from './catalogue';
import { calendarHandlers } from './calendar';
import { sheetHandlers } from './sheets';
import { exchangeHandlers } from './exchange';
import { scheduleHandlers } from './schedule';
import { teamHandlers } from './team';
import { treatmentHandlers } from './treatments';
import { readAppState } from '../db/appStateRepo';
import { countPatients } from '../db/patientsRepo';

/** Every handler, keyed by the contract's method names; the type makes a missing one a compile error. */
export function createHandlers(deps: ApiDeps): Handlers {
  return {
    'app.info': (_input, { staff }) => ({
      version: deps.version,
      dataDir: deps.dataDir,
      demo: deps.demo,
      staff,
      today: clinicToday(deps),
      nowMs: deps.clock.nowMs(),
      firstRun: !deps.demo && readAppState(deps.db, 'start') === null && countPatients(deps.db, true) === 0,
    }),
    'app.chooseStart': async ({ mode }) => {
      await deps.chooseStart(mode);
      return { reload: true as const };
    },
    ...teamHandlers(deps),
    ...catalogueHandlers(deps),
    ...treatmentHandlers(deps),
    ...scheduleHandlers(deps),
    ...exchangeHandlers(deps),
    ...calendarHandlers(deps),
    ...sheetHandlers(deps),
    ...settingsHandlers(deps),
    ...ruleSettingsHandlers(deps),
    ...patientHandlers(deps),
    ...consentHandlers(deps),
    ...photoHandlers(deps),
  };
}
