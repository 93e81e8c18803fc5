import type { ClinicAccess } from '../auth/clinicAccess';
import { diagnosticReport } from '../diagnostics';
import { LOCAL_SESSION, type Handlers } from '../dispatch';

export interface DiagnosticsDeps {
  access: ClinicAccess;
  version: string;
  logFile: () => string;
  recent: () => string[];
  knownPlaces: () => string[];
}

/** "Copy diagnostic report": callable from any screen, even when the clinic cannot be opened. */
export function diagnosticsHandlers(deps: DiagnosticsDeps): Pick<Handlers, 'diagnostics.report'> {
  return {
    'diagnostics.report': () => ({
      logFile: deps.logFile(),
      text: diagnosticReport({
        version: deps.version,
        dataDir: deps.access.folder.dir,
        logFile: deps.logFile(),
        recent: deps.recent(),
        places: deps.knownPlaces(),
        state: deps.access.status(LOCAL_SESSION).state,
      }),
    }),
  };
}
