// npm run --silent roles-table: prints the README's table of who may do what, from shared/contract.ts.
import { rolesTableMarkdown } from '../shared/rolesTable';

console.log(rolesTableMarkdown());
