import { WcError } from "@wc/tensor";
import { betaInc, normalSf } from "./special";

/** @internal Validate paired samples: same length ≥ 2, finite. */
export function checkPairs(fn: string, x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x == null || y == null || typeof x.length !== "number" || typeof y.length !== "number") {
    throw new WcError("E_ARGUMENT", `${fn}: expected two arrays of numbers`);
  }
  if (x.length !== y.length) {
    throw new WcError("E_SHAPE", `${fn}: expected x and y of equal length, got ${x.length} and ${y.length}`);
  }
  if (x.length < 2) throw new WcError("E_SHAPE", `${fn}: expected at least 2 pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new WcError("E_RANGE", `${fn}: expected finite values, found x[${i}] = ${x[i]}, y[${i}] = ${y[i]}; drop or impute NaN/Inf first`);
    }
  }
}

function pearsonRaw(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  const nx = Math.sqrt(sxx);
  const ny = Math.sqrt(syy);
  if (nx === 0 || ny === 0) return NaN;
  let r = 0;
  for (let i = 0; i < n; i++) r += ((x[i]! - mx) / nx) * ((y[i]! - my) / ny);
  return Math.max(-1, Math.min(1, r));
}

function tTestP(r: number, n: number): number {
  if (Number.isNaN(r)) return NaN;
  if (n === 2) return 1;
  if (Math.abs(r) === 1) return 0;
  return betaInc(1 - r * r, (n - 2) / 2, 0.5);
}

/**
 * Pearson's r with its two-sided p-value (Student t with n − 2 degrees of freedom, as SciPy's
 * `pearsonr`). Constant input gives NaN.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @returns `{ r, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @example
 * pearson([1, 2, 3], [1, 2, 4]).r; // 0.9819805060619657
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): { r: number; p: number } {
  checkPairs("pearson", x, y);
  const r = pearsonRaw(x, y);
  return { r, p: tTestP(r, x.length) };
}

/**
 * Average ranks, 1-based, ties sharing their mean rank (SciPy `rankdata(method='average')`).
 *
 * @param x - values
 * @returns ranks as Float64Array
 * @example
 * rankAverage([10, 20, 10]); // Float64Array [1.5, 3, 1.5]
 */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = avg;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's ρ (Pearson on average ranks) with SciPy's t-distribution p-value.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @returns `{ rho, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @example
 * spearman([1, 2, 3], [1, 2, 4]).rho; // 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): { rho: number; p: number } {
  checkPairs("spearman", x, y);
  const rho = pearsonRaw(rankAverage(x), rankAverage(y));
  return { rho, p: tTestP(rho, x.length) };
}

/** Options of {@link kendall}. */
export interface KendallOptions {
  /** τ variant: `'a'`, `'b'` (ties-adjusted, SciPy default) or `'c'` (Stuart). Default `'b'`. */
  variant?: "a" | "b" | "c";
  /** p-value method as SciPy: `'auto'`, `'exact'` (no ties only) or `'asymptotic'`. Default `'auto'`. */
  method?: "auto" | "exact" | "asymptotic";
}

/** Pair counts behind Kendall's τ. */
export interface KendallCounts {
  concordant: number;
  discordant: number;
  /** Pairs tied in x (joint ties included). */
  xTies: number;
  /** Pairs tied in y (joint ties included). */
  yTies: number;
  /** Pairs tied in both. */
  jointTies: number;
}

/**
 * Count concordant, discordant and tied pairs (O(n²)).
 *
 * @param x - first sample
 * @param y - second sample
 * @returns the pair counts
 * @example
 * kendallCounts([1, 2, 3], [1, 3, 2]).discordant; // 1
 */
export function kendallCounts(x: ArrayLike<number>, y: ArrayLike<number>): KendallCounts {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  let txy = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[i]! - x[j]!;
      const dy = y[i]! - y[j]!;
      if (dx === 0 && dy === 0) {
        txy++;
        tx++;
        ty++;
      } else if (dx === 0) tx++;
      else if (dy === 0) ty++;
      else if (dx > 0 === dy > 0) c++;
      else d++;
    }
  }
  return { concordant: c, discordant: d, xTies: tx, yTies: ty, jointTies: txy };
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Two-sided exact p of Kendall's statistic with `c` concordant pairs (SciPy `_kendall_p_exact`). */
function kendallPExact(n: number, cIn: number): number {
  const tot = (n * (n - 1)) / 2;
  const c = Math.min(cIn, tot - cIn);
  if (n === 1 || n === 2) return 1;
  if (c === 0) return n < 171 ? 2 / factorial(n) : 0;
  if (c === 1) return n < 172 ? 2 / factorial(n - 1) : 0;
  if (4 * c === n * (n - 1)) return 1;
  let cur = new Float64Array(c + 1);
  cur[0] = 1;
  cur[1] = 1;
  const normalise = n >= 171;
  for (let j = 3; j <= n; j++) {
    const next = new Float64Array(c + 1);
    let acc = 0;
    for (let k = 0; k <= c; k++) {
      acc += cur[k]!;
      next[k] = normalise ? acc / j : acc;
    }
    if (j <= c) {
      const snap = next.slice();
      for (let k = j; k <= c; k++) next[k] = snap[k]! - snap[k - j]!;
    }
    cur = next;
  }
  let s = 0;
  for (let k = 0; k <= c; k++) s += cur[k]!;
  const prob = normalise ? s : (2 * s) / factorial(n);
  return Math.min(1, Math.max(0, prob));
}

function tieStats(v: ArrayLike<number>): [number, number, number] {
  const counts = new Map<number, number>();
  for (let i = 0; i < v.length; i++) counts.set(v[i]!, (counts.get(v[i]!) ?? 0) + 1);
  let a = 0;
  let b = 0;
  let c = 0;
  for (const t of counts.values()) {
    if (t > 1) {
      a += (t * (t - 1)) / 2;
      b += t * (t - 1) * (t - 2);
      c += t * (t - 1) * (2 * t + 5);
    }
  }
  return [a, b, c];
}

/**
 * Kendall's τ (variants a, b, c) with SciPy's `kendalltau` p-value: exact permutation distribution
 * when there are no ties and (n ≤ 33 or min(C, D) ≤ 1) under `'auto'`, else the normal
 * approximation with tie-corrected variance. Constant input gives NaN.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @param options - `variant` `'b'`, `method` `'auto'`
 * @returns `{ tau, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @throws WcError E_ARGUMENT for `method: 'exact'` with ties, or unknown options
 * @example
 * kendall([1, 2, 3, 4], [1, 2, 4, 3]).tau; // 0.6666666666666666
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>, options: KendallOptions = {}): { tau: number; p: number } {
  checkPairs("kendall", x, y);
  const variant = options.variant ?? "b";
  const method = options.method ?? "auto";
  if (!["a", "b", "c"].includes(variant)) throw new WcError("E_ARGUMENT", `kendall: expected variant 'a', 'b' or 'c', got ${JSON.stringify(variant)}`);
  if (!["auto", "exact", "asymptotic"].includes(method)) {
    throw new WcError("E_ARGUMENT", `kendall: expected method 'auto', 'exact' or 'asymptotic', got ${JSON.stringify(method)}`);
  }
  const n = x.length;
  const k = kendallCounts(x, y);
  const tot = (n * (n - 1)) / 2;
  const [xtie, x0, x1] = tieStats(x);
  const [ytie, y0, y1] = tieStats(y);
  if (xtie === tot || ytie === tot) return { tau: NaN, p: NaN };
  const cmd = k.concordant - k.discordant;
  let tau: number;
  if (variant === "b") tau = cmd / Math.sqrt(tot - xtie) / Math.sqrt(tot - ytie);
  else if (variant === "a") tau = cmd / tot;
  else {
    const m = Math.min(new Set(Array.from(x)).size, new Set(Array.from(y)).size);
    tau = (2 * cmd) / ((n * n * (m - 1)) / m);
  }
  tau = Math.min(1, Math.max(-1, tau));
  const ties = xtie !== 0 || ytie !== 0;
  if (method === "exact" && ties) {
    throw new WcError("E_ARGUMENT", "kendall: ties found, the exact method needs untied data; use method 'asymptotic' or 'auto'");
  }
  let useExact = method === "exact";
  if (method === "auto") useExact = !ties && (n <= 33 || Math.min(k.discordant, tot - k.discordant) <= 1);
  let p: number;
  if (useExact) p = kendallPExact(n, tot - k.discordant);
  else {
    const m = n * (n - 1);
    const variance = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / m + (x0 * y0) / (9 * m * (n - 2));
    const z = cmd / Math.sqrt(variance);
    p = 2 * normalSf(Math.abs(z));
  }
  return { tau, p };
}
