import { WcError } from "@wc/tensor";
import { assertSameLength, checkLevel, toFiniteF64 } from "../internal/checks";
import { studentTQuantile } from "../distributions/student-t";
import { groupRows } from "./jackknife";

/** Options of {@link clusterRobustSE}. */
export interface ClusterRobustOptions {
  /** Point estimate to centre the t interval on (default: no interval). */
  estimate?: number;
  /** Confidence level of the interval (default 0.95). */
  confidenceLevel?: number;
}

/** Result of {@link clusterRobustSE}. */
export interface ClusterRobustResult {
  /** Cluster-robust standard error of the mean of the influence values. */
  readonly standardError: number;
  /** Degrees of freedom for t intervals: G - 1 (or n - 1 when G < 2). */
  readonly df: number;
  /** Number of clusters G. */
  readonly nClusters: number;
  /** estimate -+ t_{(1+level)/2, df} * SE, present when `estimate` was given. */
  readonly ci?: readonly [number, number];
}

/**
 * CRV1 cluster-robust standard error of a mean-type estimator from its influence values phi_i
 * (Liang-Zeger with the G/(G-1) small-sample factor, the form cje's `robust_inference.py` uses):
 * centre phi; T_g = sum_{i in g} phi_i, centred over clusters; Var = G/(G-1) * sum_g T_g^2 / n^2;
 * df = G - 1. With a single cluster it falls back to sd(phi, ddof 1)/sqrt(n) on n - 1 df.
 *
 * @param influence - influence values phi_i (finite), n >= 2.
 * @param clusters - cluster label per row (numbers or strings).
 * @param options - estimate (for a t interval), confidenceLevel (default 0.95).
 * @returns {@link ClusterRobustResult}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 2; `E_RANGE` for NaN/Inf or a bad level.
 * @example
 * clusterRobustSE([1, -1, 2, -2, 0.5, -0.5], [0, 0, 1, 1, 2, 2]).standardError; // 0 (every cluster sums to 0)
 */
export function clusterRobustSE(influence: ArrayLike<number>, clusters: ArrayLike<number | string>, options: ClusterRobustOptions = {}): ClusterRobustResult {
  const where = "clusterRobustSE";
  const phi = toFiniteF64(influence, where, "influence");
  assertSameLength(phi.length, clusters.length, where, "influence", "clusters");
  const n = phi.length;
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 observations, got ${n}`);
  const level = options.confidenceLevel ?? 0.95;
  checkLevel(level, where);
  let m = 0;
  for (let i = 0; i < n; i++) m += phi[i] as number;
  m /= n;
  const groups = groupRows(clusters, where);
  const g = groups.length;
  let se: number;
  let df: number;
  if (g < 2) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += ((phi[i] as number) - m) ** 2;
    se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    df = n - 1;
  } else {
    const t = groups.map((rows) => rows.reduce((a, i) => a + ((phi[i] as number) - m), 0));
    const tm = t.reduce((a, b) => a + b, 0) / g;
    const ss = t.reduce((a, b) => a + (b - tm) ** 2, 0);
    se = Math.sqrt(((g / (g - 1)) * ss) / (n * n));
    df = g - 1;
  }
  if (options.estimate === undefined) return { standardError: se, df, nClusters: g };
  if (!Number.isFinite(options.estimate)) throw new WcError("E_RANGE", `${where}: estimate must be finite, got ${options.estimate}`);
  const h = studentTQuantile((1 + level) / 2, df) * se;
  return { standardError: se, df, nClusters: g, ci: [options.estimate - h, options.estimate + h] };
}
