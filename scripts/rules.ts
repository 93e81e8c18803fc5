// `npm run --silent rules -- FILE.json` (or `-` for standard input): RULES.md §6.
import fs from 'node:fs';
import { runRulesCommand } from '../electron/rules/cli';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: npm run --silent rules -- FILE.json   (use - to read standard input)\n');
  process.exit(2);
}
let text: string;
try {
  text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
} catch (err) {
  process.stderr.write(`input: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
const outcome = runRulesCommand(text);
if (outcome.ok) {
  process.stdout.write(`${outcome.output}\n`);
} else {
  process.stderr.write(`${outcome.message}\n`);
  process.exitCode = 2;
}
