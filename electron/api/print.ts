import { ApiError } from '../../shared/envelope';
import type { Handlers } from '../dispatch';
import { auditExport } from './common';
import type { ApiDeps } from './deps';

/** Saving the page being shown (a day sheet, a list) as a PDF where the user chooses. */
export function printHandlers(deps: ApiDeps): Pick<Handlers, 'print.savePdf'> {
  return {
    'print.savePdf': async ({ fileName }, ctx) => {
      if (!deps.savePdf) throw new ApiError('CONFLICT', 'Saving as PDF is not available here; use Print instead.');
      const savedTo = await deps.savePdf(fileName);
      // The page left the app as a file: the audit trail says who saved what.
      if (savedTo) auditExport(deps, ctx, 'pdf', { fileName });
      return { savedTo };
    },
  };
}
