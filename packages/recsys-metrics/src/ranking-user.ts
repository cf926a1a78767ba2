import type { ResolvedRankOpts } from "./options";

/** Per-user values of every ranking metric (internal). `auc` is undefined without both classes. */
export interface UserRankValues {
  precision: number;
  recall: number;
  f1: number;
  hitRate: number;
  rr: number;
  arhr: number;
  ap: number;
  ndcg: number;
  dcg: number;
  auc: number | undefined;
  nRel: number;
  hits: number;
  /** 1-based ranks of the hits inside the top k. */
  hitRanks: number[];
}

function gainOf(grade: number, o: ResolvedRankOpts): number {
  if (o.gain === "binary") return 1;
  if (o.gain === "exp2") return 2 ** grade - 1;
  return grade;
}

/**
 * Computes every ranking metric of one user (internal; inputs already validated and ordered).
 *
 * @param grades - item key -> grade for this user (may be empty)
 * @param keys - the user's ranked item keys, best first
 * @param scores - scores aligned with `keys` (for AUC ties) or undefined (positions are used)
 * @param o - resolved options
 */
export function userRankValues(
  grades: ReadonlyMap<string, number>,
  keys: readonly string[],
  scores: Float64Array | undefined,
  o: ResolvedRankOpts,
): UserRankValues {
  const relGrades: number[] = [];
  for (const g of grades.values()) if (g >= o.relLevel) relGrades.push(g);
  const nRel = relGrades.length;
  const isRel = (key: string): boolean => {
    const g = grades.get(key);
    return g !== undefined && g >= o.relLevel;
  };
  const kEff = o.k === 0 ? keys.length : o.k;
  const depth = Math.min(kEff, keys.length);
  const lnBase = Math.log(o.logBase);
  const disc = (rank: number): number => Math.log(rank + 1) / lnBase;

  let hits = 0;
  let apSum = 0;
  let dcg = 0;
  let rrTop = 0;
  let arhr = 0;
  const hitRanks: number[] = [];
  const retrievedGains: number[] = [];
  for (let j = 0; j < depth; j++) {
    const key = keys[j] as string;
    if (!isRel(key)) continue;
    hits++;
    const rank = j + 1;
    hitRanks.push(rank);
    if (rrTop === 0) rrTop = 1 / rank;
    arhr += 1 / rank;
    apSum += hits / rank;
    const g = gainOf(grades.get(key) as number, o);
    retrievedGains.push(g);
    dcg += g / disc(rank);
  }
  let rr = rrTop;
  if (o.rrDepth === "full" && rr === 0) {
    for (let j = depth; j < keys.length; j++) {
      if (isRel(keys[j] as string)) {
        rr = 1 / (j + 1);
        break;
      }
    }
  }
  const precDen = o.precisionDenominator === "k" ? kEff : depth;
  const precision = precDen > 0 ? hits / precDen : 0;
  const recall = nRel > 0 ? hits / nRel : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  let apDen: number;
  if (o.apDenominator === "numHits") apDen = hits;
  else if (o.apDenominator === "minRelK") apDen = o.k === 0 ? nRel : Math.min(nRel, o.k);
  else apDen = nRel;
  const ap = apDen > 0 ? apSum / apDen : 0;

  const idealGains = o.idealOver === "allRelevant" ? relGrades.map((g) => gainOf(g, o)) : retrievedGains.slice();
  idealGains.sort((a, b) => b - a);
  const idealDepth = o.k === 0 ? idealGains.length : Math.min(o.k, idealGains.length);
  let idcg = 0;
  for (let j = 0; j < idealDepth; j++) idcg += (idealGains[j] as number) / disc(j + 1);
  const ndcg = idcg > 0 ? dcg / idcg : 0;

  // AUC over the whole list; relevant items missing from the list rank below every listed item.
  let nNeg = 0;
  let listedPos = 0;
  for (const key of keys) {
    if (isRel(key)) listedPos++;
    else nNeg++;
  }
  let auc: number | undefined;
  if (nRel > 0 && nNeg > 0) {
    const n = keys.length;
    // Scores: given ones, else minus the position; unlisted positives share -Infinity.
    const vals: number[] = new Array<number>(n);
    for (let j = 0; j < n; j++) vals[j] = scores ? (scores[j] as number) : -j;
    const order = vals.map((_, j) => j).sort((a, b) => (vals[a] as number) - (vals[b] as number));
    // Average ranks (ascending) over listed items, offset by the unlisted positives that rank lowest.
    const unlisted = nRel - listedPos;
    let posRankSum = unlisted > 0 ? (unlisted * (unlisted + 1)) / 2 : 0;
    let i = 0;
    while (i < n) {
      let j = i;
      while (j + 1 < n && vals[order[j + 1] as number] === vals[order[i] as number]) j++;
      const r = unlisted + (i + j + 2) / 2;
      for (let t = i; t <= j; t++) if (isRel(keys[order[t] as number] as string)) posRankSum += r;
      i = j + 1;
    }
    auc = (posRankSum - (nRel * (nRel + 1)) / 2) / (nRel * nNeg);
  }

  return { precision, recall, f1, hitRate: hits > 0 ? 1 : 0, rr, arhr, ap, ndcg, dcg, auc, nRel, hits, hitRanks };
}
