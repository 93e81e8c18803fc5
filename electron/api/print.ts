import { ApiError } from '../../shared/envelope';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

/** Saving the page being shown (a day sheet, a list) as a PDF where the user chooses. */
export function printHandlers(deps: ApiDeps): Pick<Handlers, 'print.savePdf'> {
  return {
    'print.savePdf': async ({ fileName }) => {
      if (!deps.savePdf) throw new ApiError('CONFLICT', 'Saving as PDF is not available here; use Print instead.');
      return { savedTo: await deps.savePdf(fileName) };
    },
  };
}
