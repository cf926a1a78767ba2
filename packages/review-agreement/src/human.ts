import { WcError } from "@wc/tensor";
import type { HumanReview } from "./types";

/**
 * Cleans human reviews as LMRSD's `data/README.md` describes: drops ratings <= 0 (the data contain -2
 * and 0), ratings outside `ratingRange`, and confidences equal to 0 or 100 (outliers) or outside
 * `confidenceRange` (a review without confidence is kept). Native scales are kept.
 *
 * @param reviews - human reviews.
 * @param o - `ratingRange` (default [1, 10]), `confidenceRange` (default [1, 10]).
 * @returns the kept reviews (new array; inputs untouched).
 * @throws {WcError} `E_RANGE` for NaN/Inf values or an inverted range.
 * @example
 * cleanHuman([{ rating: 6 }, { rating: -2 }, { rating: 5, confidence: 100 }]); // [{ rating: 6 }]
 */
export function cleanHuman(reviews: HumanReview[], o: { ratingRange?: [number, number]; confidenceRange?: [number, number] } = {}): HumanReview[] {
  const [rlo, rhi] = o.ratingRange ?? [1, 10];
  const [clo, chi] = o.confidenceRange ?? [1, 10];
  if (!(rlo <= rhi) || !(clo <= chi)) throw new WcError("E_RANGE", `cleanHuman: ranges must be [lo, hi] with lo <= hi, got [${rlo}, ${rhi}] and [${clo}, ${chi}]`);
  return reviews.filter((r, i) => {
    if (typeof r.rating !== "number" || !Number.isFinite(r.rating)) throw new WcError("E_RANGE", `cleanHuman: reviews[${i}].rating must be a finite number, got ${String(r.rating)}`);
    if (r.rating <= 0 || r.rating < rlo || r.rating > rhi) return false;
    if (r.confidence === undefined || r.confidence === null) return true;
    if (!Number.isFinite(r.confidence)) throw new WcError("E_RANGE", `cleanHuman: reviews[${i}].confidence must be finite, got ${r.confidence}`);
    return r.confidence !== 0 && r.confidence !== 100 && r.confidence >= clo && r.confidence <= chi;
  });
}

/**
 * Aggregates a paper's human ratings: 'mean' (`avg_ft_score`), 'median' (`median_ft_score`) or
 * 'confidenceWeighted' = sum c_k r_k / sum c_k ([design] reading of the dataset's `_cf` columns, whose
 * exact definition is undocumented; reviews without confidence get weight 1).
 *
 * @param reviews - cleaned human reviews (at least one).
 * @param how - aggregation rule.
 * @returns the aggregate rating.
 * @throws {WcError} `E_SHAPE` for no reviews; `E_ARGUMENT` for an unknown rule; `E_RANGE` for non-positive weight sums.
 * @example
 * aggregateHuman([{ rating: 6, confidence: 4 }, { rating: 3, confidence: 2 }], "confidenceWeighted"); // 5
 */
export function aggregateHuman(reviews: HumanReview[], how: "mean" | "median" | "confidenceWeighted"): number {
  if (reviews.length === 0) throw new WcError("E_SHAPE", "aggregateHuman: no reviews to aggregate");
  const r = reviews.map((x) => x.rating);
  if (how === "mean") return r.reduce((a, b) => a + b, 0) / r.length;
  if (how === "median") {
    const s = [...r].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
  if (how === "confidenceWeighted") {
    let sw = 0;
    let swr = 0;
    for (const x of reviews) {
      const c = x.confidence ?? 1;
      sw += c;
      swr += c * x.rating;
    }
    if (!(sw > 0)) throw new WcError("E_RANGE", `aggregateHuman: confidence weights sum to ${sw}`);
    return swr / sw;
  }
  throw new WcError("E_ARGUMENT", `aggregateHuman: how must be 'mean', 'median' or 'confidenceWeighted', got ${String(how)}`);
}
