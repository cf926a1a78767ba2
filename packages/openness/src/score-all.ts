import { WcError } from "@wc/tensor";
import { DISCLOSURE_KEYS } from "./rubric";
import { scoreModel, type ScoreOptions } from "./score";
import type { ModelRecord, Scorecard } from "./types";

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Sorts scorecards by openness index (descending), then name (ascending), as opening-up-chatgpt does. */
export function sortScorecards(cards: readonly Scorecard[]): Scorecard[] {
  return [...cards].sort((a, b) => b.opennessIndex - a.opennessIndex || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function groupStats(prefix: string, cards: Scorecard[], out: Record<string, number>): void {
  const n = cards.length;
  out[`${prefix}.count`] = n;
  if (n === 0) return;
  const share = (pred: (c: Scorecard) => boolean): number => cards.filter(pred).length / n;
  out[`${prefix}.openWeight`] = share((c) => c.openWeight);
  out[`${prefix}.osaidPass`] = share((c) => c.osaid.pass);
  out[`${prefix}.openWashing`] = share((c) => c.openWashing.flag);
  for (const k of DISCLOSURE_KEYS) out[`${prefix}.disclosure.${k}`] = share((c) => c.disclosures[k]);
  for (const cls of ["I", "II", "III"] as const) out[`${prefix}.mof.${cls}`] = share((c) => c.mof.class === cls);
  out[`${prefix}.mof.none`] = share((c) => c.mof.class === null);
  out[`${prefix}.medianOpennessIndex`] = median(cards.map((c) => c.opennessIndex));
}

/**
 * Scores many releases and summarises them the way the paper tabulates: for all releases, per
 * claimed label and per year, the count and the shares (0..1) that are open-weight, pass OSAID, are
 * flagged for open-washing, disclose each item, reach each MOF class (or none), plus the median
 * openness index. Keys are flat: `all.count`, `label.open-source.osaidPass`,
 * `label.open-source.disclosure.carbonEmissions`, `year.2024.medianOpennessIndex`, ... Shares of an
 * empty group are absent (only its `count` of 0 is written).
 *
 * @param ms - the releases (not mutated)
 * @param options - passed to {@link scoreModel}
 * @returns scorecards sorted by index desc then name, and the summary
 * @throws {WcError} E_ARGUMENT when `ms` is not an array; errors of {@link scoreModel}
 * @example
 * scoreAll([{ name: "a", features: {} }]).summary["all.count"]; // 1
 */
export function scoreAll(ms: readonly ModelRecord[], options: ScoreOptions = {}): { cards: Scorecard[]; summary: Record<string, number> } {
  if (!Array.isArray(ms)) throw new WcError("E_ARGUMENT", "scoreAll: expected an array of model records");
  const cards = sortScorecards(ms.map((m) => scoreModel(m, options)));
  const summary: Record<string, number> = {};
  groupStats("all", cards, summary);
  for (const label of ["open-source", "open-weight", "proprietary", "unspecified"] as const) {
    groupStats(`label.${label}`, cards.filter((c) => c.claimedLabel === label), summary);
  }
  const years = [...new Set(cards.flatMap((c) => (c.year === undefined ? [] : [c.year])))].sort((a, b) => a - b);
  for (const y of years) groupStats(`year.${y}`, cards.filter((c) => c.year === y), summary);
  return { cards, summary };
}
