import fs from 'node:fs';
import path from 'node:path';
import type { ImportTags } from '../../shared/photos';
import type { TestClinic } from './core';

export const NO_TAGS: ImportTags = { area: null, view: null, expression: null, phase: null, treatmentId: null };

/** Writes files into a folder of the test's own and stages them, as the preload would. */
export function stage(c: TestClinic, files: Record<string, Buffer>) {
  const dir = path.join(c.dir, 'incoming', String(Math.random()).slice(2));
  fs.mkdirSync(dir, { recursive: true });
  return c.core.stagePaths(
    Object.entries(files).map(([name, bytes]) => {
      fs.writeFileSync(path.join(dir, name), bytes);
      return path.join(dir, name);
    }),
  );
}

/** Imports one photo through the API, as the import panel does. */
export async function importOne(c: TestClinic, patientId: number, name: string, bytes: Buffer, tags: Partial<ImportTags> = {}) {
  const [s] = stage(c, { [name]: bytes });
  return c.call('photos.import', { patientId, token: s!.token!, tags: { ...NO_TAGS, ...tags } });
}
