import { quantile } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { forEachResample, type ResampleSource } from "./resample";
import type { PRF } from "./rouge";

/** Options of {@link rougeBootstrap}. */
export interface RougeBootstrapOptions extends ResampleSource {
  /** Number of resamples. Default 1000. */
  nSamples?: number;
  /** Confidence level. Default 0.95. */
  ci?: number;
}

/**
 * rouge-score's `BootstrapAggregator`: resample the per-example scores with replacement, take the
 * mean of each draw, and report the (1−ci)/2, 50 and (1+ci)/2 percentiles of those means for
 * precision, recall and F separately ("mid" is the median of bootstrap means, not the plain mean).
 * Draws come from `@wc/tensor`'s `rng(seed)` (or `random`), so bounds differ from NumPy's by sampling
 * noise; percentiles are `@wc/stats`' `quantile` (NumPy's linear interpolation).
 *
 * @param scores - one record of {@link PRF} per example, all with the same keys
 * @param options - `nSamples` 1000, `ci` 0.95, `seed` 0 (an integer in [0, 2^53 − 1]), `random` none
 * @returns per ROUGE type, `{ low, mid, high }`
 * @throws WcError E_SHAPE when `scores` is empty or examples have different keys
 * @throws WcError E_RANGE for nSamples < 1, ci outside (0, 1) or a bad seed
 * @throws WcError E_ARGUMENT when `random` is not a function
 * @example
 * rougeBootstrap([{ rouge1: { precision: 1, recall: 1, fmeasure: 1 } }]).rouge1.mid.fmeasure; // 1
 */
export function rougeBootstrap(
  scores: readonly Record<string, PRF>[],
  options: RougeBootstrapOptions = {},
): Record<string, { low: PRF; mid: PRF; high: PRF }> {
  if (!Array.isArray(scores) || scores.length === 0) throw new WcError("E_SHAPE", "rougeBootstrap: expected at least one example");
  const n = scores.length;
  const nSamples = options.nSamples ?? 1000;
  const ci = options.ci ?? 0.95;
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new WcError("E_RANGE", `rougeBootstrap: expected a positive integer nSamples, got ${nSamples}`);
  if (!(ci > 0 && ci < 1)) throw new WcError("E_RANGE", `rougeBootstrap: expected ci in (0, 1), got ${ci}`);
  const keys = Object.keys(scores[0]!).sort();
  for (const s of scores) {
    const k = Object.keys(s).sort();
    if (k.join("\u0000") !== keys.join("\u0000")) {
      throw new WcError("E_SHAPE", `rougeBootstrap: every example must have the same ROUGE types; expected ${keys.join(",")}, got ${k.join(",")}`);
    }
  }
  const fields = ["precision", "recall", "fmeasure"] as const;
  const draws: Record<string, Float64Array[]> = {};
  for (const key of keys) draws[key] = fields.map(() => new Float64Array(nSamples));
  forEachResample(n, nSamples, options, (idx, s) => {
    for (const key of keys) {
      fields.forEach((f, fi) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += scores[idx[i]!]![key]![f];
        draws[key]![fi]![s] = sum / n;
      });
    }
  });
  const out: Record<string, { low: PRF; mid: PRF; high: PRF }> = {};
  for (const key of keys) {
    const [p, r, f] = draws[key]!;
    const at = (q: number): PRF => ({ precision: quantile(p!, q), recall: quantile(r!, q), fmeasure: quantile(f!, q) });
    out[key] = { low: at((1 - ci) / 2), mid: at(0.5), high: at((1 + ci) / 2) };
  }
  return out;
}
