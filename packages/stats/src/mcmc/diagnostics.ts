import { WcError } from "@wc/tensor";
import { toFiniteF64 } from "../internal/checks";
import { rankAverage } from "../numeric/ranks";
import { normalQuantile } from "../distributions/normal";
import { quantileSorted } from "../numeric/descriptive";

function toChains(chains: readonly ArrayLike<number>[], where: string): Float64Array[] {
  if (!Array.isArray(chains) || chains.length === 0) throw new WcError("E_SHAPE", `${where}: expected a non-empty array of chains`);
  const out = chains.map((c, i) => toFiniteF64(c, where, `chains[${i}]`));
  const n = out[0]!.length;
  for (const c of out) if (c.length !== n) throw new WcError("E_SHAPE", `${where}: chains must have equal lengths, got ${out.map((x) => x.length).join(", ")}`);
  if (n < 4) throw new WcError("E_SHAPE", `${where}: need at least 4 draws per chain, got ${n}`);
  return out;
}

/** Splits each chain in half (dropping the middle draw when the length is odd). */
function split(chains: Float64Array[]): Float64Array[] {
  const n = chains[0]!.length;
  const h = Math.floor(n / 2);
  const out: Float64Array[] = [];
  for (const c of chains) {
    out.push(c.slice(0, h));
    out.push(c.slice(n - h));
  }
  return out;
}

/** Rank-normalises all draws jointly: Phi^-1((rank - 3/8) / (S + 1/4)). */
function zScale(chains: Float64Array[]): Float64Array[] {
  const n = chains[0]!.length;
  const all = new Float64Array(chains.length * n);
  chains.forEach((c, i) => all.set(c, i * n));
  const r = rankAverage(all);
  const s = all.length;
  for (let i = 0; i < s; i++) all[i] = normalQuantile(((r[i] as number) - 0.375) / (s + 0.25));
  return chains.map((_, i) => all.slice(i * n, (i + 1) * n));
}

function meanVar(c: Float64Array): [number, number] {
  let m = 0;
  for (let i = 0; i < c.length; i++) m += c[i] as number;
  m /= c.length;
  let v = 0;
  for (let i = 0; i < c.length; i++) v += ((c[i] as number) - m) ** 2;
  return [m, v / (c.length - 1)];
}

function rhatBasic(chains: Float64Array[]): number {
  const n = chains[0]!.length;
  const stats = chains.map(meanVar);
  const w = stats.reduce((a, s) => a + s[1], 0) / stats.length;
  const mm = stats.reduce((a, s) => a + s[0], 0) / stats.length;
  const b = (n * stats.reduce((a, s) => a + (s[0] - mm) ** 2, 0)) / (stats.length - 1);
  if (w === 0) return b === 0 ? 1 : Infinity;
  return Math.sqrt((((n - 1) / n) * w + b / n) / w);
}

/**
 * Rank-normalised split R-hat (Vehtari, Gelman, Simpson, Carpenter and Buerkner 2021): the larger of
 * the bulk R-hat (split, rank-normalised draws) and the tail R-hat (same on |x - median|).
 *
 * @param chains - one array of draws of a scalar per chain (equal lengths, >= 4 draws).
 * @returns R-hat (1 at convergence; > 1.01 signals a problem).
 * @throws {WcError} `E_SHAPE` for empty/unequal/short chains; `E_RANGE` for NaN/Inf draws.
 * @example
 * rhat([chain1, chain2, chain3, chain4]);
 */
export function rhat(chains: readonly ArrayLike<number>[]): number {
  const c = toChains(chains, "rhat");
  const bulk = rhatBasic(zScale(split(c)));
  const all = Float64Array.from(c.flatMap((x) => Array.from(x))).sort();
  const med = quantileSorted(all, 0.5);
  const folded = c.map((x) => x.map((v) => Math.abs(v - med)));
  const tail = rhatBasic(zScale(split(folded)));
  return Math.max(bulk, tail);
}

