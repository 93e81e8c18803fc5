import type { ClinicHandlers } from '../dispatch';
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
import { accountHandlers } from './account';
import { messageHandlers } from './messages';

/** Every handler, keyed by the contract's method names; the type makes a missing one a compile error. */
export function createHandlers(deps: ApiDeps): ClinicHandlers {
  return {
    'app.info': (_input, { staff }) => ({
      version: deps.version,
      dataDir: deps.dataDir,
      demo: deps.demo,
      staff,
      today: clinicToday(deps),
      nowMs: deps.clock.nowMs(),
    }),
    ...accountHandlers(deps),
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
    ...messageHandlers(deps),
  };
}
