import { fisherInterval, quantile, studentTSf, williamsTest as williamsStats } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { kendall, pearson, spearman } from "./correlation";
import { forEachResample, type ResampleSource } from "./resample";
import { checkNumber } from "./validate";

/**
 * WMT DARR / ACES "τ-like" statistic: (Concordant − Discordant) / (Concordant + Discordant) where
 * pair i is concordant when `better[i] > worse[i]` and discordant otherwise (**ties count as
 * discordant**). NaN when the input is empty or holds any NaN (as the official scripts).
 *
 * @param better - metric scores of the better item of each pair
 * @param worse - metric scores of the worse item
 * @returns τ-like in [−1, 1] or NaN
 * @throws WcError E_SHAPE for unequal lengths
 * @example
 * tauLike([0.9, 0.5, 0.7, 0.2, 0.4], [0.1, 0.5, 0.3, 0.6, 0.1]); // 0.2
 */
export function tauLike(better: ArrayLike<number>, worse: ArrayLike<number>): number {
  if (better.length !== worse.length) {
    throw new WcError("E_SHAPE", `tauLike: expected equal lengths, got ${better.length} and ${worse.length}`);
  }
  const n = better.length;
  if (n === 0) return NaN;
  let c = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const b = better[i]!;
    const w = worse[i]!;
    if (Number.isNaN(b) || Number.isNaN(w)) return NaN;
    if (b > w) c++;
    else d++;
  }
  return (c - d) / (c + d);
}

/** Correlation methods for {@link groupedCorrelation}. */
export type CorrelationMethod = "pearson" | "spearman" | "kendall";

function coefficient(method: CorrelationMethod, x: number[], y: number[]): number {
  if (method === "pearson") return pearson(x, y).r;
  if (method === "spearman") return spearman(x, y).rho;
  if (method === "kendall") return kendall(x, y).tau;
  throw new WcError("E_ARGUMENT", `groupedCorrelation: expected method pearson, spearman or kendall, got ${JSON.stringify(method)}`);
}

/**
 * Grouped (e.g. per-source-segment or per-system) correlation: the coefficient inside each group,
 * averaged over groups (TIGERScore / WMT "item-wise" style). Groups with fewer than 2 items or a
 * NaN coefficient (constant scores) are left out of the mean.
 *
 * @param metric - metric scores
 * @param human - human scores, same length
 * @param groups - group label of each item
 * @param method - `'pearson'`, `'spearman'` or `'kendall'` (τ-b)
 * @param agg - aggregation, only `'mean'`
 * @returns the mean coefficient (NaN when no group qualifies)
 * @throws WcError E_SHAPE for unequal lengths
 * @throws WcError E_RANGE for NaN/Inf scores
 * @throws WcError E_ARGUMENT for unknown method or agg
 * @example
 * groupedCorrelation([1, 2, 3, 3, 2, 1], [1, 2, 3, 1, 2, 3], ["a", "a", "a", "b", "b", "b"], "pearson"); // 0
 */
export function groupedCorrelation(
  metric: ArrayLike<number>,
  human: ArrayLike<number>,
  groups: ArrayLike<string | number>,
  method: CorrelationMethod,
  agg: "mean" = "mean",
): number {
  if (metric.length !== human.length || metric.length !== groups.length) {
    throw new WcError("E_SHAPE", `groupedCorrelation: expected metric, human and groups of equal length, got ${metric.length}, ${human.length}, ${groups.length}`);
  }
  if (agg !== "mean") throw new WcError("E_ARGUMENT", `groupedCorrelation: only agg 'mean' is supported, got ${JSON.stringify(agg)}`);
  const by = new Map<string | number, [number[], number[]]>();
  for (let i = 0; i < metric.length; i++) {
    if (!Number.isFinite(metric[i]) || !Number.isFinite(human[i])) {
      throw new WcError("E_RANGE", `groupedCorrelation: expected finite scores, found metric[${i}] = ${metric[i]}, human[${i}] = ${human[i]}`);
    }
    const g = groups[i]!;
    let e = by.get(g);
    if (!e) by.set(g, (e = [[], []]));
    e[0].push(metric[i]!);
    e[1].push(human[i]!);
  }
  let sum = 0;
  let cnt = 0;
  for (const [x, y] of by.values()) {
    if (x.length < 2) continue;
    const r = coefficient(method, x, y);
    if (Number.isNaN(r)) continue;
    sum += r;
    cnt++;
  }
  return cnt === 0 ? NaN : sum / cnt;
}

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions extends ResampleSource {
  /** Number of resamples. Default 1000. */
  samples?: number;
  /** Confidence level. Default 0.95. */
  ci?: number;
}

