import { WcError } from "@wc/tensor";
import { assertMinLength, assertSameLength, toFiniteF64 } from "../internal/checks";
import { argsortF64 } from "../internal/argsort";
import { erfc } from "../special/erf";
import type { Alternative } from "./pearson";

/** Options of {@link kendall}. */
export interface KendallOptions {
  /** 'a' (no tie correction), 'b' (default; ties corrected, SciPy's default) or 'c' (Stuart's, for rectangular tables). */
  variant?: "a" | "b" | "c";
  /** 'auto' (default: exact without ties when n <= 33 or min(dis, con) <= 1), 'exact' or 'asymptotic'. */
  method?: "auto" | "exact" | "asymptotic";
  /** Alternative hypothesis (default 'two-sided'). */
  alternative?: Alternative;
}

/** Result of {@link kendall}: the coefficient, its p-value and the pair counts behind them. */
export interface KendallResult {
  /** tau (of the requested variant). */
  readonly statistic: number;
  /** p-value (same for all variants: it depends only on concordant - discordant). */
  readonly pValue: number;
  /** Number of pairs of observations n. */
  readonly n: number;
  /** Concordant minus discordant pairs. */
  readonly concordantMinusDiscordant: number;
  /** Discordant pairs. */
  readonly discordant: number;
  /** The method the p-value used. */
  readonly method: "exact" | "asymptotic";
}

/** Dense 1-based ranks of `v` given its ascending order (internal). */
function denseRanks(v: Float64Array, order: Uint32Array, out: Int32Array): number {
  let r = 0;
  let prev = Number.NaN;
  for (let t = 0; t < order.length; t++) {
    const i = order[t] as number;
    const x = v[i] as number;
    if (t === 0 || x !== prev) r++;
    prev = x;
    out[i] = r;
  }
  return r;
}

/** [sum c(c-1)/2, sum c(c-1)(c-2), sum c(c-1)(2c+5)] over tie groups of sorted-by-value ranks (internal). */
function tieStats(counts: Float64Array): [number, number, number] {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < counts.length; i++) {
    const k = counts[i] as number;
    if (k > 1) {
      a += (k * (k - 1)) / 2;
      b += k * (k - 1) * (k - 2);
      c += k * (k - 1) * (2 * k + 5);
    }
  }
  return [a, b, c];
}

/**
 * Exact null distribution p-value of Kendall's statistic without ties (Kendall 1970), as SciPy's
 * `_kendall_p_exact(n, c)` with c concordant pairs (internal).
 */
