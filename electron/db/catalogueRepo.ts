import type { AlbuminStatus, Area, Product } from '../../shared/catalogue';
import { vialsFor, type Lot } from '../../shared/lots';
import type { Db } from './connection';

interface ProductRow {
  code: string;
  brand: string;
  toxin: string;
  prior_days: number;
  label_min_interval_days: number;
  albumin: 'yes' | 'no' | 'unknown';
  milk_protein: 0 | 1;
  warn_from_age: number | null;
  cumulative_group: string | null;
  ready_to_use: 0 | 1;
}

const ALBUMIN_TO_DB = (a: AlbuminStatus) => (a === 'unknown' ? 'unknown' : a ? 'yes' : 'no');
const ALBUMIN_FROM_DB = (a: ProductRow['albumin']): AlbuminStatus => (a === 'unknown' ? 'unknown' : a === 'yes');

/** The products the clinic added (or replaced by code). */
export function clinicProducts(db: Db): Product[] {
  return (db.prepare('SELECT * FROM clinic_products ORDER BY brand COLLATE NOCASE').all() as ProductRow[]).map((r) => ({
    code: r.code,
    brand: r.brand,
    toxin: r.toxin,
    priorDays: r.prior_days,
    labelMinIntervalDays: r.label_min_interval_days,
    albumin: ALBUMIN_FROM_DB(r.albumin),
    milkProtein: r.milk_protein === 1,
    warnFromAge: r.warn_from_age,
    cumulativeGroup: r.cumulative_group,
    readyToUse: r.ready_to_use === 1,
  }));
}

export function upsertClinicProduct(db: Db, p: Product, nowMs: number): void {
  db.prepare(
    `INSERT INTO clinic_products (code, brand, toxin, prior_days, label_min_interval_days, albumin, milk_protein, warn_from_age,
       cumulative_group, ready_to_use, created_at_ms)
     VALUES (@code, @brand, @toxin, @priorDays, @labelMinIntervalDays, @albumin, @milkProtein, @warnFromAge, @cumulativeGroup,
       @readyToUse, @nowMs)
     ON CONFLICT (code) DO UPDATE SET brand = excluded.brand, toxin = excluded.toxin, prior_days = excluded.prior_days,
       label_min_interval_days = excluded.label_min_interval_days, albumin = excluded.albumin, milk_protein = excluded.milk_protein,
       warn_from_age = excluded.warn_from_age, cumulative_group = excluded.cumulative_group, ready_to_use = excluded.ready_to_use`,
  ).run({
    ...p,
    albumin: ALBUMIN_TO_DB(p.albumin),
    milkProtein: p.milkProtein ? 1 : 0,
    readyToUse: p.readyToUse ? 1 : 0,
    nowMs,
  });
}

export function clinicAreas(db: Db): Area[] {
  return (
    db.prepare('SELECT code, name, prior_days FROM clinic_areas ORDER BY name COLLATE NOCASE').all() as {
      code: string;
      name: string;
      prior_days: number | null;
    }[]
  ).map((r) => ({ code: r.code, name: r.name, priorDays: r.prior_days }));
}

export function upsertClinicArea(db: Db, a: Area, nowMs: number): void {
  db.prepare(
    `INSERT INTO clinic_areas (code, name, prior_days, created_at_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, prior_days = excluded.prior_days`,
  ).run(a.code, a.name, a.priorDays, nowMs);
}

interface LotRow {
  id: number;
  product: string;
  lot_number: string;
  expiry: string;
  received_on: string;
  supplier: string;
  vials: number;
  units_per_vial: number;
  units_on_hand: number;
}

const toLot = (r: LotRow): Lot => ({
  id: r.id,
  product: r.product,
  lotNumber: r.lot_number,
  expiry: r.expiry,
  receivedOn: r.received_on,
  supplier: r.supplier,
  vials: r.vials,
  unitsPerVial: r.units_per_vial,
  unitsOnHand: r.units_on_hand,
});

export function listLots(db: Db): Lot[] {
  return (db.prepare('SELECT * FROM lots ORDER BY expiry, product, lot_number').all() as LotRow[]).map(toLot);
}

export function getLot(db: Db, id: number): Lot | undefined {
  const row = db.prepare('SELECT * FROM lots WHERE id = ?').get(id) as LotRow | undefined;
  return row && toLot(row);
}

export function findLot(db: Db, product: string, lotNumber: string): Lot | undefined {
  const row = db.prepare('SELECT * FROM lots WHERE product = ? AND lot_number = ?').get(product, lotNumber) as LotRow | undefined;
  return row && toLot(row);
}

/** Lots still in date on `on` that expire within `days` days, soonest first. */
export function lotsExpiringBy(db: Db, on: string, until: string): Lot[] {
  return (
    db.prepare('SELECT * FROM lots WHERE expiry >= ? AND expiry <= ? AND vials > 0 ORDER BY expiry').all(on, until) as LotRow[]
  ).map(toLot);
}

/** A new lot; its stock is the vials delivered, full. */
export function insertLot(db: Db, l: Omit<Lot, 'id' | 'unitsOnHand'>, nowMs: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO lots (product, lot_number, expiry, received_on, supplier, vials, units_per_vial, units_on_hand, created_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.product, l.lotNumber, l.expiry, l.receivedOn, l.supplier, l.vials, l.unitsPerVial, l.vials * l.unitsPerVial, nowMs)
      .lastInsertRowid,
  );
}

/** Changes a lot's details; a changed number of vials is a stock count and sets the units on hand afresh. */
export function updateLot(db: Db, id: number, l: Omit<Lot, 'id' | 'unitsOnHand'>): void {
  db.prepare(
    `UPDATE lots SET product = @product, lot_number = @lotNumber, expiry = @expiry, received_on = @receivedOn, supplier = @supplier,
       units_on_hand = CASE WHEN vials <> @vials OR units_per_vial <> @unitsPerVial THEN @vials * @unitsPerVial ELSE units_on_hand END,
       vials = @vials, units_per_vial = @unitsPerVial
     WHERE id = @id`,
  ).run({ ...l, id });
}

/** Takes units off a lot's stock (a negative number puts them back); the vials follow. */
export function useLotUnits(db: Db, id: number, units: number): void {
  const lot = getLot(db, id);
  if (!lot) return;
  const left = Math.round((lot.unitsOnHand - units) * 100) / 100;
  db.prepare('UPDATE lots SET units_on_hand = ?, vials = ? WHERE id = ?').run(left, vialsFor(left, lot.unitsPerVial), id);
}
