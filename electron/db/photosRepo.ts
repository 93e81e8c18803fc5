import type { LightingStats } from '../../shared/lighting';
import type {
  ComparisonView,
  Photo,
  RecentPhoto,
  Landmark,
  PhotoExpression,
  PhotoPhase,
  PhotoSource,
  PhotoTags,
  PhotoView,
  SavedComparison,
} from '../../shared/photos';
import type { Db } from './connection';

/** A photo row as stored; the API adds what it derives (consent, days since treatment). */
export type StoredPhoto = Omit<Photo, 'consentScope' | 'treatmentOn' | 'daysSinceTreatment' | 'lightingCheck'> & {
  sha256: string;
  deletedAtMs: number | null;
};

interface PhotoRow {
  id: number;
  patient_id: number;
  sha256: string;
  original_name: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  taken_on: string;
  taken_on_source: StoredPhoto['takenOnSource'];
  area: string | null;
  view: PhotoView | null;
  expression: PhotoExpression | null;
  phase: PhotoPhase | null;
  treatment_record_id: number | null;
  landmarks_json: string | null;
  imported_at_ms: number;
  deleted_at_ms: number | null;
  source: PhotoSource;
  lighting_json: string | null;
}

function toPhoto(r: PhotoRow): StoredPhoto {
  return {
    id: r.id,
    patientId: r.patient_id,
    sha256: r.sha256,
    originalName: r.original_name,
    format: r.format,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    takenOn: r.taken_on,
    takenOnSource: r.taken_on_source,
    area: r.area,
    view: r.view,
    expression: r.expression,
    phase: r.phase,
    treatmentId: r.treatment_record_id,
    landmarks: r.landmarks_json === null ? null : (JSON.parse(r.landmarks_json) as [Landmark, Landmark]),
    importedAtMs: r.imported_at_ms,
    deletedAtMs: r.deleted_at_ms,
    source: r.source,
    lighting: r.lighting_json === null ? null : (JSON.parse(r.lighting_json) as LightingStats),
  };
}

export type NewPhoto = Pick<
  StoredPhoto,
  'patientId' | 'sha256' | 'originalName' | 'format' | 'width' | 'height' | 'bytes' | 'takenOn' | 'importedAtMs'
> & {
  takenOnSource: 'camera' | 'import' | 'edited';
  tags: Omit<PhotoTags, 'takenOn' | 'byPatient'>;
  importedBy: string;
  source: PhotoSource;
  lighting: LightingStats | null;
};

