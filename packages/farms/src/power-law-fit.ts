import { WcError } from "@wc/tensor";
import { resolveFitOptions, type FitOptions, type ResolvedFitOptions } from "./options";

/** Result of {@link fitPowerLaw}. */
export interface PowerLawFit {
  /** Power-law exponent of the tail, `p(x) ~ x^-alpha` for `x >= xmin`. */
  alpha: number;
  /** Lower cut-off of the tail (an eigenvalue). */
  xmin: number;
  /** Kolmogorov-Smirnov distance between the tail and the fitted power law (1 when not computed). */
  D: number;
  /** Number of fitted eigenvalues `>= xmin`. */
  nTail: number;
  /** Standard error of alpha, `(alpha - 1) / sqrt(n)` with `n` the tail size. */
  sigma: number;
  /** Index of xmin in the sorted (and, with `filterZeros`, filtered) eigenvalues. */
  xminIndex: number;
  /** Number of eigenvalues the fit saw (after `filterZeros`). */
  numFitted: number;
}

/** Eigenvalues as a sorted, validated, optionally filtered copy. */
export function prepareEigs(eigs: ArrayLike<number>, o: ResolvedFitOptions, where: string): Float64Array {
  if (eigs === null || typeof eigs !== "object" || typeof eigs.length !== "number") {
    throw new WcError("E_ARGUMENT", `${where}: expected an array of eigenvalues, got ${String(eigs)}`);
  }
  const all = Float64Array.from(eigs);
  for (let i = 0; i < all.length; i++) {
    if (!Number.isFinite(all[i]!)) {
      throw new WcError("E_RANGE", `${where}: eigenvalue ${i} is ${all[i]}; eigenvalues must be finite`);
    }
  }
  all.sort();
  let kept = all;
  if (o.filterZeros) {
    let first = 0;
    while (first < all.length && all[first]! <= o.evalsThresh) first++;
    if (first < all.length) kept = all.subarray(first);
  }
  if (kept.length > 0 && kept[0]! < 0) {
    throw new WcError(
      "E_RANGE",
      `${where}: eigenvalues must be >= 0, got ${kept[0]}; an ESD holds squared singular values (clamp tiny negative round-off to 0 or pass filterZeros: true)`,
    );
  }
  if (kept.length < 2) {
    throw new WcError("E_RANGE", `${where}: a power-law fit needs at least 2 eigenvalues, got ${kept.length}`);
  }
  return kept;
}

/**
 * KS distance of the tail `lam[i..]` against a power law with exponent `alpha` and xmin `lam[i]`:
 * `max_t |1 - (lam[i+t]/lam[i])^(1-alpha) - t/n|`. Returns early with a value `> stop` as soon as
 * one term exceeds `stop` (a lower bound of the distance, so such a candidate cannot be the
 * argmin); terms are first probed on a coarse grid so that poor candidates are rejected cheaply.
 * When it does not return early the result is the exact distance.
 */
function ksDistance(logs: Float64Array, i: number, alpha: number, stop: number): number {
  const N = logs.length;
  const n = N - i;
  const li = logs[i]!;
  const e = 1 - alpha;
  const term = (t: number): number => {
    const diff = logs[i + t]! - li;
    // (x/xmin)^(1-alpha); an equal value gives exactly 1 even when alpha is infinite.
    return Math.abs(1 - (diff === 0 ? 1 : Math.exp(e * diff)) - t / n);
  };
  if (stop < Infinity && n > 256) {
    const stride = Math.ceil(n / 64);
    for (let t = stride >> 1; t < n; t += stride) {
      const v = term(t);
      if (v > stop) return v;
    }
  }
  let d = 0;
  for (let t = 0; t < n; t++) {
    const v = term(t);
    if (v > d) {
      d = v;
      if (d > stop) return d;
    }
  }
  return d;
}

/** The Hill-type MLE `1 + n / sum_{j>=i} ln(lam_j / lam_i)` from suffix sums of logs. */
function mle(logs: Float64Array, suffix: Float64Array, i: number): number {
  const n = logs.length - i;
  return 1 + n / (suffix[i]! - n * logs[i]!);
}

function finish(lam: Float64Array, i: number, alpha: number, D: number): PowerLawFit {
  const N = lam.length;
  const xmin = lam[i]!;
  let first = i;
  while (first > 0 && lam[first - 1]! >= xmin) first--;
  const n = N - i;
  return { alpha, xmin, D, nTail: N - first, sigma: (alpha - 1) / Math.sqrt(n), xminIndex: i, numFitted: N };
}

