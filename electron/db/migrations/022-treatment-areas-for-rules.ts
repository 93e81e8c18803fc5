import type { Migration } from './types';

/**
 * Each treatment carries a copy of its areas as the scheduling rules read them (rule_areas:
 * `[["glabella",20],["forehead",10]]`, in charted order), and the index the rules read
 * (migration 021) holds it too. treatmentsRepo, the one writer of treatment_areas, writes the
 * copy in the same statement as the treatment (triggers on treatment_areas would rewrite the
 * treatment's row once per area: the demo generator took 40 % longer).
 * Rebuilding every summary then reads one range of that index for a range of patients, instead
 * of looking up each treatment's areas where they lie scattered through treatment_areas: a
 * rebuild read 870,000 area rows at 50,000 patients, from pages no other read had warmed. The
 * copy is JSON, so any area name survives it; treatment_areas stays the record.
 */
export const treatmentAreasForRules: Migration = {
  version: 22,
  name: "each treatment's areas beside it, for the scheduling rules",
  up(db) {
    db.exec(`
      ALTER TABLE treatments ADD COLUMN rule_areas TEXT NOT NULL DEFAULT '[]';
      UPDATE treatments SET rule_areas = (
          SELECT json_group_array(json_array(a.area, a.units) ORDER BY a.position) FROM treatment_areas a WHERE a.treatment_id = treatments.id)
        WHERE id IN (SELECT DISTINCT treatment_id FROM treatment_areas);
      DROP INDEX treatments_for_rules;
      CREATE INDEX treatments_for_rules
        ON treatments (patient_id, performed_on, performed_at, id, product, kind, injector_id, rule_areas, status, superseded_by)
        WHERE status = 'final' AND superseded_by IS NULL AND product IS NOT NULL;
    `);
  },
};
