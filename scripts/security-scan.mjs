// Runs electronegativity over the built app (what ships) and fails on any HIGH or
// MEDIUM finding that has no written justification in security-justifications.json.
// electronegativity exits 0 even with findings, so this reads the findings themselves.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
if (!fs.existsSync(path.join(buildDir, 'electron', 'main.js'))) {
  console.error('security scan: no build found; run `npm run build` first.');
  process.exit(1);
}
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// The library API, not the CLI: the CLI writes its CSV header and rows with two racing
// async writes, which can garble or drop rows; the API hands back the findings themselves.
const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity');
const result = await electronegativity({
  input: buildDir,
  isRelative: true,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
if (!result || !Array.isArray(result.issues)) {
  console.error('security scan: electronegativity returned no result.');
  process.exit(1);
}
if (result.errors?.length) {
  console.error(`security scan: electronegativity could not read ${result.errors.length} file(s):`, result.errors);
  process.exit(1);
}
const findings = result.issues.map((i) => ({
  check: i.id,
  severity: i.severity?.name,
  confidence: i.confidence?.name,
  file: i.file,
  location: `${i.location?.line}:${i.location?.column}`,
  sample: String(i.sample ?? ''),
}));
const KNOWN = new Set(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
const { accepted } = JSON.parse(fs.readFileSync(path.join(root, 'scripts/security-justifications.json'), 'utf8'));
// A severity we do not recognise is treated as serious rather than waved through.
const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM' || !KNOWN.has(f.severity));
const unjustified = serious.filter(
  (f) => !accepted.some((a) => a.check === f.check && a.file === f.file && f.sample.includes(a.sample) && a.why?.trim()),
);

console.log(
  `security scan: electronegativity (Electron ${electronVersion}) ran ${result.globalChecks + result.atomicChecks} checks and found ${findings.length} finding(s), ${serious.length} HIGH/MEDIUM.`,
);
for (const f of findings) {
  const mark = unjustified.includes(f) ? 'FAIL' : serious.includes(f) ? 'justified' : 'info';
  console.log(`  [${mark}] ${f.severity} ${f.check} ${f.file}:${f.location} ${f.sample}`);
}
if (unjustified.length > 0) {
  console.error(
    `security scan: ${unjustified.length} HIGH/MEDIUM finding(s) without a justification in scripts/security-justifications.json.`,
  );
  process.exit(1);
}
console.log('security scan: clean.');
