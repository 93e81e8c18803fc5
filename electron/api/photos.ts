import { BUILT_IN_AREAS, mergeByCode } from '../../shared/catalogue';
import { consentInForceOn, currentConsent, PHOTO_SCOPE_LABELS, type Consent, type PhotoScope } from '../../shared/consents';
import { daysBetween } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import type { Actor } from '../../shared/staff';
import { isBlackFrame, type LightingStats } from '../../shared/lighting';
import {
  CAPTURE_LIMITS,
  lightingCheckOf,
  photoLabel,
  protocolStatus,
  scopeCovers,
  type ImportTags,
  type Photo,
  type PhotoLibrary,
  type PhotoSource,
} from '../../shared/photos';
import { recordAudit } from '../db/auditRepo';
import { clinicAreas } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { consentsOf } from '../db/consentsRepo';
import {
  comparisonsOf,
  findPhotoByHash,
  getPhoto,
  insertPhoto,
  photosOfPatient,
  recentPhotos,
  setPhotoLandmarks,
  setPhotoLighting,
  softDeletePhoto,
  updatePhotoTags,
  type StoredPhoto,
} from '../db/photosRepo';
import { treatmentsOfPatient } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { composeComparison } from '../photos/composite';
import { frameWithoutMetadata } from '../photos/capturedFrame';
import { matchedPreviews, measureLighting } from '../photos/lighting';
import { PhotoRejected, preparePhoto, preparePhotoFile, type PreparedPhoto } from '../photos/pipeline';
import {
  hasPhotoFile,
  readPhotoFile as readStoredPhoto,
  readPhotoFileAsync,
  releasePhotoFiles,
  storePhoto,
  writePhotoFileBeside,
  type PendingPhotoFile,
} from '../photos/store';
import { clinicToday } from './clinicDay';
import { clinicFormat, type ClinicFormat } from '../../shared/locale';
import { loadRulesContext } from '../scheduling/context';
import { clinicSettings, mustGetPatient } from './common';
import type { ApiDeps } from './deps';

const PURPOSE_WORDS: Record<PhotoScope, string> = {
  clinical: 'the clinical record',
  education: 'education',
  marketing: 'marketing',
};

type PhotoHandlers = Pick<
  Handlers,
  | 'photos.library'
  | 'photos.recent'
  | 'photos.import'
  | 'photos.capture'
  | 'photos.stage'
  | 'photos.update'
  | 'photos.setLandmarks'
  | 'photos.delete'
  | 'photos.export'
  | 'photos.print'
>;

interface PatientFacts {
  consents: Consent[];
  /** Treatments in force (final), oldest first. */
  treatments: { id: number; on: string; label: string }[];
  /** How the clinic writes dates (its country and language). */
  format: ClinicFormat;
}

/** A patient's consents and treatments; each treatment labelled as a person reads it: "10 Aug 2026 · Botox Cosmetic". */
function factsOf(deps: ApiDeps, patientId: number): PatientFacts {
  const { db } = deps;
  const format = clinicFormat(clinicSettings(deps));
  const products = loadRulesContext(db).products;
  const treatments = treatmentsOfPatient(db, patientId)
    .filter((t) => t.supersededBy === null && t.status === 'final')
    .map((t) => ({
      id: t.recordId,
      on: t.performedOn,
      label: `${format.date(t.performedOn)} · ${t.product ? (products.get(t.product)?.brand ?? t.product) : 'Unknown product'}${t.source === 'elsewhere' ? ` (at ${t.elsewhere})` : ''}`,
    }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id));
  return { consents: consentsOf(db, patientId), treatments, format };
}

/**
 * A stored photo with what is derived from the record: consent on the day taken, days since
 * treatment, and its light against its reference among `all` (the patient's photos).
 */
