import { z } from 'zod';
import { isValidDay, daysBetween, formatLongDate } from './time';
import type { PhotoScope } from './consents';
import { compareLighting, lightingSentence, type LightingDifference, type LightingStats } from './lighting';

/** The standard camera positions of facial photography. */
export const PHOTO_VIEWS = ['front', 'left45', 'right45', 'left90', 'right90'] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];
export const PHOTO_VIEW_LABELS: Record<PhotoView, string> = {
  front: 'Front',
  left45: 'Left 45°',
  right45: 'Right 45°',
  left90: 'Left 90°',
  right90: 'Right 90°',
};

export const PHOTO_EXPRESSIONS = ['rest', 'frown', 'raised', 'smile', 'clench'] as const;
export type PhotoExpression = (typeof PHOTO_EXPRESSIONS)[number];
export const PHOTO_EXPRESSION_LABELS: Record<PhotoExpression, string> = {
  rest: 'At rest',
  frown: 'Frown',
  raised: 'Raised brows',
  smile: 'Smile',
  clench: 'Clench',
};

export const PHOTO_PHASES = ['baseline', 'review', 'before_retreatment', 'follow_up'] as const;
export type PhotoPhase = (typeof PHOTO_PHASES)[number];
export const PHOTO_PHASE_LABELS: Record<PhotoPhase, string> = {
  baseline: 'Baseline',
  review: 'Review',
  before_retreatment: 'Before retreatment',
  follow_up: 'Follow-up',
};

/**
 * How a photo came in: imported from the clinic's camera files, taken in the app with a camera
 * attached to the computer, or sent by the patient (taken by the patient, usually at home).
 */
export const PHOTO_SOURCES = ['import', 'capture', 'patient'] as const;
export type PhotoSource = (typeof PHOTO_SOURCES)[number];
export const PHOTO_SOURCE_LABELS: Record<PhotoSource, string> = {
  import: 'Imported',
  capture: 'Taken in the app',
  patient: 'Taken by the patient',
};

/**
 * A photo's light against its reference (shared/lighting.ts): not measured yet (a photo from before
 * the check existed, measured when the library next opens), nothing to compare with, or the difference.
 */
export type LightingCheck =
  | { state: 'unmeasured' }
  | { state: 'no_reference' }
  | ({
      state: 'checked';
      referenceId: number;
      referenceOn: string;
      /** "the baseline of 14 March 2026", "the photo of 14 March 2026", "the patient’s first photo (3 April 2026)". */
      referenceName: string;
      /** The warning in words, empty when the light matches. */
      sentence: string;
    } & LightingDifference);

/** A point on a photo as a fraction of its displayed width and height (0 to 1). */
export interface Landmark {
  x: number;
  y: number;
}

export interface Photo {
  id: number;
  patientId: number;
  originalName: string;
  format: string;
  /** As displayed, after the camera's orientation is applied. */
  width: number;
  height: number;
  bytes: number;
  takenOn: string;
  /** Where the date came from: the camera's own record, the day of import (check it), or a person. */
  takenOnSource: 'camera' | 'import' | 'edited';
  area: string | null;
  view: PhotoView | null;
  expression: PhotoExpression | null;
  phase: PhotoPhase | null;
  /** The linked treatment's record id. */
  treatmentId: number | null;
  /** Two marked points (for example the pupils) used to align photos for comparison. */
  landmarks: [Landmark, Landmark] | null;
  importedAtMs: number;
  source: PhotoSource;
  /** The photo's measured light; null until measured. */
  lighting: LightingStats | null;
  lightingCheck: LightingCheck;
  /** The photo-use consent in force on the day the photo was taken, if any. */
  consentScope: PhotoScope | null;
  /** The treatment the photo is counted from: the linked one, else the latest on or before the day taken. */
  treatmentOn: string | null;
  daysSinceTreatment: number | null;
}

const day = z.string().refine(isValidDay, 'Enter the date as a real date');

