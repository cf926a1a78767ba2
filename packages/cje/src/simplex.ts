import { solve, tensor } from "@wc/tensor";

/**
 * Minimum-variance mixture on the simplex (min pi' S pi, pi >= 0, sum pi = 1) by the active-set rule
 * of cje's SIMCal-W and stacking: on the active set pi is proportional to S^-1 1; if every entry is
 * >= -1e-10 the negatives are zeroed and pi renormalised, else the most negative index leaves the set.
 * Falls back to uniform weights after `maxRounds` or on a singular or non-finite solve.
 *
 * @param cov - K x K covariance, row-major (symmetric).
 * @param k - dimension K.
 * @param maxRounds - active-set rounds (20 in SIMCal-W, 50 in stacking).
 * @returns the mixture weights (length K).
 * @example
 * simplexMinVariance(new Float64Array([1, 0, 0, 4]), 2, 20); // [0.8, 0.2]
 */
export function simplexMinVariance(cov: Float64Array, k: number, maxRounds: number): Float64Array {
  const uniform = new Float64Array(k).fill(1 / k);
  let active = Array.from({ length: k }, (_, i) => i);
  for (let round = 0; round < maxRounds && active.length > 0; round++) {
    const m = active.length;
    const a = new Float64Array(m * m);
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) a[r * m + c] = cov[active[r]! * k + active[c]!]!;
    let x: Float64Array;
    try {
      x = solve(tensor(a, [m, m]), tensor(new Float64Array(m).fill(1), [m])).data;
    } catch {
      return uniform;
    }
    let s = 0;
    for (let i = 0; i < m; i++) s += x[i]!;
    if (!Number.isFinite(s) || s === 0) return uniform;
    let worst = -1;
    let worstVal = -1e-10;
    for (let i = 0; i < m; i++) {
      const p = x[i]! / s;
      if (!Number.isFinite(p)) return uniform;
      if (p < worstVal) {
        worstVal = p;
        worst = i;
      }
    }
    if (worst < 0) {
      const pi = new Float64Array(k);
      let t = 0;
      for (let i = 0; i < m; i++) {
        const p = Math.max(0, x[i]! / s);
        pi[active[i]!] = p;
        t += p;
      }
      if (!(t > 0)) return uniform;
      for (let i = 0; i < k; i++) pi[i] = pi[i]! / t;
      return pi;
    }
    active = active.filter((_, i) => i !== worst);
  }
  return uniform;
}
