import { WcError } from "@wc/tensor";
import { checkInt } from "../internal/checks";
import { toRows, type PointsInput } from "../internal/rows";
import { randomIndex, toRandomSource, type SeedOrRng } from "../internal/rng";

/** Options of {@link kMeans}. */
export interface KMeansOptions {
  /** Seed or random source (default 0). */
  seed?: SeedOrRng;
  /** Maximum Lloyd iterations per run (default 300). */
  maxIter?: number;
  /** Convergence tolerance on the centre shift, relative to the mean per-feature variance as in scikit-learn (default 1e-4). */
  tol?: number;
  /** Independent k-means++ restarts; the lowest inertia wins (default 1). */
  nInit?: number;
}

/** Result of {@link kMeans}. */
export interface KMeansResult {
  /** Cluster index per point. */
  readonly labels: Int32Array;
  /** k x d centres, row-major. */
  readonly centroids: Float64Array;
  /** Sum of squared distances of points to their centre. */
  readonly inertia: number;
  /** Lloyd iterations of the winning run. */
  readonly iterations: number;
}

/**
 * Seeded k-means: greedy k-means++ seeding (2 + floor(ln k) candidates per centre, as scikit-learn)
 * followed by Lloyd iterations; an emptied cluster is re-seeded at the point farthest from its centre.
 *
 * @param points - n x d data (2-D tensor or array of rows).
 * @param k - number of clusters, 1 <= k <= n.
 * @param options - seed (0), maxIter (300), tol (1e-4), nInit (1).
 * @returns {@link KMeansResult}.
 * @throws {WcError} `E_RANGE` for invalid k/options or NaN/Inf data; `E_SHAPE` for ragged rows.
 * @example
 * kMeans([[0], [0.1], [5], [5.1]], 2, { seed: 1 }).inertia; // 0.01
 */
export function kMeans(points: PointsInput, k: number, options: KMeansOptions = {}): KMeansResult {
  const where = "kMeans";
  const { data, n, d } = toRows(points, where);
  checkInt(k, 1, where, "k");
  if (k > n) throw new WcError("E_RANGE", `${where}: k = ${k} exceeds the number of points ${n}`);
  const maxIter = options.maxIter ?? 300;
  checkInt(maxIter, 1, where, "maxIter");
  const nInit = options.nInit ?? 1;
  checkInt(nInit, 1, where, "nInit");
  const tol0 = options.tol ?? 1e-4;
  if (!(tol0 >= 0)) throw new WcError("E_RANGE", `${where}: tol must be >= 0, got ${tol0}`);
  // scikit-learn scales tol by the mean feature variance
  let meanVar = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((data[i * d + j] as number) - m) ** 2;
    meanVar += v / n;
  }
  const tol = d > 0 ? (tol0 * meanVar) / d : 0;
  const rng = toRandomSource(options.seed ?? 0, where);
  let best: KMeansResult | null = null;
  for (let run = 0; run < nInit; run++) {
    const r = lloyd(data, n, d, k, seedPlusPlus(data, n, d, k, rng), maxIter, tol);
    if (best === null || r.inertia < best.inertia) best = r;
  }
  return best!;
}

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const u = (a[i * d + t] as number) - (b[j * d + t] as number);
    s += u * u;
  }
  return s;
}

function seedPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: { uniform(): number; normal(): number }): Float64Array {
  const c = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = randomIndex(rng, n);
  c.set(x.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(x, i, c, 0, d);
  const cand = new Float64Array(n);
  for (let m = 1; m < k; m++) {
    let pot = 0;
    for (let i = 0; i < n; i++) pot += closest[i] as number;
    let bestIdx = -1;
    let bestPot = Infinity;
    let bestD: Float64Array | null = null;
    for (let t = 0; t < trials; t++) {
      let u = rng.uniform() * pot;
      let idx = n - 1;
      for (let i = 0; i < n; i++) {
        u -= closest[i] as number;
        if (u < 0) {
          idx = i;
          break;
        }
      }
      if (pot === 0) idx = randomIndex(rng, n);
      let p = 0;
      for (let i = 0; i < n; i++) {
        cand[i] = Math.min(closest[i] as number, sqDist(x, i, x, idx, d));
        p += cand[i] as number;
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        bestD = cand.slice();
      }
    }
    c.set(x.subarray(bestIdx * d, bestIdx * d + d), m * d);
    closest.set(bestD!);
  }
  return c;
}

function lloyd(x: Float64Array, n: number, d: number, k: number, c0: Float64Array, maxIter: number, tol: number): KMeansResult {
  let c = c0;
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let it = 0;
  for (it = 1; it <= maxIter; it++) {
    for (let i = 0; i < n; i++) {
      let bj = 0;
      let bd = Infinity;
      for (let j = 0; j < k; j++) {
        const s = sqDist(x, i, c, j, d);
        if (s < bd) {
          bd = s;
          bj = j;
        }
      }
      labels[i] = bj;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = labels[i] as number;
      counts[j] = (counts[j] as number) + 1;
      for (let t = 0; t < d; t++) sums[j * d + t] = (sums[j * d + t] as number) + (x[i * d + t] as number);
    }
    const nc = new Float64Array(k * d);
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        // re-seed an empty cluster at the point farthest from its current centre
        let far = 0;
        let fd = -1;
        for (let i = 0; i < n; i++) {
          const s = sqDist(x, i, c, labels[i] as number, d);
          if (s > fd) {
            fd = s;
            far = i;
          }
        }
        nc.set(x.subarray(far * d, far * d + d), j * d);
      } else for (let t = 0; t < d; t++) nc[j * d + t] = (sums[j * d + t] as number) / (counts[j] as number);
    }
    let shift = 0;
    for (let t = 0; t < k * d; t++) shift += ((nc[t] as number) - (c[t] as number)) ** 2;
    c = nc;
    if (shift <= tol) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let bj = 0;
    let bd = Infinity;
    for (let j = 0; j < k; j++) {
      const s = sqDist(x, i, c, j, d);
      if (s < bd) {
        bd = s;
        bj = j;
      }
    }
    labels[i] = bj;
    inertia += bd;
  }
  return { labels, centroids: c, inertia, iterations: Math.min(it, maxIter) };
}
