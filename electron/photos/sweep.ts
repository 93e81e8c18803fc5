import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../db/auditRepo';
import type { Db } from '../db/connection';
import { PHOTOS_FOLDER } from './store';

export const QUARANTINE_FOLDER = 'quarantine';

/**
 * At start: moves into quarantine/<date>/ what a crash can leave in the photo store, never
 * deleting it: half-written temporary files (*.partial) and files no photo record points at
 * (written just before a crash, before their record was committed). Audited.
 */
export function sweepPhotoStore(db: Db, dataDir: string, nowMs: number, device: string): { moved: string[] } {
  const store = path.join(dataDir, PHOTOS_FOLDER);
  if (!fs.existsSync(store)) return { moved: [] };
  const known = new Set(db.prepare('SELECT DISTINCT sha256 FROM photos').pluck().all() as string[]);
  const moved: string[] = [];
  const target = path.join(dataDir, QUARANTINE_FOLDER, new Date(nowMs).toISOString().replace(/[:.]/g, '-'));
  for (const kind of fs.readdirSync(store)) {
    const kindDir = path.join(store, kind);
    if (!fs.statSync(kindDir).isDirectory()) continue;
    for (const prefix of fs.readdirSync(kindDir)) {
      const prefixDir = path.join(kindDir, prefix);
      if (!fs.statSync(prefixDir).isDirectory()) continue;
      for (const name of fs.readdirSync(prefixDir)) {
        const orphan = name.endsWith('.partial') || !/^[0-9a-f]{64}$/.test(name) || !known.has(name);
        if (!orphan) continue;
        const to = path.join(target, kind, prefix, name);
        fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
        fs.renameSync(path.join(prefixDir, name), to);
        moved.push(path.join(kind, prefix, name));
      }
    }
  }
  if (moved.length > 0) {
    recordAudit(db, {
      atMs: nowMs,
      staff: { id: '', name: 'Clinic Records', role: 'system', device },
      action: 'update',
      entity: 'photo_store',
      entityId: 'quarantine',
      before: undefined,
      after: { movedToQuarantine: moved, folder: path.relative(dataDir, target) },
      patientId: null,
    });
  }
  return { moved };
}