/**
 * Percentile bootstrap interval of any statistic of n items: resample indices with replacement,
 * evaluate `stat`, return the (1 − ci)/2 and (1 + ci)/2 quantiles of the values (linear
 * interpolation, `@wc/stats`' `quantile`). NaN statistics (e.g. a correlation of a constant
 * resample) are dropped first; when every one is NaN the interval is `[NaN, NaN]`. Indices come
 * from `@wc/tensor`'s `rng(seed)` unless `random` is given. (`@wc/stats`' `bootstrap` is not used
 * because it rejects non-finite replicates, which this function's contract drops.)
 *
 * @param stat - statistic of a resample, given the drawn indices (one buffer reused across draws: copy it to keep it)
 * @param n - number of items
 * @param options - `samples` 1000, `ci` 0.95, `seed` 0 (an integer in [0, 2^53 − 1]), `random` none
 * @returns `[low, high]`
 * @throws WcError E_RANGE for n < 1, samples < 1, ci outside (0, 1), a bad seed, or a statistic of ±Infinity
 * @throws WcError E_ARGUMENT when `random` is not a function
 * @example
 * const x = [1, 2, 3, 4, 5];
 * bootstrapCI((idx) => idx.reduce((s, i) => s + x[i]!, 0) / idx.length, x.length); // [low, high] around 3
 */
export function bootstrapCI(stat: (idx: Int32Array) => number, n: number, options: BootstrapOptions = {}): [number, number] {
  const samples = options.samples ?? 1000;
  const ci = options.ci ?? 0.95;
  checkNumber("bootstrapCI", "n", n, 1, 2 ** 31 - 1, true);
  checkNumber("bootstrapCI", "samples", samples, 1, 1e9, true);
  if (!(ci > 0 && ci < 1)) throw new WcError("E_RANGE", `bootstrapCI: expected ci in (0, 1), got ${ci}`);
  const vals: number[] = [];
  forEachResample(n, samples, options, (idx) => {
    const v = stat(idx);
    if (Number.isNaN(v)) return;
    if (!Number.isFinite(v)) throw new WcError("E_RANGE", `bootstrapCI: stat returned ${v} for a resample; return a finite value, or NaN to drop that resample`);
    vals.push(v);
  });
  if (vals.length === 0) return [NaN, NaN];
  return [quantile(vals, (1 - ci) / 2), quantile(vals, (1 + ci) / 2)];
}

/**
 * Fisher z interval of a correlation: tanh(atanh(r) ± z_{(1+ci)/2} / √(n − 3)); an adapter over
 * `@wc/stats`' `fisherInterval`.
 *
 * @param r - the correlation in [−1, 1]
 * @param n - sample size > 3
 * @param ci - confidence level, default 0.95
 * @returns `[low, high]`
 * @throws WcError E_RANGE for r outside [−1, 1], n ≤ 3 or ci outside (0, 1)
 * @example
 * fisherCI(0.5, 28); // [0.1560..., 0.7358...]
 */
export function fisherCI(r: number, n: number, ci = 0.95): [number, number] {
  return fisherInterval(r, n, { confidenceLevel: ci });
}

/**
 * Williams test for the difference of two dependent correlations sharing one variable (human
 * scores 1, metrics 2 and 3), as used by WMT metrics tasks (Graham & Baldwin 2014): the t
 * statistic (df = n − 3) of `@wc/stats`' `williamsTest`, with a **one-sided** p-value P(T ≥ t)
 * testing whether metric 2 correlates better than metric 3 (`@wc/stats` reports the two-sided one).
 *
 * @param r12 - correlation of human and metric A
 * @param r13 - correlation of human and metric B
 * @param r23 - correlation of metric A and metric B
 * @param n - sample size > 3
 * @returns `{ t, p }`
 * @throws WcError E_RANGE for correlations outside [−1, 1], n ≤ 3, or correlations that do not form a positive semi-definite matrix
 * @example
 * williamsTest(0.6, 0.4, 0.5, 50).t; // 1.7050785771525379
 */
export function williamsTest(r12: number, r13: number, r23: number, n: number): { t: number; p: number } {
  const w = williamsStats(r12, r13, r23, n);
  return { t: w.t, p: studentTSf(w.t, w.df) };
}