/** Geyer initial-monotone-sequence ESS of (already split/transformed) chains, as ArviZ `_ess`. */
function essRaw(chains: Float64Array[]): number {
  const m = chains.length;
  const n = chains[0]!.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains) for (const v of c) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi - lo < 1e-15) return m * n;
  const means = chains.map((c) => c.reduce((a, b) => a + b, 0) / n);
  // biased autocovariance at lag t, averaged over chains, computed on demand
  const acovMean = (t: number): number => {
    let s = 0;
    chains.forEach((c, k) => {
      const mu = means[k] as number;
      let a = 0;
      for (let i = 0; i + t < n; i++) a += ((c[i] as number) - mu) * ((c[i + t] as number) - mu);
      s += a / n;
    });
    return s / m;
  };
  const meanVar = (acovMean(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) {
    const mm = means.reduce((a, b) => a + b, 0) / m;
    varPlus += means.reduce((a, b) => a + (b - mm) ** 2, 0) / (m - 1);
  }
  const rho = new Float64Array(n);
  let even = 1;
  rho[0] = even;
  let odd = 1 - (meanVar - acovMean(1)) / varPlus;
  rho[1] = odd;
  let t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = 1 - (meanVar - acovMean(t + 1)) / varPlus;
    odd = 1 - (meanVar - acovMean(t + 2)) / varPlus;
    if (even + odd >= 0) {
      rho[t + 1] = even;
      rho[t + 2] = odd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (even > 0) rho[maxT + 1] = even;
  for (let u = 1; u <= maxT - 2; u += 2) {
    if ((rho[u + 1] as number) + (rho[u + 2] as number) > (rho[u - 1] as number) + (rho[u] as number)) {
      rho[u + 1] = ((rho[u - 1] as number) + (rho[u] as number)) / 2;
      rho[u + 2] = rho[u + 1] as number;
    }
  }
  let s = 0;
  for (let u = 0; u <= maxT; u++) s += rho[u] as number;
  let tau = -1 + 2 * s + (maxT + 1 < n ? (rho[maxT + 1] as number) : 0);
  const total = m * n;
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * Bulk effective sample size: Geyer's initial-monotone-sequence ESS of the split, rank-normalised
 * chains (Vehtari et al. 2021; ArviZ `ess(method='bulk')`).
 *
 * @param chains - one array of draws per chain (equal lengths, >= 4).
 * @returns ESS (can exceed the number of draws for antithetic chains).
 * @throws {WcError} `E_SHAPE` for bad chain shapes; `E_RANGE` for NaN/Inf draws.
 * @example
 * essBulk([chain1, chain2]);
 */
export function essBulk(chains: readonly ArrayLike<number>[]): number {
  return essRaw(zScale(split(toChains(chains, "essBulk"))));
}

/**
 * Tail effective sample size: the smaller ESS of the indicators x <= q05 and x <= q95 on split
 * chains (Vehtari et al. 2021; ArviZ `ess(method='tail')`).
 *
 * @param chains - one array of draws per chain (equal lengths, >= 4).
 * @returns tail ESS.
 * @throws {WcError} `E_SHAPE` for bad chain shapes; `E_RANGE` for NaN/Inf draws.
 * @example
 * essTail([chain1, chain2]);
 */
export function essTail(chains: readonly ArrayLike<number>[]): number {
  const c = split(toChains(chains, "essTail"));
  const all = Float64Array.from(c.flatMap((x) => Array.from(x))).sort();
  const q05 = quantileSorted(all, 0.05);
  const q95 = quantileSorted(all, 0.95);
  const lo = essRaw(c.map((x) => x.map((v) => (v <= q05 ? 1 : 0))));
  const hi = essRaw(c.map((x) => x.map((v) => (v <= q95 ? 1 : 0))));
  return Math.min(lo, hi);
}
