import { WcError } from "@wc/tensor";
import { assertSameLength } from "../internal/checks";
import { encodeLabels } from "../internal/rows";

/** Internal: contingency table (rows: true classes, columns: predicted clusters) with marginals. */
function contingency(a: ArrayLike<number | string>, b: ArrayLike<number | string>, where: string) {
  assertSameLength(a.length, b.length, where, "labelsTrue", "labelsPred");
  if (a.length === 0) throw new WcError("E_SHAPE", `${where}: the labelings are empty`);
  const A = encodeLabels(a, where);
  const B = encodeLabels(b, where);
  const table = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = (A.codes[i] as number) * B.k + (B.codes[i] as number);
    table.set(key, (table.get(key) ?? 0) + 1);
  }
  const ra = new Float64Array(A.k);
  const cb = new Float64Array(B.k);
  for (let i = 0; i < a.length; i++) {
    ra[A.codes[i] as number]! += 1;
    cb[B.codes[i] as number]! += 1;
  }
  return { cells: [...table.values()], ra, cb, n: a.length, ka: A.k, kb: B.k };
}

const comb2 = (x: number): number => (x * (x - 1)) / 2;

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c > 0) h -= (c / n) * Math.log(c / n);
  }
  return h;
}

/**
 * Normalized mutual information between two labelings (scikit-learn `normalized_mutual_info_score`):
 * MI / mean(H(true), H(pred)) with natural logs; 1 when both labelings have a single cluster.
 *
 * @param labelsTrue - class labels (numbers or strings).
 * @param labelsPred - cluster labels, same length.
 * @param options - `averageMethod`: 'arithmetic' (default), 'geometric', 'min' or 'max'.
 * @returns NMI in [0, 1].
 * @throws {WcError} `E_SHAPE` for mismatched or empty labelings; `E_ARGUMENT` for an unknown averageMethod.
 * @example
 * normalizedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function normalizedMutualInfo(
  labelsTrue: ArrayLike<number | string>,
  labelsPred: ArrayLike<number | string>,
  options: { averageMethod?: "arithmetic" | "geometric" | "min" | "max" } = {},
): number {
  const where = "normalizedMutualInfo";
  const avg = options.averageMethod ?? "arithmetic";
  if (!["arithmetic", "geometric", "min", "max"].includes(avg)) throw new WcError("E_ARGUMENT", `${where}: unknown averageMethod ${String(avg)}`);
  const { ra, cb, n, ka, kb } = contingency(labelsTrue, labelsPred, where);
  if ((ka === 1 && kb === 1) || (ka === 0 && kb === 0)) return 1;
  const A = encodeLabels(labelsTrue, where);
  const B = encodeLabels(labelsPred, where);
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = (A.codes[i] as number) * kb + (B.codes[i] as number);
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, c] of joint) {
    const i = Math.floor(key / kb);
    const j = key % kb;
    mi += (c / n) * (Math.log(c) + Math.log(n) - Math.log(ra[i] as number) - Math.log(cb[j] as number));
  }
  mi = Math.max(0, mi);
  if (mi === 0) return 0;
  const ha = entropy(ra, n);
  const hb = entropy(cb, n);
  const norm = avg === "arithmetic" ? (ha + hb) / 2 : avg === "geometric" ? Math.sqrt(ha * hb) : avg === "min" ? Math.min(ha, hb) : Math.max(ha, hb);
  return mi / Math.max(norm, Number.EPSILON);
}

/** Pair-counting confusion: pairs together in both, only in true, only in pred, and the total. */
function pairCounts(labelsTrue: ArrayLike<number | string>, labelsPred: ArrayLike<number | string>, where: string) {
  const { cells, ra, cb, n } = contingency(labelsTrue, labelsPred, where);
  let both = 0;
  for (const c of cells) both += comb2(c);
  let sa = 0;
  for (const c of ra) sa += comb2(c);
  let sb = 0;
  for (const c of cb) sb += comb2(c);
  return { both, sa, sb, total: comb2(n) };
}

/**
 * Rand index: the fraction of pairs on which two labelings agree (scikit-learn `rand_score`).
 * @param labelsTrue - class labels.
 * @param labelsPred - cluster labels, same length.
 * @returns RI in [0, 1] (1 for fewer than 2 items).
 * @throws {WcError} `E_SHAPE` for mismatched or empty labelings.
 * @example
 * randIndex([0, 0, 1, 1], [0, 0, 1, 2]); // 0.8333333333333334
 */
export function randIndex(labelsTrue: ArrayLike<number | string>, labelsPred: ArrayLike<number | string>): number {
  const { both, sa, sb, total } = pairCounts(labelsTrue, labelsPred, "randIndex");
  if (total === 0) return 1;
  return (total + 2 * both - sa - sb) / total;
}

/**
 * Adjusted Rand index (Hubert and Arabie 1985; scikit-learn `adjusted_rand_score`).
 * @param labelsTrue - class labels.
 * @param labelsPred - cluster labels, same length.
 * @returns ARI (1 for identical partitions, about 0 for random ones).
 * @throws {WcError} `E_SHAPE` for mismatched or empty labelings.
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function adjustedRandIndex(labelsTrue: ArrayLike<number | string>, labelsPred: ArrayLike<number | string>): number {
  const { both, sa, sb, total } = pairCounts(labelsTrue, labelsPred, "adjustedRandIndex");
  if (total === 0) return 1;
  const expected = (sa * sb) / total;
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (both - expected) / (max - expected);
}

/** Result of {@link pairF1}. */
export interface PairF1Result {
  /** Pairs in one predicted cluster that share a class / pairs in one predicted cluster. */
  readonly precision: number;
  /** Pairs sharing a class that are in one predicted cluster / pairs sharing a class. */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
}

/**
 * Pair-counting F1 for clustering evaluation (as in the metric-learning literature: a pair is a
 * positive when both items share a class, predicted positive when they share a cluster).
 * @param labelsTrue - class labels.
 * @param labelsPred - cluster labels, same length.
 * @returns precision, recall and F1 (0 where a denominator is 0).
 * @throws {WcError} `E_SHAPE` for mismatched or empty labelings.
 * @example
 * pairF1([0, 0, 1, 1], [0, 0, 0, 1]).f1; // 0.4
 */
export function pairF1(labelsTrue: ArrayLike<number | string>, labelsPred: ArrayLike<number | string>): PairF1Result {
  const { both, sa, sb } = pairCounts(labelsTrue, labelsPred, "pairF1");
  const precision = sb > 0 ? both / sb : 0;
  const recall = sa > 0 ? both / sa : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
