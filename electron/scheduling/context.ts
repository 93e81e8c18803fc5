import { BUILT_IN_AREAS, BUILT_IN_PRODUCTS, CUMULATIVE_GROUP_CAPS, mergeByCode } from '../../shared/catalogue';
import { clinicAreas, clinicProducts } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { readRuleSettings } from '../db/ruleSettingsRepo';
import type { RulesContext } from '../rules/types';

/** The rules' context for this clinic: its saved settings and its catalogue (built-in plus its own). */
export function loadRulesContext(db: Db): RulesContext {
  return {
    settings: readRuleSettings(db),
    products: new Map(mergeByCode(BUILT_IN_PRODUCTS, clinicProducts(db)).map((p) => [p.code, p])),
    areas: new Map(mergeByCode(BUILT_IN_AREAS, clinicAreas(db)).map((a) => [a.code, a])),
    cumulativeCaps: CUMULATIVE_GROUP_CAPS,
  };
}
