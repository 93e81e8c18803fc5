import { contract, type MethodName } from './contract';
import { ROLE_LABELS, ROLES } from './staff';

/**
 * The README's table of who may do what, made from the contract itself (the table the main
 * process enforces), one line per method: a test keeps the README in step with it.
 */
export function rolesTableMarkdown(): string {
  const header = `| What | ${ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(contract) as MethodName[])
    .filter((m) => (contract[m] as { public?: boolean }).public !== true)
    .map((m) => {
      const spec = contract[m];
      const marks = ROLES.map((r) => ((spec.roles as readonly string[]).includes(r) ? '✓' : '—'));
      return `| ${spec.summary} (\`${m}\`) | ${marks.join(' | ')} |`;
    });
  return [header, rule, ...rows].join('\n');
}