export function insertPhoto(db: Db, p: NewPhoto): number {
  const r = db
    .prepare(
      `INSERT INTO photos (patient_id, sha256, original_name, format, width, height, bytes, taken_on, taken_on_source,
         area, view, expression, phase, treatment_record_id, imported_at_ms, imported_by, source, lighting_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      p.patientId,
      p.sha256,
      p.originalName,
      p.format,
      p.width,
      p.height,
      p.bytes,
      p.takenOn,
      p.takenOnSource,
      p.tags.area,
      p.tags.view,
      p.tags.expression,
      p.tags.phase,
      p.tags.treatmentId,
      p.importedAtMs,
      p.importedBy,
      p.source,
      p.lighting && JSON.stringify(p.lighting),
    );
  return Number(r.lastInsertRowid);
}

/** A photo by id, deleted or not. */
export function getPhoto(db: Db, id: number): StoredPhoto | undefined {
  const row = db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
  return row && toPhoto(row);
}

/** The photo of this patient with these bytes, unless deleted. */
export function findPhotoByHash(db: Db, patientId: number, sha256: string): StoredPhoto | undefined {
  const row = db
    .prepare('SELECT * FROM photos WHERE patient_id = ? AND sha256 = ? AND deleted_at_ms IS NULL')
    .get(patientId, sha256) as PhotoRow | undefined;
  return row && toPhoto(row);
}

/** A patient's photos, newest first; deleted ones left out. */
export function photosOfPatient(db: Db, patientId: number): StoredPhoto[] {
  return (
    db
      .prepare('SELECT * FROM photos WHERE patient_id = ? AND deleted_at_ms IS NULL ORDER BY taken_on DESC, id DESC')
      .all(patientId) as PhotoRow[]
  ).map(toPhoto);
}

export function updatePhotoTags(db: Db, id: number, t: PhotoTags, dateEdited: boolean, source: PhotoSource): void {
  db.prepare(
    `UPDATE photos SET taken_on = ?, taken_on_source = CASE WHEN ? THEN 'edited' ELSE taken_on_source END,
       area = ?, view = ?, expression = ?, phase = ?, treatment_record_id = ?, source = ? WHERE id = ?`,
  ).run(t.takenOn, dateEdited ? 1 : 0, t.area, t.view, t.expression, t.phase, t.treatmentId, source, id);
}

/** Records a photo's measured light (shared/lighting.ts). */
export function setPhotoLighting(db: Db, id: number, lighting: LightingStats): void {
  db.prepare('UPDATE photos SET lighting_json = ? WHERE id = ?').run(JSON.stringify(lighting), id);
}

export function setPhotoLandmarks(db: Db, id: number, landmarks: [Landmark, Landmark] | null): void {
  db.prepare('UPDATE photos SET landmarks_json = ? WHERE id = ?').run(landmarks && JSON.stringify(landmarks), id);
}

export function softDeletePhoto(db: Db, id: number, atMs: number, by: string, reason: string): void {
  db.prepare('UPDATE photos SET deleted_at_ms = ?, deleted_by = ?, delete_reason = ? WHERE id = ?').run(atMs, by, reason, id);
}

/** The stored file behind a photo the app still shows; null for unknown or deleted ids. */
export function liveSha256(db: Db, id: number): string | null {
  return (
    (db.prepare('SELECT sha256 FROM photos WHERE id = ? AND deleted_at_ms IS NULL').pluck().get(id) as string | undefined) ?? null
  );
}

interface ComparisonRow {
  id: number;
  patient_id: number;
  name: string;
  view_json: string;
  created_at_ms: number;
}

function toComparison(r: ComparisonRow): SavedComparison {
  return {
    id: r.id,
    patientId: r.patient_id,
    name: r.name,
    view: JSON.parse(r.view_json) as ComparisonView,
    createdAtMs: r.created_at_ms,
  };
}

export function insertComparison(
  db: Db,
  c: { patientId: number; name: string; view: ComparisonView; atMs: number; by: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO comparisons (patient_id, name, view_json, created_at_ms, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(c.patientId, c.name, JSON.stringify(c.view), c.atMs, c.by).lastInsertRowid,
  );
}

export function comparisonsOf(db: Db, patientId: number): SavedComparison[] {
  return (
    db
      .prepare('SELECT * FROM comparisons WHERE patient_id = ? AND deleted_at_ms IS NULL ORDER BY created_at_ms DESC, id DESC')
      .all(patientId) as ComparisonRow[]
  ).map(toComparison);
}

export function getComparison(db: Db, id: number): SavedComparison | undefined {
  const row = db.prepare('SELECT * FROM comparisons WHERE id = ? AND deleted_at_ms IS NULL').get(id) as ComparisonRow | undefined;
  return row && toComparison(row);
}

export function softDeleteComparison(db: Db, id: number, atMs: number): void {
  db.prepare('UPDATE comparisons SET deleted_at_ms = ? WHERE id = ?').run(atMs, id);
}

/** The latest imports across the clinic, newest first. */
export function recentPhotos(db: Db, limit: number): RecentPhoto[] {
  return db
    .prepare(
      `SELECT ph.id, ph.patient_id AS patientId, p.first_name AS firstName, p.last_name AS lastName,
              p.preferred_name AS preferredName, ph.taken_on AS takenOn, ph.imported_at_ms AS importedAtMs
       FROM photos ph JOIN patients p ON p.id = ph.patient_id
       WHERE ph.deleted_at_ms IS NULL AND p.archived_at_ms IS NULL
       ORDER BY ph.imported_at_ms DESC, ph.id DESC LIMIT ?`,
    )
    .all(limit) as RecentPhoto[];
}
