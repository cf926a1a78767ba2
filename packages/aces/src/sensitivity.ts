import { WcError } from "@wc/tensor";
import { percentileSorted } from "@wc/nlg-metrics";

function check(fn: string, good: ArrayLike<number>, bad: ArrayLike<number>): void {
  if (good.length !== bad.length || good.length === 0) {
    throw new WcError("E_SHAPE", `${fn}: expected good and bad of equal non-zero length, got ${good.length} and ${bad.length}`);
  }
  for (let i = 0; i < good.length; i++) {
    if (!Number.isFinite(good[i]) || !Number.isFinite(bad[i])) {
      throw new WcError("E_RANGE", `${fn}: expected finite scores, found good[${i}] = ${good[i]}, bad[${i}] = ${bad[i]}`);
    }
  }
}

/**
 * Self-scaled sensitivity (`score_normalization/normalize_scores_utils.py`):
 * S = Σ(g_i − b_i) / Σ(|g_i| + |b_i|), in [−1, 1]; how far apart the metric puts good and bad
 * translations relative to its own score magnitude.
 *
 * @param good - scores of the good translations
 * @param bad - scores of the incorrect translations
 * @returns S (NaN when every score is 0)
 * @throws WcError E_SHAPE for unequal or zero lengths
 * @throws WcError E_RANGE for NaN/Inf
 * @example
 * selfScaledSensitivity([3, 2], [1, 2]); // 0.25
 */
export function selfScaledSensitivity(good: ArrayLike<number>, bad: ArrayLike<number>): number {
  check("selfScaledSensitivity", good, bad);
  let num = 0;
  let den = 0;
  for (let i = 0; i < good.length; i++) {
    num += good[i]! - bad[i]!;
    den += Math.abs(good[i]!) + Math.abs(bad[i]!);
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Scaled sensitivity: scores are mapped x ↦ (x − mean(R)) / IQR(R), R = the metric's scores on a
 * large reference corpus (IQR = P75 − P25, NumPy linear percentiles); reports the mean, population
 * standard deviation and mean absolute value of the scaled differences g − b.
 *
 * @param good - scores of the good translations
 * @param bad - scores of the incorrect translations
 * @param referenceScores - the metric's scores on a reference corpus
 * @returns `{ meanDiff, stdDiff, meanAbsDiff }`
 * @throws WcError E_SHAPE for unequal or zero lengths
 * @throws WcError E_RANGE for NaN/Inf or a zero IQR
 * @example
 * scaledSensitivity([3], [1], [0, 1, 2, 3, 4]).meanDiff; // 1
 */
export function scaledSensitivity(
  good: ArrayLike<number>,
  bad: ArrayLike<number>,
  referenceScores: ArrayLike<number>,
): { meanDiff: number; stdDiff: number; meanAbsDiff: number } {
  check("scaledSensitivity", good, bad);
  if (referenceScores.length < 2) throw new WcError("E_SHAPE", `scaledSensitivity: expected at least 2 reference scores, got ${referenceScores.length}`);
  const ref = Float64Array.from(referenceScores);
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(ref[i])) throw new WcError("E_RANGE", `scaledSensitivity: referenceScores[${i}] = ${ref[i]} is not finite`);
  }
  const mean = ref.reduce((a, b) => a + b, 0) / ref.length;
  ref.sort();
  const iqr = percentileSorted(ref, 75) - percentileSorted(ref, 25);
  if (!(iqr > 0)) throw new WcError("E_RANGE", "scaledSensitivity: the reference scores have zero interquartile range; use a larger, varied reference corpus");
  const n = good.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = (good[i]! - mean) / iqr - (bad[i]! - mean) / iqr;
  const meanDiff = d.reduce((a, b) => a + b, 0) / n;
  const stdDiff = Math.sqrt(d.reduce((a, b) => a + (b - meanDiff) ** 2, 0) / n);
  const meanAbsDiff = d.reduce((a, b) => a + Math.abs(b), 0) / n;
  return { meanDiff, stdDiff, meanAbsDiff };
}
