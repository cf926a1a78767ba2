import { WcError } from "@wc/tensor";
import { checkInt, checkLevel } from "../internal/checks";
import { randomIndex, toRandomSource, type SeedOrRng } from "../internal/rng";
import { normalCdf, normalQuantile } from "../distributions/normal";
import { quantileSorted } from "../numeric/descriptive";
import { checkStat, groupRows, leaveOneOut, toSamples } from "./jackknife";

/** Options of {@link bootstrap} and {@link clusterBootstrap}. */
export interface BootstrapOptions {
  /** Number of resamples B (default 2000). */
  nResamples?: number;
  /** Confidence level (default 0.95). */
  confidenceLevel?: number;
  /** 'percentile' (default) or 'bca' (bias-corrected and accelerated, Efron 1987, jackknife acceleration). */
  method?: "percentile" | "bca";
  /** Seed or random source (default seed 0). */
  seed?: SeedOrRng;
}

/** Result of a bootstrap. */
export interface BootstrapResult {
  /** The statistic on the original data. */
  readonly estimate: number;
  /** Confidence interval [low, high]. */
  readonly ci: readonly [number, number];
  /** Standard deviation (ddof 1) of the bootstrap distribution. */
  readonly standardError: number;
  /** The B bootstrap replicates, in draw order. */
  readonly distribution: Float64Array;
  /** The interval method used. */
  readonly method: "percentile" | "bca";
}

interface Resolved {
  b: number;
  level: number;
  method: "percentile" | "bca";
}

function resolve(o: BootstrapOptions, where: string): Resolved {
  const b = o.nResamples ?? 2000;
  checkInt(b, 2, where, "nResamples");
  const level = o.confidenceLevel ?? 0.95;
  checkLevel(level, where);
  const method = o.method ?? "percentile";
  if (method !== "percentile" && method !== "bca") throw new WcError("E_ARGUMENT", `${where}: method must be 'percentile' or 'bca', got ${String(method)}`);
  return { b, level, method };
}

/**
 * Internal: percentile or BCa interval from replicates, as SciPy `bootstrap` computes it
 * (z0 from the mid-rank proportion of replicates below the estimate; a from jackknife values).
 */
export function bootstrapInterval(estimate: number, dist: Float64Array, level: number, method: "percentile" | "bca", jack: Float64Array | null, where: string): [number, number] {
  const sorted = dist.slice().sort();
  const alpha = (1 - level) / 2;
  let pLo = alpha;
  let pHi = 1 - alpha;
  if (method === "bca") {
    let below = 0;
    let belowEq = 0;
    for (let i = 0; i < dist.length; i++) {
      if ((dist[i] as number) < estimate) below++;
      if ((dist[i] as number) <= estimate) belowEq++;
    }
    const prop = (below + belowEq) / (2 * dist.length);
    if (prop <= 0 || prop >= 1) {
      throw new WcError("E_RANGE", `${where}: BCa is undefined because every replicate lies on one side of the estimate (degenerate bootstrap distribution); use method 'percentile'`);
    }
    const z0 = normalQuantile(prop);
    const j = jack!;
    let jm = 0;
    for (let i = 0; i < j.length; i++) jm += j[i] as number;
    jm /= j.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < j.length; i++) {
      const d = jm - (j[i] as number);
      num += d * d * d;
      den += d * d;
    }
    const a = den > 0 ? num / (6 * Math.pow(den, 1.5)) : 0;
    const adj = (p: number): number => {
      const z = normalQuantile(p);
      return normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
    };
    pLo = adj(alpha);
    pHi = adj(1 - alpha);
  }
  return [quantileSorted(sorted, pLo), quantileSorted(sorted, pHi)];
}

function sdOf(d: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i] as number;
  m /= d.length;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += ((d[i] as number) - m) ** 2;
  return Math.sqrt(s / (d.length - 1));
}

