import { looksLikePhone, nationalDigits } from '../../shared/phone';
import type { Db } from './connection';

/**
 * How the patient search reads what was typed:
 * - a phone number or any run of three or more of its digits, written any way ("561570",
 *   "7859 561", "+44 7859 561570", "00447859561570"), matched anywhere in the stored number;
 * - otherwise words, each matching the start of a word of the names or the email
 *   ("ann", "Ánn"); and, after those, names one typo away from a word ("ferandez" → Fernandez,
 *   "jonh" → John).
 */
export type SearchPlan = { kind: 'all' } | { kind: 'phone'; digits: string } | { kind: 'words'; exact: string; words: string[] };

/** Folds a word the way the name index does (unicode61, remove_diacritics 2): no accents, lower case. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function searchPlan(text: string, country: string): SearchPlan {
  const trimmed = text.normalize('NFKC').trim();
  if (looksLikePhone(trimmed)) {
    const digits = nationalDigits(trimmed, country);
    if (digits.length >= 3) return { kind: 'phone', digits };
  }
  const list = words(trimmed);
  if (list.length === 0) return { kind: 'all' };
  // Each word is quoted, so nothing typed can change the query's meaning.
  return { kind: 'words', exact: list.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' AND '), words: list.map(foldWord) };
}

/** The FTS query for the trigram phone index: a run of digits anywhere in the number. */
export function phoneMatch(digits: string): string {
  return `"${digits}"`;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours), giving up once
 * it must exceed `max`: "jonh"/"john" is 1, "ferandez"/"fernandez" is 1.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How many typos a word of this length may hold and still be recognised. */
export function typosAllowed(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * The words of every name in the index, grouped by length, kept per open database. A write through
 * this connection adds its words (insertPatient/updatePatient call `noteNameWords`); a write by
 * another connection changes SQLite's data_version, and the list is read again. Words of an old
 * name may linger: they only make a query that finds nothing.
 */
interface NameWords {
  dataVersion: number;
  byLength: Map<number, Set<string>>;
}
const cache = new WeakMap<Db, NameWords>();

function add(into: NameWords, word: string): void {
  let set = into.byLength.get(word.length);
  if (!set) into.byLength.set(word.length, (set = new Set()));
  set.add(word);
}

function nameWords(db: Db): NameWords {
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const hit = cache.get(db);
  if (hit && hit.dataVersion === dataVersion) return hit;
  const fresh: NameWords = { dataVersion, byLength: new Map() };
  const terms = db.prepare("SELECT term FROM patient_name_terms WHERE col = 'names'").pluck().all() as string[];
  for (const t of terms) add(fresh, t);
  cache.set(db, fresh);
  return fresh;
}

/** Called after a name is written through this connection, so the typo search knows its words at once. */
export function noteNameWords(db: Db, ...names: string[]): void {
  const known = cache.get(db);
  if (!known) return;
  for (const name of names) for (const w of words(name)) add(known, foldWord(w));
}

/**
 * The words of the names that a typed word may be a typo of: within its allowance of typos,
 * and neither the word itself nor a word it begins (those the exact search finds already).
 */
export function typoCorrections(db: Db, word: string): string[] {
  const max = typosAllowed(word.length);
  if (max === 0) return [];
  const known = nameWords(db);
  const found: string[] = [];
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const term of known.byLength.get(len) ?? []) {
      if (term.startsWith(word)) continue;
      if (typoDistance(word, term, max) <= max) found.push(term);
    }
  }
  return found.sort().slice(0, 20);
}

/**
 * The FTS query for names one typo away: every typed word must match, either as typed
 * (the start of a word) or as one of its corrections (a whole word of a name). Null when no
 * word has a correction, so there is nothing more to find.
 */
export function typoMatch(db: Db, typed: string[]): string | null {
  let corrected = false;
  const parts = typed.map((w) => {
    const fixes = typoCorrections(db, w);
    if (fixes.length > 0) corrected = true;
    const quoted = `"${w.replace(/"/g, '""')}"*`;
    return fixes.length === 0 ? quoted : `(${quoted} OR ${fixes.map((f) => `names : "${f}"`).join(' OR ')})`;
  });
  return corrected ? parts.join(' AND ') : null;
}

/**
 * Every patient's place in name order (last name, first name, id: the patient list's order), kept
 * per open database. A search in name order that matches many patients takes the first of them by
 * these places instead of walking the name index from "A" until it has enough: the walk passed
 * every patient before "W" for a search that found mostly Williamses and Woods (17 ms at 200,000
 * patients against 2.3 at 50,000); sorting the matches' places costs about as much as reading
 * the matches, so the search grows no faster than what it finds.
 *
 * Names are written by patientsRepo alone, which calls `nameOrderChanged` when it adds a patient
 * or changes a name; a patient added or removed by another connection changes the count or the
 * highest id, and the places are read again. Places read inside a transaction are not kept (the
 * transaction may yet be rolled back). A place can so only be stale for a patient renamed by
 * another connection (none does: every workstation's call runs on the host's), and then only
 * the order is off: which patients match always comes from the word index.
 */