export const photoTagsSchema = z
  .object({
    takenOn: day,
    area: z.string().trim().min(1).max(40).nullable(),
    view: z.enum(PHOTO_VIEWS).nullable(),
    expression: z.enum(PHOTO_EXPRESSIONS).nullable(),
    phase: z.enum(PHOTO_PHASES).nullable(),
    treatmentId: z.number().int().positive().nullable(),
    /** Sent by the patient (taken by the patient). Left out: unchanged, or not for an import. */
    byPatient: z.boolean().optional(),
  })
  .strict();
export type PhotoTags = z.infer<typeof photoTagsSchema>;

/** Tags given to every photo of one import; the date comes from each file. */
export const importTagsSchema = photoTagsSchema.omit({ takenOn: true });
export type ImportTags = z.infer<typeof importTagsSchema>;

const fraction = z.number().min(0, 'Points lie on the photo').max(1, 'Points lie on the photo');
export const landmarkSchema = z.object({ x: fraction, y: fraction }).strict();

/**
 * A photo taken in the app reaches the main process as the encoded bytes of one frame (JPEG or PNG
 * from the page's canvas), never as a file path. These limits are checked at the contract: a 4K
 * frame as a JPEG is about 2 MB, as a PNG under 20 MB.
 */
export const CAPTURE_LIMITS = {
  minBytes: 1024,
  maxBytes: 24 * 1024 * 1024,
  minWidth: 320,
  minHeight: 240,
  /** The longest side: 8K cameras are the largest an attached camera gives. */
  maxSide: 8192,
} as const;

export const capturedImageSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'The photo arrives as the bytes of one picture' })
  .refine((b) => b.byteLength >= CAPTURE_LIMITS.minBytes, 'The picture is empty or cut short: take it again')
  .refine(
    (b) => b.byteLength <= CAPTURE_LIMITS.maxBytes,
    `The picture is larger than ${CAPTURE_LIMITS.maxBytes / 1024 / 1024} MB`,
  );

/** One file handed to the main process for import: a token to import it by, or why it cannot be. */
export interface StagedFile {
  token: string | null;
  name: string;
  bytes: number;
  problem: string | null;
}

export const COMPARE_LAYOUTS = ['pair', 'grid'] as const;
export type CompareLayout = (typeof COMPARE_LAYOUTS)[number];
export const COMPARE_MODES = ['side', 'wipe', 'overlay'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];
export const COMPARE_MODE_LABELS: Record<CompareMode, string> = {
  side: 'Side by side',
  wipe: 'Slider',
  overlay: 'Overlay',
};

