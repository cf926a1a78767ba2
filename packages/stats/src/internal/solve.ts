import { WcError } from "@wc/tensor";

/**
 * Internal: solves g(x) = 0 for an increasing g by Newton steps safeguarded with a bracket.
 * `g` returns the residual, `dg` its derivative. Infinite bracket ends are expanded geometrically;
 * with `positive` the bisection fallback is geometric so tiny roots are reached quickly.
 */
export function solveIncreasing(
  g: (x: number) => number,
  dg: (x: number) => number,
  x0: number,
  lo0: number,
  hi0: number,
  where: string,
  positive = false,
): number {
  let lo = lo0;
  let hi = hi0;
  let x = x0;
  for (let it = 0; it < 400; it++) {
    const r = g(x);
    if (r === 0) return x;
    if (r < 0) lo = x;
    else hi = x;
    const d = dg(x);
    let xn = x - r / d;
    if (!(xn > lo && xn < hi) || !Number.isFinite(xn)) {
      if (hi === Infinity) xn = x <= 0 ? 1 : x * 4;
      else if (lo === -Infinity) xn = x >= 0 ? -1 : x * 4;
      else if (positive && lo <= 0) xn = hi / 16;
      else if (positive && hi / lo > 4) xn = Math.sqrt(lo * hi);
      else xn = 0.5 * (lo + hi);
    }
    if (Math.abs(xn - x) <= 2e-16 * Math.abs(xn) || (Number.isFinite(hi - lo) && hi - lo <= 2e-16 * Math.abs(hi)) || xn === lo || xn === hi) return xn;
    x = xn;
  }
  throw new WcError("E_NOT_CONVERGED", `${where}: root finding did not converge in 400 steps (last x = ${x})`);
}
