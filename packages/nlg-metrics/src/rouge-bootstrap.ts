import { WcError } from "@wc/tensor";
import type { PRF } from "./rouge";
import { percentileSorted, seededUniform } from "./uniform";

/** Options of {@link rougeBootstrap}. */
export interface RougeBootstrapOptions {
  /** Number of resamples. Default 1000. */
  nSamples?: number;
  /** Confidence level. Default 0.95. */
  ci?: number;
  /** Seed of the built-in generator. Default 0. */
  seed?: number;
  /** A uniform [0, 1) source to use instead of the seeded generator. Default none. */
  random?: () => number;
}

/**
 * rouge-score's `BootstrapAggregator`: resample the per-example scores with replacement, take the
 * mean of each draw, and report the (1−ci)/2, 50 and (1+ci)/2 percentiles of those means for
 * precision, recall and F separately ("mid" is the median of bootstrap means, not the plain mean).
 * Draws come from this package's seeded generator, so bounds differ from NumPy's by sampling noise.
 *
 * @param scores - one record of {@link PRF} per example, all with the same keys
 * @param options - `nSamples` 1000, `ci` 0.95, `seed` 0, `random` none
 * @returns per ROUGE type, `{ low, mid, high }`
 * @throws WcError E_SHAPE when `scores` is empty or examples have different keys
 * @throws WcError E_RANGE for nSamples < 1 or ci outside (0, 1)
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
  const u = options.random ?? seededUniform(options.seed ?? 0);
  const fields = ["precision", "recall", "fmeasure"] as const;
  const draws: Record<string, Float64Array[]> = {};
  for (const key of keys) draws[key] = fields.map(() => new Float64Array(nSamples));
  const idx = new Int32Array(n);
  for (let s = 0; s < nSamples; s++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(u() * n);
    for (const key of keys) {
      fields.forEach((f, fi) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += scores[idx[i]!]![key]![f];
        draws[key]![fi]![s] = sum / n;
      });
    }
  }
  const out: Record<string, { low: PRF; mid: PRF; high: PRF }> = {};
  const lo = ((1 - ci) / 2) * 100;
  const hi = ((1 + ci) / 2) * 100;
  for (const key of keys) {
    const sorted = draws[key]!.map((a) => a.slice().sort());
    const at = (q: number): PRF => ({
      precision: percentileSorted(sorted[0]!, q),
      recall: percentileSorted(sorted[1]!, q),
      fmeasure: percentileSorted(sorted[2]!, q),
    });
    out[key] = { low: at(lo), mid: at(50), high: at(hi) };
  }
  return out;
}
