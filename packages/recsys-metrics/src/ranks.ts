import { WcError } from "@wc/tensor";

/**
 * Average (fractional) ranks, ascending, 1-based: tied values share the mean of the ranks they
 * span (scipy.stats.rankdata's 'average' method).
 *
 * @param values - the values to rank (not mutated); NaN is not allowed
 * @returns a new Float64Array of ranks aligned with `values`
 * @throws WcError E_RANGE when a value is NaN
 * @example
 * averageRanks([10, 20, 10]); // Float64Array [1.5, 3, 1.5]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) throw new WcError("E_RANGE", `averageRanks: value ${i} is NaN; remove or impute it first`);
    idx[i] = i;
  }
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[idx[i] as number];
    while (j + 1 < n && values[idx[j + 1] as number] === v) j++;
    const r = (i + j + 2) / 2; // mean of ranks i+1 .. j+1
    for (let t = i; t <= j; t++) ranks[idx[t] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * ROC-AUC by the Mann–Whitney statistic: (sum of positive ranks − P(P+1)/2) / (P·N), average
 * ranks on ties (so a tie between a positive and a negative counts 1/2).
 *
 * @param label - 0/1 labels
 * @param score - scores, higher = more likely positive (finite, or −Infinity/+Infinity)
 * @returns the AUC in [0, 1]
 * @throws WcError E_SHAPE when the lengths differ; E_RANGE when a label is not 0/1, a score is NaN, or only one class is present
 * @example
 * aucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function aucScore(label: ArrayLike<number>, score: ArrayLike<number>): number {
  if (label.length !== score.length) {
    throw new WcError("E_SHAPE", `aucScore: label and score must have the same length, got ${label.length} and ${score.length}`);
  }
  let p = 0;
  for (let i = 0; i < label.length; i++) {
    const l = label[i];
    if (l !== 0 && l !== 1) throw new WcError("E_RANGE", `aucScore: labels must be 0 or 1, got ${String(l)} at ${i}`);
    p += l;
  }
  const nNeg = label.length - p;
  if (p === 0 || nNeg === 0) {
    throw new WcError("E_RANGE", `aucScore: AUC needs both classes, got ${p} positives and ${nNeg} negatives`);
  }
  const r = averageRanks(score);
  let sum = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === 1) sum += r[i] as number;
  return (sum - (p * (p + 1)) / 2) / (p * nNeg);
}
