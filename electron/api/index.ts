import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { ruleSettingsHandlers } from './ruleSettings';
import { settingsHandlers } from './settings';
import { readClinicSettings } from '../db/settingsRepo';
import { calendarDayIn } from '../../shared/dates';

/** Every handler, keyed by the contract's method names; the type makes a missing one a compile error. */
export function createHandlers(deps: ApiDeps): Handlers {
  return {
    'app.info': (_input, { staff }) => ({
      version: deps.version,
      dataDir: deps.dataDir,
      demo: deps.demo,
      staff,
      today: calendarDayIn(readClinicSettings(deps.db, deps.systemTimeZone).timeZone, deps.clock.nowMs()),
    }),
    ...settingsHandlers(deps),
    ...ruleSettingsHandlers(deps),
  };
}
