// npm run --silent bench:table             prints the README's benchmark table from bench/results.json
// npm run --silent bench:table -- --write  rewrites the README's table between its markers
import fs from 'node:fs';
import path from 'node:path';
import { benchTable, readRecord, withTable } from './benchTable';

const { results, first } = readRecord();
const table = benchTable(results, first);
if (process.argv.includes('--write')) {
  const file = path.resolve('README.md');
  fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8'), table));
  console.log(`README.md: the table now shows the ${results.length} figures of bench/results.json.`);
} else {
  console.log(table);
}