/**
 * Fits a continuous power law to the tail of an ESD by maximum likelihood, choosing the cut-off
 * `xmin` by one of three rules (spec section 3, steps 2-4):
 * - `'ks'` (default, WeightWatcher `WWFit`): every sorted eigenvalue but the last is tried as
 *   xmin, `alpha_i = 1 + n / (sum_{j>=i} ln lam_j - n ln lam_i)`, and the first candidate of
 *   smallest KS distance `D_i` wins (`D_i = 1` where `alpha_i <= 1`).
 * - `'peak'` (WW `fix_fingers='xmin_peak'`): as `'ks'` but only candidates up to `1.5 x2`, where
 *   `x2 = 10^(left edge of the fullest bin)` of a `bins`-bin histogram of `log10 lam`; the lower
 *   bound is `log10(0.95 x2)` (the code's quirk, `peakLowerBug: true`) or `0.95 x2`.
 * - `'median'` (TempBalance `xmin_mid`): `i = floor(N / xminPos)`, one MLE, no search.
 *
 * @param eigs - eigenvalues (any order; not modified), finite and >= 0 after filtering.
 * @param options - {@link FitOptions}; defaults `{ xmin: 'ks', xminPos: 2, bins: 100,
 *   filterZeros: false, evalsThresh: 1e-5, peakLowerBug: true }`.
 * @returns `{ alpha, xmin, D, nTail, sigma, xminIndex, numFitted }`. alpha is `Infinity` when the
 *   chosen tail is flat (all equal eigenvalues), and `0` in `'peak'` mode when no candidate was tried.
 * @throws {WcError} `E_RANGE` for NaN/Inf or negative eigenvalues, fewer than 2 eigenvalues, or
 *   zero eigenvalues under the `'peak'`/`'median'` rules (pass `filterZeros: true`); `E_ARGUMENT`
 *   / `E_RANGE` for bad options.
 * @example
 * fitPowerLaw([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // { alpha: 4.68155..., xmin: 6, D: 0.25323..., ... }
 */
export function fitPowerLaw(eigs: ArrayLike<number>, options: FitOptions = {}): PowerLawFit {
  const o = resolveFitOptions(options, "fitPowerLaw");
  const lam = prepareEigs(eigs, o, "fitPowerLaw");
  return fitSorted(lam, o);
}

/** {@link fitPowerLaw} on eigenvalues already sorted, validated and filtered (internal). */
export function fitSorted(lam: Float64Array, o: ResolvedFitOptions): PowerLawFit {
  const N = lam.length;
  const logs = new Float64Array(N);
  for (let j = 0; j < N; j++) logs[j] = Math.log(lam[j]!);
  const suffix = new Float64Array(N + 1);
  for (let j = N - 1; j >= 0; j--) suffix[j] = suffix[j + 1]! + logs[j]!;

  if (o.xmin === "median") {
    const i = Math.floor(N / o.xminPos);
    if (lam[i]! === 0) {
      throw new WcError("E_RANGE", `fitPowerLaw: the median-rule xmin (eigenvalue ${i} of ${N}) is 0, so alpha is undefined; pass filterZeros: true`);
    }
    const alpha = mle(logs, suffix, i);
    return finish(lam, i, alpha, ksDistance(logs, i, alpha, Infinity));
  }

  let lower = -Infinity;
  let upper = Infinity;
  if (o.xmin === "peak") {
    if (lam[0]! <= 0) {
      throw new WcError("E_RANGE", "fitPowerLaw: the 'peak' rule takes log10 of every eigenvalue and found a 0; pass filterZeros: true");
    }
    const lo = Math.log10(lam[0]!);
    const hi = Math.log10(lam[N - 1]!);
    const counts = new Int32Array(o.bins);
    const width = hi - lo;
    for (let j = 0; j < N; j++) {
      let b = width > 0 ? Math.floor(((Math.log10(lam[j]!) - lo) / width) * o.bins) : 0;
      if (b >= o.bins) b = o.bins - 1;
      counts[b]!++;
    }
    let ih = 0;
    for (let b = 1; b < o.bins; b++) if (counts[b]! > counts[ih]!) ih = b;
    const x2 = 10 ** (lo + (ih * width) / o.bins);
    lower = o.peakLowerBug ? Math.log10(0.95 * x2) : 0.95 * x2;
    upper = 1.5 * x2;
  }

  // Candidates in [first, last): lam >= lower, and up to the first lam > upper.
  let first = 0;
  while (first < N - 1 && lam[first]! < lower) first++;
  let last = first;
  while (last < N - 1 && !(lam[last]! > upper)) last++;
  // A cheap exact upper bound of min D from a few spread candidates: any candidate whose KS
  // distance provably exceeds it is skipped early (the argmin, and its first index, are unchanged).
  let bound = Infinity;
  const probes = Math.min(16, last - first);
  for (let k = 0; k < probes; k++) {
    const i = first + Math.floor(((k + 0.5) * (last - first)) / probes);
    if (lam[i]! === 0 || lam[i]! < lower) continue;
    const alpha = mle(logs, suffix, i);
    if (alpha > 1) bound = Math.min(bound, ksDistance(logs, i, alpha, bound));
  }
  // First argmin of D over candidates; untried candidates keep alpha 0 and D 1, as in the code.
  let bestI = 0;
  let bestD = 1;
  let bestAlpha = 0;
  for (let i = first; i < last; i++) {
    if (lam[i]! < lower) continue;
    const alpha = lam[i] === 0 ? Number.NaN : mle(logs, suffix, i);
    if (i === 0) bestAlpha = alpha;
    if (!(alpha > 1)) continue;
    const d = ksDistance(logs, i, alpha, Math.min(bestD, bound));
    if (d < bestD) {
      bestD = d;
      bestI = i;
      bestAlpha = alpha;
    }
  }
  return finish(lam, bestI, bestAlpha, bestD);
}