/**
 * Nonparametric bootstrap of a statistic with a percentile or BCa interval. Paired samples
 * (several arrays of equal length) are resampled by the same row indices.
 *
 * @param data - one sample, or an array of paired samples; n >= 2.
 * @param statistic - maps the resampled sample(s) to a finite number.
 * @param options - nResamples (default 2000), confidenceLevel (0.95), method ('percentile'), seed (0).
 * @returns {@link BootstrapResult}.
 * @throws {WcError} `E_SHAPE` for n < 2 or unequal paired lengths; `E_RANGE` for NaN/Inf data, a non-finite statistic
 * or a degenerate BCa; `E_ARGUMENT` for bad options.
 * @example
 * const meanOf = (s: Float64Array) => s.reduce((a, b) => a + b) / s.length;
 * bootstrap([2.1, 3.4, 1.9, 5.6, 4.4, 3.3], meanOf, { seed: 1 }).ci; // approx [2.5, 4.4]
 */
export function bootstrap(
  data: ArrayLike<number> | readonly ArrayLike<number>[],
  statistic: (...samples: Float64Array[]) => number,
  options: BootstrapOptions = {},
): BootstrapResult {
  const where = "bootstrap";
  const { b, level, method } = resolve(options, where);
  const samples = toSamples(data, where);
  const n = samples[0]!.length;
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 observations, got ${n}`);
  const rng = toRandomSource(options.seed ?? 0, where);
  const estimate = checkStat(statistic(...samples.map((s) => s.slice())), where);
  const dist = new Float64Array(b);
  for (let r = 0; r < b; r++) {
    const bufs = samples.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const j = randomIndex(rng, n);
      for (let k = 0; k < samples.length; k++) bufs[k]![i] = samples[k]![j] as number;
    }
    dist[r] = checkStat(statistic(...bufs), where);
  }
  const jack = method === "bca" ? leaveOneOut(samples, statistic, where) : null;
  const ci = bootstrapInterval(estimate, dist, level, method, jack, where);
  return { estimate, ci, standardError: sdOf(dist), distribution: dist, method };
}

/**
 * Cluster (block) bootstrap: resamples whole clusters with replacement and hands the statistic the
 * concatenated row indices (a cluster drawn twice contributes its rows twice).
 *
 * @param clusters - a cluster label per row (numbers or strings); at least 2 clusters.
 * @param statistic - maps row indices to a finite number (it indexes the caller's own data).
 * @param options - nResamples (default 2000), confidenceLevel (0.95), method ('percentile'; 'bca' uses the delete-one-cluster jackknife), seed (0).
 * @returns {@link BootstrapResult}.
 * @throws {WcError} `E_SHAPE` for fewer than 2 clusters; `E_RANGE` for a non-finite statistic; `E_ARGUMENT` for bad options.
 * @example
 * const y = [1, 2, 3, 4, 5, 6];
 * clusterBootstrap([0, 0, 1, 1, 2, 2], (rows) => rows.reduce((a, i) => a + y[i], 0) / rows.length, { seed: 3 });
 */
export function clusterBootstrap(clusters: ArrayLike<number | string>, statistic: (rows: Int32Array) => number, options: BootstrapOptions = {}): BootstrapResult {
  const where = "clusterBootstrap";
  const { b, level, method } = resolve(options, where);
  const groups = groupRows(clusters, where);
  const g = groups.length;
  if (g < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 clusters, got ${g}`);
  const rng = toRandomSource(options.seed ?? 0, where);
  const n = clusters.length;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const estimate = checkStat(statistic(all), where);
  const dist = new Float64Array(b);
  const pick = new Int32Array(g);
  for (let r = 0; r < b; r++) {
    let len = 0;
    for (let k = 0; k < g; k++) {
      pick[k] = randomIndex(rng, g);
      len += groups[pick[k] as number]!.length;
    }
    const rows = new Int32Array(len);
    let o = 0;
    for (let k = 0; k < g; k++) {
      const gr = groups[pick[k] as number]!;
      rows.set(gr, o);
      o += gr.length;
    }
    dist[r] = checkStat(statistic(rows), where);
  }
  let jack: Float64Array | null = null;
  if (method === "bca") {
    const label = new Int32Array(n);
    groups.forEach((rows, k) => rows.forEach((i) => (label[i] = k)));
    jack = new Float64Array(g);
    for (let k = 0; k < g; k++) {
      const rows = new Int32Array(n - groups[k]!.length);
      let j = 0;
      for (let i = 0; i < n; i++) if (label[i] !== k) rows[j++] = i;
      jack[k] = checkStat(statistic(rows), where);
    }
  }
  const ci = bootstrapInterval(estimate, dist, level, method, jack, where);
  return { estimate, ci, standardError: sdOf(dist), distribution: dist, method };
}