/** What a comparison shows; saved as is and sent for export. */
export const comparisonViewSchema = z
  .object({
    photoIds: z.array(z.number().int().positive()).min(2).max(4),
    layout: z.enum(COMPARE_LAYOUTS),
    mode: z.enum(COMPARE_MODES),
    aligned: z.boolean(),
    /** Where the slider stands (0 to 1) in slider mode; the top photo's opacity in overlay mode. */
    mix: z.number().min(0).max(1),
    /** The later photos' exposure and colour adjusted to the first's, on screen and in exports; the stored photos never change. */
    matchLighting: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.photoIds.length === (v.layout === 'pair' ? 2 : 4), {
    message: 'A pair shows two photos and a grid four',
    path: ['photoIds'],
  })
  .refine((v) => new Set(v.photoIds).size === v.photoIds.length, {
    message: 'Choose different photos',
    path: ['photoIds'],
  })
  .refine((v) => v.layout === 'pair' || v.mode === 'side', {
    message: 'Slider and overlay compare two photos',
    path: ['mode'],
  });
export type ComparisonView = z.infer<typeof comparisonViewSchema>;

export interface SavedComparison {
  id: number;
  patientId: number;
  name: string;
  view: ComparisonView;
  createdAtMs: number;
}

export const EXPORT_FORMATS = ['png', 'jpeg', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Week N after treatment: weeks counted to the nearest whole one, the first week from day 1. */
export function weeksAfter(days: number): number {
  return Math.max(1, Math.round(days / 7));
}

/**
 * "14 Mar 2026 · day 14 after treatment" — the label under a photo, on screen and in exports. A
 * patient's own photo counts in weeks ("week 3 after treatment"), as the patient was asked to take them.
 */
export function photoLabel(
  p: Pick<Photo, 'takenOn' | 'daysSinceTreatment' | 'view' | 'expression'> & { source?: PhotoSource },
  /** How the clinic writes a date (shared/locale.ts); a fixed long English form when not given. */
  dateText: (day: string) => string = formatLongDate,
): {
  date: string;
  since: string;
  pose: string;
} {
  const since =
    p.daysSinceTreatment === null
      ? 'No treatment before this photo'
      : p.daysSinceTreatment === 0
        ? 'Day of treatment'
        : p.source === 'patient'
          ? `Week ${weeksAfter(p.daysSinceTreatment)} after treatment`
          : `Day ${p.daysSinceTreatment} after treatment`;
  const pose = [p.view && PHOTO_VIEW_LABELS[p.view], p.expression && PHOTO_EXPRESSION_LABELS[p.expression]]
    .filter(Boolean)
    .join(' · ');
  return { date: dateText(p.takenOn), since, pose };
}

/** The standard set a before/after needs: what the protocol panel checks each phase against. */
export const STANDARD_SHOTS: readonly { view: PhotoView; expression: PhotoExpression }[] = [
  { view: 'front', expression: 'rest' },
  { view: 'front', expression: 'frown' },
  { view: 'front', expression: 'raised' },
  { view: 'left45', expression: 'smile' },
  { view: 'right45', expression: 'smile' },
  { view: 'left90', expression: 'rest' },
  { view: 'right90', expression: 'rest' },
];

export function shotLabel(s: { view: PhotoView; expression: PhotoExpression }): string {
  return `${PHOTO_VIEW_LABELS[s.view]} · ${PHOTO_EXPRESSION_LABELS[s.expression]}`;
}

export interface Shot {
  view: PhotoView;
  expression: PhotoExpression;
}

export interface ProtocolPhase {
  phase: PhotoPhase;
  taken: number;
  missing: string[];
  /** The same, as view and expression, in the protocol's order: the capture view proposes the first. */
  missingShots: Shot[];
}

export interface ProtocolStatus {
  /** The treatment the photos are checked against; null before the first one. */
  treatment: { id: number; on: string } | null;
  phases: ProtocolPhase[];
}

/**
 * Which standard shots are still missing for the current cycle: photos linked to the
 * latest treatment count, and so do unlinked ones taken from 30 days before it on.
 * Before any treatment every photo of a phase counts.
 */
export function protocolStatus(
  photos: readonly Pick<Photo, 'phase' | 'view' | 'expression' | 'treatmentId' | 'takenOn'>[],
  latest: { id: number; on: string } | null,
): ProtocolStatus {
  const inCycle = photos.filter((p) =>
    latest === null ? true : p.treatmentId === latest.id || (p.treatmentId === null && daysBetween(latest.on, p.takenOn) >= -30),
  );
  const phases: PhotoPhase[] = ['baseline', 'review', 'before_retreatment'];
  return {
    treatment: latest,
    phases: phases.map((phase) => {
      const ofPhase = inCycle.filter((p) => p.phase === phase);
      const missingShots = STANDARD_SHOTS.filter((s) => !ofPhase.some((p) => p.view === s.view && p.expression === s.expression));
      return {
        phase,
        taken: ofPhase.length,
        missing: missingShots.map(shotLabel),
        missingShots: missingShots.map((s) => ({ ...s })),
      };
    }),
  };
}

/** True when a consent of scope `has` allows use for `purpose` (each scope includes the ones before it). */
export function scopeCovers(has: PhotoScope, purpose: PhotoScope): boolean {
  const order: PhotoScope[] = ['clinical', 'education', 'marketing'];
  return order.indexOf(has) >= order.indexOf(purpose);
}

/** Everything the photos page of one patient shows. */
export interface PhotoLibrary {
  photos: Photo[];
  comparisons: SavedComparison[];
  /** The patient's treatments in force, newest first, to link photos to. */
  treatments: { id: number; on: string; label: string }[];
  /** The photo-use consent in force today. */
  consentScope: PhotoScope | null;
  protocol: ProtocolStatus;
}

/** A photo on the Photos section's "recently imported" list. */
export interface RecentPhoto {
  id: number;
  patientId: number;
  firstName: string;
  lastName: string;
  preferredName: string;
  takenOn: string;
  importedAtMs: number;
}

type ReferenceCandidate = Pick<Photo, 'id' | 'takenOn' | 'view' | 'expression' | 'phase' | 'source'> & {
  lighting: LightingStats | null;
};

const earlier = (a: { takenOn: string; id: number }, b: { takenOn: string; id: number }) =>
  a.takenOn < b.takenOn || (a.takenOn === b.takenOn && a.id < b.id);

/**
 * The earlier photo a shot is held against: the ghost in the capture view and the reference of the
 * lighting check. For the clinic's photos, the latest baseline of the same view and expression (else
 * the latest clinic photo of it); for a patient's own photo, their first own photo of the same view
 * and expression (the light they were asked to keep). `before` leaves out the photo itself and
 * anything after it; `measured` keeps only photos whose light is known.
 */
export function referencePhoto<P extends ReferenceCandidate>(
  photos: readonly P[],
  shot: { view: PhotoView | null; expression: PhotoExpression | null; source: PhotoSource },
  opts: { before?: { id: number; takenOn: string }; measured?: boolean } = {},
): P | null {
  const byPatient = shot.source === 'patient';
  if (!byPatient && (shot.view === null || shot.expression === null)) return null;
  const candidates = photos
    .filter(
      (p) =>
        (p.source === 'patient') === byPatient &&
        p.view === shot.view &&
        p.expression === shot.expression &&
        (!opts.measured || p.lighting !== null) &&
        (!opts.before || earlier(p, opts.before)),
    )
    .sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  if (byPatient) return candidates[0] ?? null;
  return candidates.filter((p) => p.phase === 'baseline').at(-1) ?? candidates.at(-1) ?? null;
}

/** "14 March 2026": a photo's day in a sentence (the labels under photos add the weekday). */
export function dayInWords(day: string): string {
  return formatLongDate(day).replace(/^[A-Za-z]+ /, '');
}

/** How a reference is named in a warning; `dateText` writes its day the clinic's way (shared/locale.ts). */
export function referenceName(
  ref: Pick<Photo, 'takenOn' | 'phase' | 'source'>,
  dateText: (day: string) => string = dayInWords,
): string {
  const day = dateText(ref.takenOn);
  if (ref.source === 'patient') return `the patient’s first photo (${day})`;
  return ref.phase === 'baseline' ? `the baseline of ${day}` : `the photo of ${day}`;
}

/** A photo's light against its reference among the patient's photos (the timeline's consistency mark). */
export function lightingCheckOf(
  photo: ReferenceCandidate,
  photos: readonly ReferenceCandidate[],
  dateText: (day: string) => string = dayInWords,
): LightingCheck {
  if (!photo.lighting) return { state: 'unmeasured' };
  const ref = referencePhoto(photos, photo, { before: photo, measured: true });
  if (!ref?.lighting) return { state: 'no_reference' };
  const d = compareLighting(photo.lighting, ref.lighting);
  const name = referenceName(ref, dateText);
  return {
    state: 'checked',
    referenceId: ref.id,
    referenceOn: ref.takenOn,
    referenceName: name,
    sentence: lightingSentence(d, name),
    ...d,
  };
}
