import { WcError } from "@wc/tensor";
import { toFiniteF64 } from "../internal/checks";

/** Result of {@link jackknife} and {@link clusterJackknife}. */
export interface JackknifeResult {
  /** The statistic on the full data. */
  readonly estimate: number;
  /** Leave-one-out (or leave-one-cluster-out) values, in observation (cluster) order. */
  readonly values: Float64Array;
  /** Jackknife bias (m - 1)(mean(values) - estimate). */
  readonly bias: number;
  /** Jackknife standard error sqrt((m - 1)/m * sum (values - mean)^2). */
  readonly standardError: number;
}

/** Internal: normalises one array or several paired arrays into validated Float64Arrays. */
export function toSamples(data: ArrayLike<number> | readonly ArrayLike<number>[], where: string): Float64Array[] {
  const multi = data.length > 0 && typeof (data as ArrayLike<unknown>)[0] === "object";
  const arrays = multi ? (data as readonly ArrayLike<number>[]).map((a, k) => toFiniteF64(a, where, `data[${k}]`)) : [toFiniteF64(data as ArrayLike<number>, where, "data")];
  const n = arrays[0]!.length;
  for (const a of arrays) if (a.length !== n) throw new WcError("E_SHAPE", `${where}: paired samples must have equal lengths, got ${arrays.map((b) => b.length).join(", ")}`);
  return arrays;
}

/** Internal: validates a statistic's return value. */
export function checkStat(v: number, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new WcError("E_RANGE", `${where}: the statistic returned ${String(v)}; it must return a finite number for every resample`);
  return v;
}

/** Internal: summarises leave-out values. */
export function summarizeJackknife(estimate: number, values: Float64Array): JackknifeResult {
  const m = values.length;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] as number;
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += ((values[i] as number) - mean) ** 2;
  return { estimate, values, bias: (m - 1) * (mean - estimate), standardError: Math.sqrt(((m - 1) / m) * ss) };
}

/** Internal: leave-one-out values of a statistic over paired samples. */
export function leaveOneOut(samples: Float64Array[], statistic: (...s: Float64Array[]) => number, where: string): Float64Array {
  const n = samples[0]!.length;
  const out = new Float64Array(n);
  const bufs = samples.map(() => new Float64Array(n - 1));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < samples.length; k++) {
      const s = samples[k]!;
      const b = bufs[k]!;
      b.set(s.subarray(0, i), 0);
      b.set(s.subarray(i + 1), i);
    }
    out[i] = checkStat(statistic(...bufs.map((b) => b.slice())), where);
  }
  return out;
}

/**
 * Delete-one jackknife of a statistic (Quenouille-Tukey): bias and standard error.
 *
 * @param data - one sample, or several paired samples of equal length (rows deleted jointly); n >= 2.
 * @param statistic - maps the sample(s) to a finite number; receives fresh copies.
 * @returns {@link JackknifeResult}.
 * @throws {WcError} `E_SHAPE` for n < 2 or unequal paired lengths; `E_RANGE` for NaN/Inf data or a non-finite statistic.
 * @example
 * jackknife([1, 2, 3, 4], (s) => s.reduce((a, b) => a + b) / s.length).standardError; // sd / sqrt(n) = 0.6454972243679028
 */
export function jackknife(data: ArrayLike<number> | readonly ArrayLike<number>[], statistic: (...samples: Float64Array[]) => number): JackknifeResult {
  const where = "jackknife";
  const samples = toSamples(data, where);
  if (samples[0]!.length < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 observations, got ${samples[0]!.length}`);
  const est = checkStat(statistic(...samples.map((s) => s.slice())), where);
  return summarizeJackknife(est, leaveOneOut(samples, statistic, where));
}

/** Internal: groups row indices by cluster label; returns the rows of each cluster in first-seen order. */
export function groupRows(clusters: ArrayLike<number | string>, where: string): Int32Array[] {
  const map = new Map<number | string, number[]>();
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i] as number | string;
    if (typeof c === "number" && !Number.isFinite(c)) throw new WcError("E_RANGE", `${where}: clusters[${i}] = ${c} is not a finite label`);
    let g = map.get(c);
    if (!g) {
      g = [];
      map.set(c, g);
    }
    g.push(i);
  }
  return [...map.values()].map((g) => Int32Array.from(g));
}

/**
 * Delete-one-cluster jackknife: the statistic recomputed with each cluster's rows removed.
 *
 * @param clusters - a cluster label per row (numbers or strings).
 * @param statistic - maps an array of row indices (ascending) to a finite number.
 * @returns {@link JackknifeResult} with one value per cluster (clusters in first-seen order).
 * @throws {WcError} `E_SHAPE` for fewer than 2 clusters; `E_RANGE` for invalid labels or a non-finite statistic.
 * @example
 * const y = [1, 2, 3, 4, 5, 6];
 * clusterJackknife([0, 0, 1, 1, 2, 2], (rows) => rows.reduce((a, i) => a + y[i], 0) / rows.length);
 */
export function clusterJackknife(clusters: ArrayLike<number | string>, statistic: (rows: Int32Array) => number): JackknifeResult {
  const where = "clusterJackknife";
  const groups = groupRows(clusters, where);
  const g = groups.length;
  if (g < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 clusters, got ${g}`);
  const n = clusters.length;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const est = checkStat(statistic(all), where);
  const label = new Int32Array(n);
  groups.forEach((rows, k) => rows.forEach((i) => (label[i] = k)));
  const values = new Float64Array(g);
  for (let k = 0; k < g; k++) {
    const rows = new Int32Array(n - groups[k]!.length);
    let j = 0;
    for (let i = 0; i < n; i++) if (label[i] !== k) rows[j++] = i;
    values[k] = checkStat(statistic(rows), where);
  }
  return summarizeJackknife(est, values);
}
