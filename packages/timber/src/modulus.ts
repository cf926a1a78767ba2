import { WcError } from "@wc/tensor";
import { checkPositive, finiteArray } from "./checks";

/** Options of {@link moeThreePoint}. */
export interface MoeOptions {
  /** Lower end of the fitted segment as a fraction of the maximum load (default 0.1, EN 408). */
  lo?: number;
  /** Upper end of the fitted segment as a fraction of the maximum load (default 0.4, EN 408). */
  hi?: number;
}

/**
 * Flexural modulus of elasticity from a three-point bending test (EN 408 convention): the
 * least-squares slope k of load against mid-span deflection over the points whose load lies in
 * [lo, hi] x F_max, then E = k L^3 / (4 b h^3) (from delta = F L^3 / (48 E I), I = b h^3 / 12).
 *
 * Only the rising part of the curve up to the maximum load is used, so post-peak points never
 * enter the fit. Units: with load in N and lengths in mm, E is in N/mm^2.
 *
 * @param load - applied load per reading (N).
 * @param deflection - mid-span deflection per reading (mm), same length as `load`.
 * @param span - support span L (mm).
 * @param b - specimen width (mm).
 * @param h - specimen depth (mm).
 * @param options - see {@link MoeOptions}; defaults lo = 0.1, hi = 0.4.
 * @returns the modulus E.
 * @throws {WcError} `E_SHAPE` for unequal or empty arrays or fewer than two points in the segment;
 *   `E_RANGE` for NaN/Inf, non-positive geometry, a non-positive maximum load, 0 <= lo < hi <= 1
 *   violated, or a non-positive fitted slope.
 * @example
 * const d = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
 * moeThreePoint(d.map((x) => 2000 * x), d, 1000, 50, 100); // 10000
 */
export function moeThreePoint(
  load: readonly number[],
  deflection: readonly number[],
  span: number,
  b: number,
  h: number,
  options: MoeOptions = {},
): number {
  const where = "moeThreePoint";
  const F = finiteArray(load, where, "load");
  const d = finiteArray(deflection, where, "deflection");
  if (F.length !== d.length) {
    throw new WcError("E_SHAPE", `${where}: load and deflection must have equal lengths, got ${F.length} and ${d.length}`);
  }
  checkPositive(span, where, "span");
  checkPositive(b, where, "b");
  checkPositive(h, where, "h");
  const lo = options.lo ?? 0.1;
  const hi = options.hi ?? 0.4;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && lo < hi && hi <= 1)) {
    throw new WcError("E_RANGE", `${where}: expected 0 <= lo < hi <= 1, got lo = ${lo}, hi = ${hi}`);
  }
  let peak = 0;
  for (let i = 1; i < F.length; i++) if ((F[i] as number) > (F[peak] as number)) peak = i;
  const fMax = F[peak] as number;
  if (!(fMax > 0)) throw new WcError("E_RANGE", `${where}: the maximum load must be > 0, got ${fMax}`);
  // tiny relative slack so that readings exactly at 10%/40% of F_max are kept despite rounding
  const a = lo * fMax * (1 - 1e-12);
  const c = hi * fMax * (1 + 1e-12);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i <= peak; i++) {
    const f = F[i] as number;
    if (f >= a && f <= c) {
      n++;
      sx += d[i] as number;
      sy += f;
    }
  }
  if (n < 2) {
    throw new WcError("E_SHAPE", `${where}: need at least two readings with load in [${lo}, ${hi}] x F_max before the peak, found ${n}; record the curve more densely`);
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i <= peak; i++) {
    const f = F[i] as number;
    if (f >= a && f <= c) {
      const dx = (d[i] as number) - mx;
      sxy += dx * (f - my);
      sxx += dx * dx;
    }
  }
  if (!(sxx > 0)) throw new WcError("E_RANGE", `${where}: all deflections in the fitted segment are equal; the slope is undefined`);
  const k = sxy / sxx;
  if (!(k > 0)) throw new WcError("E_RANGE", `${where}: the fitted load-deflection slope is ${k}; expected a positive stiffness`);
  return (k * span ** 3) / (4 * b * h ** 3);
}