function describe(p: StoredPhoto, facts: PatientFacts, all: readonly StoredPhoto[]): Photo {
  const linked = p.treatmentId === null ? undefined : facts.treatments.find((t) => t.id === p.treatmentId);
  const before = facts.treatments.filter((t) => t.on <= p.takenOn).at(-1);
  const from = linked ?? before ?? null;
  const { sha256: _sha, deletedAtMs: _deleted, ...rest } = p;
  return {
    ...rest,
    lightingCheck: lightingCheckOf(p, all, facts.format.date),
    consentScope: consentInForceOn(facts.consents, p.takenOn)?.photoScope ?? null,
    treatmentOn: from?.on ?? null,
    daysSinceTreatment: from ? daysBetween(from.on, p.takenOn) : null,
  };
}

/** Photos measured at most this many at a time when a library opens (those from before the lighting check). */
const MEASURE_BATCH = 60;

/** A photo that has not been deleted, or NOT_FOUND. */
export function mustGetLivePhoto(db: Db, id: number): StoredPhoto {
  const p = getPhoto(db, id);
  if (!p || p.deletedAtMs !== null) throw new ApiError('NOT_FOUND', `There is no photo number ${id}.`);
  return p;
}

/**
 * Refuses (NOT_PERMITTED, with the reason) when the patient's photo-use consent in force today
 * does not cover the purpose: none at all, or one for a narrower use. Export and print both
 * ask here, so a comparison reaches paper or a file under the same rule.
 */
export function requirePhotoUse(
  consents: readonly Consent[],
  today: string,
  purpose: PhotoScope,
  verb: 'Export' | 'Print',
): void {
  const consent = consentInForceOn(consents, today);
  const use = PURPOSE_WORDS[purpose];
  if (!consent) {
    throw new ApiError(
      'NOT_PERMITTED',
      `${verb} refused: this patient has no photo-use consent in force. Record a signed consent that covers ${use} first.`,
    );
  }
  if (!scopeCovers(consent.photoScope, purpose)) {
    throw new ApiError(
      'NOT_PERMITTED',
      `${verb} refused: the patient’s consent (“${consent.formName}”, signed ${consent.signedOn}) allows “${PHOTO_SCOPE_LABELS[consent.photoScope]}”, which does not cover ${use}.`,
    );
  }
}

