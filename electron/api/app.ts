import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

/** What the window asks first: the version, the data folder, who is signed in, today. */
export function appHandlers(deps: ApiDeps): Pick<Handlers, 'app.info'> {
  return {
    'app.info': (_input, { staff }) => ({
      version: deps.version,
      dataDir: deps.dataDir,
      demo: deps.demo,
      staff,
      today: clinicToday(deps),
      nowMs: deps.clock.nowMs(),
    }),
  };
}
