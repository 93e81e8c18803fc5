import type { Migration } from './types';

/**
 * The clinical record: the team, the clinic's own products and areas, lots, treatments
 * (versioned: a finalised record is never changed, an amendment adds a version),
 * their areas, and "movement returning" / "no response" observations.
 */
export const clinicalRecord: Migration = {
  version: 6,
  name: 'team, catalogue, lots, treatments and observations',
  up(db) {
    db.exec(`
      -- Small facts about this data folder, such as how the owner chose to start.
      CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'practitioner', 'reception')),
        registration TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE clinic_products (
        code TEXT PRIMARY KEY,
        brand TEXT NOT NULL,
        toxin TEXT NOT NULL,
        prior_days INTEGER NOT NULL CHECK (prior_days > 0),
        label_min_interval_days INTEGER NOT NULL CHECK (label_min_interval_days >= 0),
        albumin TEXT NOT NULL CHECK (albumin IN ('yes', 'no', 'unknown')),
        milk_protein INTEGER NOT NULL CHECK (milk_protein IN (0, 1)),
        warn_from_age INTEGER,
        cumulative_group TEXT,
        ready_to_use INTEGER NOT NULL CHECK (ready_to_use IN (0, 1)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE clinic_areas (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        prior_days INTEGER CHECK (prior_days IS NULL OR prior_days > 0),
        created_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE lots (
        id INTEGER PRIMARY KEY,
        product TEXT NOT NULL,
        lot_number TEXT NOT NULL,
        expiry TEXT NOT NULL,
        received_on TEXT NOT NULL,
        supplier TEXT NOT NULL,
        vials INTEGER NOT NULL CHECK (vials >= 0),
        units_per_vial INTEGER NOT NULL CHECK (units_per_vial > 0),
        created_at_ms INTEGER NOT NULL,
        UNIQUE (product, lot_number)
      ) STRICT;
      CREATE INDEX lots_by_expiry ON lots (expiry);
      CREATE INDEX lots_by_number ON lots (lot_number COLLATE NOCASE);

      CREATE TABLE treatments (
        id INTEGER PRIMARY KEY,
        -- Every version of one treatment shares the record id (the first version's id).
        record_id INTEGER NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
        superseded_by INTEGER REFERENCES treatments (id),
        source TEXT NOT NULL CHECK (source IN ('clinic', 'elsewhere')),
        elsewhere TEXT NOT NULL,
        performed_on TEXT NOT NULL,
        performed_at TEXT NOT NULL,
        injector_id INTEGER REFERENCES staff (id),
        prescriber TEXT NOT NULL,
        product TEXT,
        lot_id INTEGER REFERENCES lots (id),
        lot_number TEXT NOT NULL,
        lot_expiry TEXT,
        expired_lot_reason TEXT NOT NULL,
        ready_to_use INTEGER NOT NULL CHECK (ready_to_use IN (0, 1)),
        diluent TEXT NOT NULL,
        diluent_ml REAL,
        units_per_vial INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('full', 'touch_up')),
        points_json TEXT NOT NULL CHECK (json_valid(points_json)),
        notes TEXT NOT NULL,
        review_outcome TEXT NOT NULL,
        amendment_reason TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        finalised_at_ms INTEGER,
        UNIQUE (record_id, version)
      ) STRICT;
      CREATE INDEX treatments_by_patient ON treatments (patient_id, performed_on) WHERE superseded_by IS NULL;
      CREATE INDEX treatments_by_lot ON treatments (lot_id);
      CREATE INDEX treatments_by_lot_number ON treatments (lot_number COLLATE NOCASE);

      CREATE TABLE treatment_areas (
        treatment_id INTEGER NOT NULL REFERENCES treatments (id),
        area TEXT NOT NULL,
        units REAL NOT NULL CHECK (units > 0),
        -- The order the areas were charted in.
        position INTEGER NOT NULL,
        PRIMARY KEY (treatment_id, area)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        area TEXT NOT NULL,
        observed_on TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('movement_returning', 'no_response')),
        note TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        removed_at_ms INTEGER
      ) STRICT;
      CREATE INDEX observations_by_patient ON observations (patient_id, observed_on) WHERE removed_at_ms IS NULL;

      CREATE TABLE patient_events (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        event_on TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        removed_at_ms INTEGER
      ) STRICT;
      CREATE INDEX events_by_patient ON patient_events (patient_id, event_on) WHERE removed_at_ms IS NULL;
    `);
  },
};