export function kendallExactP(n: number, con: number, alternative: Alternative): number {
  const tot = (n * (n - 1)) / 2;
  const inRightTail = con >= tot - con;
  const c = Math.min(con, tot - con);
  let prob: number;
  let mass = 0;
  let massSet = true;
  if (n === 1) {
    prob = 1;
    mass = 1;
  } else if (n === 2) {
    prob = 1;
    mass = 0.5;
  } else if (c === 0) {
    prob = n < 171 ? 2 / factorial(n) : 0;
    mass = prob / 2;
  } else if (c === 1) {
    prob = n < 172 ? 2 / factorial(n - 1) : 0;
    mass = (n - 1) / factorial(n);
  } else if (4 * c === n * (n - 1) && alternative === "two-sided") {
    prob = 1;
    massSet = false;
  } else {
    // counts of permutations with k inversions, k <= c (Mahonian numbers), by cumulative sums
    let cur = new Float64Array(c + 1);
    cur[0] = 1;
    cur[1] = 1;
    const big = n >= 171;
    for (let j = 3; j <= n; j++) {
      const nxt = new Float64Array(c + 1);
      let s = 0;
      for (let k = 0; k <= c; k++) {
        s += cur[k] as number;
        nxt[k] = big ? s / j : s;
      }
      if (j <= c) for (let k = c; k >= j; k--) nxt[k] = (nxt[k] as number) - (nxt[k - j] as number);
      cur = nxt;
    }
    let tot2 = 0;
    for (let k = 0; k <= c; k++) tot2 += cur[k] as number;
    if (big) {
      prob = tot2;
      mass = (cur[c] as number) / 2;
    } else {
      const f = factorial(n);
      prob = (2 * tot2) / f;
      mass = (cur[c] as number) / f;
    }
  }
  if (alternative !== "two-sided") {
    if (inRightTail === (alternative === "greater")) prob /= 2;
    else prob = 1 - prob / 2 + (massSet ? mass : 0);
  }
  return Math.min(1, Math.max(0, prob));
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Kendall's rank correlation tau (variants a, b, c) in O(n log n) (Knight 1966), with SciPy
 * `kendalltau`'s p-values: the exact permutation distribution without ties for small n, else the
 * normal approximation with the tie-corrected variance. Variant 'a' uses the same p-value as 'b'
 * (SciPy has no tau-a).
 *
 * @param x - finite values.
 * @param y - finite values, same length, n >= 2.
 * @param options - variant (default 'b'), method (default 'auto'), alternative (default 'two-sided').
 * @returns {@link KendallResult}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 2; `E_RANGE` for NaN/Inf or an input whose values are all tied;
 * `E_ARGUMENT` for 'exact' with ties or unknown options.
 * @example
 * kendall([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]).statistic; // 0.4
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>, options: KendallOptions = {}): KendallResult {
  const where = "kendall";
  const variant = options.variant ?? "b";
  const alternative = options.alternative ?? "two-sided";
  let method = options.method ?? "auto";
  if (variant !== "a" && variant !== "b" && variant !== "c") throw new WcError("E_ARGUMENT", `${where}: variant must be 'a', 'b' or 'c', got ${String(variant)}`);
  if (method !== "auto" && method !== "exact" && method !== "asymptotic") throw new WcError("E_ARGUMENT", `${where}: method must be 'auto', 'exact' or 'asymptotic', got ${String(method)}`);
  if (alternative !== "two-sided" && alternative !== "less" && alternative !== "greater") {
    throw new WcError("E_ARGUMENT", `${where}: alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  const xs = toFiniteF64(x, where, "x");
  const ys = toFiniteF64(y, where, "y");
  assertSameLength(xs.length, ys.length, where);
  assertMinLength(xs.length, 2, where);
  const n = xs.length;
  const ry = new Int32Array(n);
  const rx = new Int32Array(n);
  const nyu = denseRanks(ys, argsortF64(ys), ry);
  const nxu = denseRanks(xs, argsortF64(xs), rx);
  // order by (x rank, y rank): radix on a combined integer key
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = (rx[i] as number) * (nyu + 1) + (ry[i] as number);
  const order = argsortF64(key);
  // discordant pairs = strict inversions of the y ranks in this order (Fenwick tree)
  const tree = new Float64Array(nyu + 1);
  let dis = 0;
  for (let t = 0; t < n; t++) {
    const r = ry[order[t] as number] as number;
    // count earlier entries with rank > r: t - (#earlier with rank <= r)
    let le = 0;
    for (let k = r; k > 0; k -= k & -k) le += tree[k] as number;
    dis += t - le;
    for (let k = r; k <= nyu; k += k & -k) tree[k] = (tree[k] as number) + 1;
  }
  // joint ties
  let ntie = 0;
  let run = 1;
  for (let t = 1; t <= n; t++) {
    if (t < n && key[order[t] as number] === key[order[t - 1] as number]) run++;
    else {
      ntie += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  const cx = new Float64Array(nxu + 1);
  const cy = new Float64Array(nyu + 1);
  for (let i = 0; i < n; i++) {
    cx[rx[i] as number] = (cx[rx[i] as number] as number) + 1;
    cy[ry[i] as number] = (cy[ry[i] as number] as number) + 1;
  }
  const [xtie, x0, x1] = tieStats(cx);
  const [ytie, y0, y1] = tieStats(cy);
  const tot = (n * (n - 1)) / 2;
  if (xtie === tot || ytie === tot) throw new WcError("E_RANGE", `${where}: all values of ${xtie === tot ? "x" : "y"} are tied, so tau is undefined`);
  const cmd = tot - xtie - ytie + ntie - 2 * dis;
  let tau: number;
  if (variant === "a") tau = cmd / tot;
  else if (variant === "b") tau = cmd / Math.sqrt(tot - xtie) / Math.sqrt(tot - ytie);
  else {
    const m = Math.min(nxu, nyu);
    tau = (2 * cmd) / ((n * n * (m - 1)) / m);
  }
  tau = Math.min(1, Math.max(-1, tau));
  if (method === "exact" && (xtie !== 0 || ytie !== 0)) throw new WcError("E_ARGUMENT", `${where}: ties found, so the exact method cannot be used; use 'asymptotic'`);
  if (method === "auto") method = xtie === 0 && ytie === 0 && (n <= 33 || Math.min(dis, tot - dis) <= 1) ? "exact" : "asymptotic";
  let p: number;
  if (method === "exact") p = kendallExactP(n, tot - dis, alternative);
  else {
    const m = n * (n - 1);
    const v = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / m + (n > 2 ? (x0 * y0) / (9 * m * (n - 2)) : 0);
    const z = cmd / Math.sqrt(v);
    if (alternative === "two-sided") p = erfc(Math.abs(z) * Math.SQRT1_2);
    else if (alternative === "greater") p = 0.5 * erfc(z * Math.SQRT1_2);
    else p = 0.5 * erfc(-z * Math.SQRT1_2);
  }
  return { statistic: tau, pValue: p, n, concordantMinusDiscordant: cmd, discordant: dis, method };
}