interface NameOrder {
  key: string;
  /** The place of each patient id (1 = first), 0 for an id not known when the places were read. */
  placeOf: Int32Array;
  /** The patient id at each place, from 1. */
  idAt: Int32Array;
}
const orders = new WeakMap<Db, NameOrder>();

function nameOrderKey(db: Db): string {
  const row = db
    .prepare('SELECT all_patients, (SELECT max(id) FROM patients) AS top FROM patient_counts WHERE id = 1')
    .raw()
    .get() as [number, number | null] | undefined;
  return row ? `${row[0]}:${row[1] ?? 0}` : '0:0';
}

/** Called after a patient is added, or a patient's name changed, through this connection. */
export function nameOrderChanged(db: Db): void {
  orders.delete(db);
}

function nameOrder(db: Db): NameOrder {
  const key = nameOrderKey(db);
  const hit = orders.get(db);
  if (hit && hit.key === key) return hit;
  // The name index in its own order (INDEXED BY: the same order as the list's ORDER BY, unsorted).
  const ids = db
    .prepare(
      'SELECT id FROM patients INDEXED BY patients_by_name ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id',
    )
    .pluck()
    .all() as number[];
  let top = 0;
  for (const id of ids) if (id > top) top = id;
  const placeOf = new Int32Array(top + 1);
  const idAt = new Int32Array(ids.length + 1);
  ids.forEach((id, i) => {
    placeOf[id] = i + 1;
    idAt[i + 1] = id;
  });
  const fresh = { key, placeOf, idAt };
  if (!db.inTransaction) orders.set(db, fresh);
  return fresh;
}

/**
 * The answers of searches for one to three letters, in name order, kept per open database until a
 * patient is added or changed. Such a search matches a tenth of the clinic or more, and reading
 * every match out of the word index is most of its cost (about 4 ms for 26,000 matches at 200,000
 * patients) however few rows are shown; a front desk types the same first letters all day. Kept
 * only while the places are (same count and highest id), no other connection has written since
 * (SQLite's data_version), and nothing was written through this one (patientsRepo calls
 * `patientTextChanged` on every insert and update: an email is searched too). Not kept inside a
 * transaction. At most SHORT_KEPT answers are kept, holding at most SHORT_IDS_PER_PATIENT ids
 * for each patient of the clinic in all (a letter of a common email domain matches nearly
 * everyone: 64 such answers would be 51 MB at 200,000 patients, this keeps 6.4 MB at most), the
 * oldest forgotten first.
 */
interface ShortAnswers {
  key: string;
  byMatch: Map<string, Int32Array>;
  /** How many ids the kept answers hold in all. */
  ids: number;
}
const shortAnswers = new WeakMap<Db, ShortAnswers>();
const SHORT_KEPT = 64;
const SHORT_IDS_PER_PATIENT = 8;

/** Called after a patient is added or changed through this connection: kept answers are forgotten. */
export function patientTextChanged(db: Db): void {
  shortAnswers.delete(db);
}

function keptAnswers(db: Db, orderKey: string): ShortAnswers | null {
  if (db.inTransaction) return null;
  const key = `${orderKey}:${db.pragma('data_version', { simple: true }) as number}`;
  const hit = shortAnswers.get(db);
  if (hit && hit.key === key) return hit;
  const fresh: ShortAnswers = { key, byMatch: new Map(), ids: 0 };
  shortAnswers.set(db, fresh);
  return fresh;
}

/**
 * The ids of every patient matching `match` (an FTS query of the name index), in name order; null
 * when one of them has no known place (added by another connection since the places were read),
 * so that the caller sorts them in SQL instead. With `keep` (a search for one to three letters), the
 * answer is kept for the next same search (see ShortAnswers); the array given must not be changed.
 */
export function matchesInNameOrder(db: Db, match: string, keep = false): Int32Array | null {
  const order = nameOrder(db);
  const kept = keep ? keptAnswers(db, order.key) : null;
  const known = kept?.byMatch.get(match);
  if (known) return known;
  const ids = db.prepare('SELECT rowid FROM patient_search WHERE patient_search MATCH ?').pluck().all(match) as number[];
  const places = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const place = order.placeOf[ids[i]!] ?? 0;
    if (place === 0) return null;
    places[i] = place;
  }
  places.sort();
  for (let i = 0; i < places.length; i++) places[i] = order.idAt[places[i]!]!;
  if (kept) keepAnswer(kept, match, places, SHORT_IDS_PER_PATIENT * (order.idAt.length - 1));
  return places;
}

/** Keeps one answer, forgetting the oldest until it fits (within SHORT_KEPT answers and `maxIds` ids). */
function keepAnswer(kept: ShortAnswers, match: string, places: Int32Array, maxIds: number): void {
  if (places.length > maxIds) return;
  for (const [oldest, answer] of kept.byMatch) {
    if (kept.byMatch.size < SHORT_KEPT && kept.ids + places.length <= maxIds) break;
    kept.byMatch.delete(oldest);
    kept.ids -= answer.length;
  }
  kept.byMatch.set(match, places);
  kept.ids += places.length;
}