export function photoHandlers(deps: ApiDeps): PhotoHandlers {
  const { db, clock } = deps;

  const livePhoto = (id: number) => mustGetLivePhoto(db, id);

  function checkTags(patientId: number, tags: { area: string | null; treatmentId: number | null }, facts: PatientFacts): void {
    if (tags.area !== null && !mergeByCode(BUILT_IN_AREAS, clinicAreas(db)).some((a) => a.code === tags.area)) {
      throw new ApiError('INVALID_INPUT', 'Choose an area from the list.', { area: 'Not an area of this clinic' });
    }
    if (tags.treatmentId !== null && !facts.treatments.some((t) => t.id === tags.treatmentId)) {
      throw new ApiError('INVALID_INPUT', `That treatment is not one of patient ${patientId}’s.`, {
        treatmentId: 'Choose one of this patient’s treatments',
      });
    }
  }

  /** One photo as the API returns it, its lighting checked against the patient's other photos. */
  function describeOne(p: StoredPhoto): Photo {
    return describe(p, factsOf(deps, p.patientId), photosOfPatient(db, p.patientId));
  }

  /**
   * Measures the light of a patient's photos stored before the check existed, a batch at a time,
   * from their display copies (decrypted in memory only). A copy that cannot be read stays
   * unmeasured: its mark says so.
   */
  async function measureMissing(photos: readonly StoredPhoto[]): Promise<boolean> {
    const missing = photos.filter((p) => p.lighting === null).slice(0, MEASURE_BATCH);
    let changed = false;
    for (const p of missing) {
      try {
        const lighting = await measureLighting(await readPhotoFileAsync(deps.photos, p.sha256, 'preview'));
        setPhotoLighting(db, p.id, lighting);
        changed = true;
      } catch (err) {
        deps.log?.(`The light of photo ${p.id} could not be measured`, err);
      }
    }
    return changed;
  }

  /**
   * Stores a checked photo, the same way for an import and a capture: files first, then the row
   * with its audit in one transaction. A row never points at a file that is not there; files are
   * named by their content, so one left without a row (a crash in between) is harmless.
   */
  function storeNew(
    prepared: PreparedPhoto,
    p: {
      patientId: number;
      name: string;
      takenOn: string;
      takenOnSource: 'camera' | 'import' | 'edited';
      source: PhotoSource;
      tags: Omit<ImportTags, 'byPatient'>;
      lighting: LightingStats;
    },
    staff: Actor,
    pending: readonly PendingPhotoFile[] = [],
  ): Photo {
    const already = findPhotoByHash(db, p.patientId, prepared.sha256);
    if (already) throw new ApiError('CONFLICT', `${p.name}: already in this patient’s photos (taken ${already.takenOn}).`);
    storePhoto(deps.photos, prepared, undefined, pending);
    const id = db.transaction(() => {
      if (findPhotoByHash(db, p.patientId, prepared.sha256)) {
        throw new ApiError('CONFLICT', `${p.name}: already in this patient’s photos.`);
      }
      const newId = insertPhoto(db, {
        patientId: p.patientId,
        sha256: prepared.sha256,
        originalName: p.name,
        format: prepared.format,
        width: prepared.width,
        height: prepared.height,
        bytes: prepared.original.length,
        takenOn: p.takenOn,
        takenOnSource: p.takenOnSource,
        tags: p.tags,
        importedAtMs: clock.nowMs(),
        importedBy: staff.name,
        source: p.source,
        lighting: p.lighting,
      });
      audit('create', 'photo', newId, undefined, getPhoto(db, newId), staff);
      return newId;
    })();
    return describeOne(getPhoto(db, id)!);
  }

  function audit(
    action: 'create' | 'update' | 'delete',
    entity: string,
    id: number,
    before: unknown,
    after: unknown,
    staff: Actor,
  ) {
    recordAudit(db, { atMs: clock.nowMs(), staff, action, entity, entityId: String(id), before, after });
  }

  return {
    'photos.library': async ({ patientId }, { staff, session }) => {
      mustGetPatient(db, patientId);
      // Looking at a patient's photos is recorded once per patient per session.
      if (deps.access.firstView(session, `photos:${patientId}`)) {
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'view',
          entity: 'photos',
          entityId: String(patientId),
          before: undefined,
          after: undefined,
          patientId,
        });
      }
      let stored = photosOfPatient(db, patientId);
      if (await measureMissing(stored)) stored = photosOfPatient(db, patientId);
      const facts = factsOf(deps, patientId);
      const photos = stored.map((p) => describe(p, facts, stored));
      const latest = facts.treatments.at(-1) ?? null;
      const library: PhotoLibrary = {
        photos,
        comparisons: comparisonsOf(db, patientId),
        treatments: [...facts.treatments].reverse(),
        consentScope: currentConsent(facts.consents)?.photoScope ?? null,
        protocol: protocolStatus(photos, latest && { id: latest.id, on: latest.on }),
      };
      return library;
    },

    'photos.recent': () => recentPhotos(db, 24),

    // Paths come only from the file handover (the contract's files door): the files the user chose.
    'photos.stage': ({ paths }) => deps.staging.stagePaths(paths),

    'photos.import': async ({ patientId, token, tags, takenOnIfNone }, { staff }) => {
      mustGetPatient(db, patientId);
      const { byPatient, ...photoTags } = tags;
      checkTags(patientId, photoTags, factsOf(deps, patientId));
      const today = clinicToday(deps);
      if (takenOnIfNone !== undefined && takenOnIfNone > today) {
        throw new ApiError('INVALID_INPUT', 'A photo cannot be taken in the future.', {
          takenOnIfNone: 'This date is in the future',
        });
      }
      const staged = deps.staging.take(token);
      if (!staged) throw new ApiError('NOT_FOUND', 'This file is no longer waiting to be imported; choose it again.');
      const pending: PendingPhotoFile[] = [];
      let prepared: PreparedPhoto | undefined;
      try {
        try {
          prepared = await preparePhotoFile(staged.file, staged.name, {
            lighting: true,
            // While the copies are made, the original is encrypted and written beside its place
            // (unless the store has it, or this patient has the photo, which is refused below);
            // storeNew moves it into place once all is decided, else it is removed below.
            alongside: (original, sha256) => {
              if (hasPhotoFile(deps.photos, sha256, 'original') || findPhotoByHash(db, patientId, sha256)) return;
              pending.push(writePhotoFileBeside(deps.photos, sha256, 'original', original));
            },
          });
        } catch (err) {
          if (err instanceof PhotoRejected) throw new ApiError('INVALID_INPUT', err.message);
          throw err;
        }
        const lighting = prepared.lighting ?? (await measureLighting(prepared.preview));
        return storeNew(
          prepared,
          {
            patientId,
            name: staged.name,
            // The camera's own record first; else the day given (a patient's photo), else today, to check.
            takenOn: prepared.takenOn ?? takenOnIfNone ?? today,
            takenOnSource: prepared.takenOn ? 'camera' : takenOnIfNone ? 'edited' : 'import',
            source: byPatient ? 'patient' : 'import',
            tags: photoTags,
            lighting,
          },
          staff,
          pending,
        );
      } finally {
        releasePhotoFiles(pending);
        prepared?.release?.();
      }
    },

    'photos.capture': async ({ patientId, image, tags }, { staff }) => {
      mustGetPatient(db, patientId);
      checkTags(patientId, tags, factsOf(deps, patientId));
      const today = clinicToday(deps);
      const name = `capture-${today}.jpg`;
      const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
      const refuse = (reason: string) => new ApiError('INVALID_INPUT', `Not saved: ${reason}`, { image: reason });
      let prepared: PreparedPhoto;
      try {
        // Whatever the page's canvas wrote besides the picture (a colour profile) is taken out first.
        prepared = await preparePhoto(await frameWithoutMetadata(bytes, name), name);
      } catch (err) {
        if (err instanceof PhotoRejected) throw refuse(err.message.replace(`${name}: `, ''));
        throw err;
      }
      // A frame from the page's canvas: a JPEG or PNG of a camera's size.
      if (prepared.format !== 'jpeg' && prepared.format !== 'png') throw refuse('a captured frame is a JPEG or PNG picture');
      const { width, height } = prepared;
      if (width < CAPTURE_LIMITS.minWidth || height < CAPTURE_LIMITS.minHeight) {
        throw refuse(`the picture is only ${width} × ${height} pixels; a camera gives at least 320 × 240`);
      }
      if (Math.max(width, height) > CAPTURE_LIMITS.maxSide) {
        throw refuse(`the picture is ${width} × ${height} pixels; the largest accepted side is ${CAPTURE_LIMITS.maxSide}`);
      }
      const lighting = await measureLighting(prepared.preview);
      if (isBlackFrame(lighting)) {
        throw refuse('the picture is black. Is the lens covered, or the camera switched off? Nothing was stored.');
      }
      return storeNew(
        prepared,
        { patientId, name, takenOn: today, takenOnSource: 'camera', source: 'capture', tags, lighting },
        staff,
      );
    },

    'photos.update': ({ id, tags }, { staff }) => {
      if (tags.takenOn > clinicToday(deps)) {
        throw new ApiError('INVALID_INPUT', 'A photo cannot be taken in the future.', { takenOn: 'This date is in the future' });
      }
      return db.transaction(() => {
        const before = livePhoto(id);
        const facts = factsOf(deps, before.patientId);
        checkTags(before.patientId, tags, facts);
        let source = before.source;
        if (tags.byPatient !== undefined) {
          if (before.source === 'capture' && tags.byPatient) {
            throw new ApiError('INVALID_INPUT', 'This photo was taken in the app with the clinic’s camera, not by the patient.', {
              byPatient: 'Taken in the app',
            });
          }
          if (before.source !== 'capture') source = tags.byPatient ? 'patient' : 'import';
        }
        updatePhotoTags(db, id, tags, tags.takenOn !== before.takenOn, source);
        const after = getPhoto(db, id)!;
        audit('update', 'photo', id, before, after, staff);
        return describeOne(after);
      })();
    },

    'photos.setLandmarks': ({ id, landmarks }, { staff }) =>
      db.transaction(() => {
        const before = livePhoto(id);
        if (landmarks && Math.hypot(landmarks[0].x - landmarks[1].x, landmarks[0].y - landmarks[1].y) < 0.01) {
          throw new ApiError('INVALID_INPUT', 'Mark two points apart from each other, for example the two pupils.');
        }
        setPhotoLandmarks(db, id, landmarks);
        const after = getPhoto(db, id)!;
        audit('update', 'photo', id, before, after, staff);
        return describeOne(after);
      })(),

    'photos.delete': ({ id, reason }, { staff }) =>
      db.transaction(() => {
        const before = livePhoto(id);
        softDeletePhoto(db, id, clock.nowMs(), staff.name, reason);
        audit('delete', 'photo', id, before, getPhoto(db, id), staff);
        return { deleted: true as const };
      })(),

    'photos.print': ({ photoIds, purpose }, { staff }) => {
      const stored = photoIds.map(livePhoto);
      const patientId = stored[0]!.patientId;
      if (stored.some((p) => p.patientId !== patientId))
        throw new ApiError('INVALID_INPUT', 'A comparison shows one patient’s photos.');
      requirePhotoUse(consentsOf(db, patientId), clinicToday(deps), purpose, 'Print');
      recordAudit(db, {
        atMs: clock.nowMs(),
        staff,
        action: 'print',
        entity: 'comparison',
        entityId: photoIds.join(','),
        before: undefined,
        after: { photoIds, purpose },
        patientId,
      });
      return { photoIds, purpose };
    },

    'photos.export': async ({ view, format, purpose }, { staff }) => {
      const stored = view.photoIds.map(livePhoto);
      const patientId = stored[0]!.patientId;
      if (stored.some((p) => p.patientId !== patientId))
        throw new ApiError('INVALID_INPUT', 'A comparison shows one patient’s photos.');
      const facts = factsOf(deps, patientId);
      requirePhotoUse(facts.consents, clinicToday(deps), purpose, 'Export');
      if (!deps.saveFile) throw new ApiError('CONFLICT', 'Saving files is not available here.');
      const all = photosOfPatient(db, patientId);
      let previews = stored.map((p) => readStoredPhoto(deps.photos, p.sha256, 'preview'));
      // Matching the light adjusts copies made for this export; the stored files are only read.
      if (view.matchLighting)
        previews = await matchedPreviews(
          previews,
          stored.map((p) => p.lighting),
        );
      const photos = stored.map((p, i) => ({
        preview: previews[i]!,
        width: p.width,
        height: p.height,
        landmarks: p.landmarks,
        label: photoLabel(describe(p, facts, all), facts.format.longDate),
        lightingMatched: view.matchLighting === true && i > 0,
      }));
      const { bytes } = await composeComparison(view, photos, format);
      const fileName = `comparison-${stored.map((p) => p.takenOn).join('-vs-')}.${format === 'jpeg' ? 'jpg' : format}`;
      const savedTo = await deps.saveFile(fileName, bytes);
      if (savedTo) {
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'export',
          entity: 'photo_export',
          entityId: view.photoIds.join(','),
          before: undefined,
          after: { view, format, purpose, file: fileName },
          patientId: stored[0]!.patientId,
        });
      }
      return { savedTo, fileName };
    },
  };
}
