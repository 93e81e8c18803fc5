import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { consentHandlers } from './consents';
import { patientHandlers } from './patients';
import { ruleSettingsHandlers } from './ruleSettings';
import { settingsHandlers } from './settings';
import { clinicToday } from './clinicDay';

/** Every handler, keyed by the contract's method names; the type makes a missing one a compile error. */
export function createHandlers(deps: ApiDeps): Handlers {
  return {
    'app.info': (_input, { staff }) => ({
      version: deps.version,
      dataDir: deps.dataDir,
      demo: deps.demo,
      staff,
      today: clinicToday(deps),
    }),
    ...settingsHandlers(deps),
    ...ruleSettingsHandlers(deps),
    ...patientHandlers(deps),
    ...consentHandlers(deps),
  };
}
