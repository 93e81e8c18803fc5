import { daysBetween } from '../../shared/time';
import type { RuleSettings } from '../../shared/ruleSettings';
import type { ObservationFacts, TreatmentFacts } from './types';

/** One treatment of one area and whatever joined it (a touch-up) or was seen after it. */
export interface Episode {
  area: string;
  start: string;
  product: string;
  units: number;
  touchUpDate: string | null;
  /** Days from the start to the first "movement returning", when one was recorded. */
  observedDuration: number | null;
  noResponse: boolean;
}

export type EpisodesByArea = Map<string, Episode[]>;

function inTouchUpWindow(start: string, date: string, settings: RuleSettings): boolean {
  const d = daysBetween(start, date);
  return d >= settings.touchUpWindow[0] && d <= settings.touchUpWindow[1];
}

/**
 * RULES.md §4: builds each area's episodes from treatments and observations already
 * limited to those on or before asOf. Sorting is stable, so input order breaks ties.
 */
export function buildEpisodes(
  treatments: readonly TreatmentFacts[],
  observations: readonly ObservationFacts[],
  settings: RuleSettings,
): EpisodesByArea {
  const byArea: EpisodesByArea = new Map();
  const sortedTreatments = [...treatments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const t of sortedTreatments) {
    for (const { area, units } of t.areas) {
      const list = byArea.get(area) ?? [];
      const latest = list.at(-1);
      if (t.kind === 'touch_up' && latest && latest.touchUpDate === null && inTouchUpWindow(latest.start, t.date, settings)) {
        latest.units += units;
        latest.touchUpDate = t.date;
      } else {
        list.push({
          area,
          start: t.date,
          product: t.product,
          units,
          touchUpDate: null,
          observedDuration: null,
          noResponse: false,
        });
      }
      byArea.set(area, list);
    }
  }
  const sortedObservations = [...observations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const o of sortedObservations) {
    const owner = byArea
      .get(o.area)
      ?.filter((e) => e.start < o.date)
      .at(-1);
    if (!owner) continue;
    if (o.kind === 'movement_returning') owner.observedDuration ??= daysBetween(owner.start, o.date);
    else owner.noResponse = true;
  }
  return byArea;
}

/** The latest episode of an area that started on or before `date`. */
export function episodeAt(episodes: readonly Episode[] | undefined, date: string): Episode | undefined {
  return episodes?.filter((e) => e.start <= date).at(-1);
}
