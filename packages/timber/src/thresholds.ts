import { WcError } from "@wc/tensor";
import { normalLogPdf } from "@wc/stats";

/**
 * The decision boundary between two adjacent latent levels: the t in [muLow, muHigh] where
 * piHigh N(t | muHigh, sdHigh) = piLow N(t | muLow, sdLow), found by 60 bisection steps. When the
 * densities do not cross inside the interval, the endpoint where the difference is smaller in
 * magnitude is returned (one level dominates the whole interval).
 *
 * @param piHigh - weight of the better level (e.g. mean pi_1).
 * @param muHigh - its mean.
 * @param sdHigh - its sd.
 * @param piLow - weight of the worse level.
 * @param muLow - its mean (< muHigh).
 * @param sdLow - its sd.
 * @returns the boundary t.
 * @throws {WcError} `E_RANGE` for non-positive weights or sds, NaN, or muLow >= muHigh.
 * @example
 * levelBoundary(0.5, 1, 0.1, 0.5, 0, 0.1); // 0.5
 */
export function levelBoundary(piHigh: number, muHigh: number, sdHigh: number, piLow: number, muLow: number, sdLow: number): number {
  if (!(piHigh > 0 && piLow > 0 && sdHigh > 0 && sdLow > 0 && muLow < muHigh) || ![piHigh, muHigh, sdHigh, piLow, muLow, sdLow].every(Number.isFinite)) {
    throw new WcError("E_RANGE", `levelBoundary: expected positive weights and sds and muLow < muHigh, got pi ${piHigh}/${piLow}, mu ${muHigh}/${muLow}, sd ${sdHigh}/${sdLow}`);
  }
  const f = (t: number): number =>
    Math.log(piHigh) + normalLogPdf(t, muHigh, sdHigh) - Math.log(piLow) - normalLogPdf(t, muLow, sdLow);
  let lo = muLow;
  let hi = muHigh;
  const flo = f(lo);
  const fhi = f(hi);
  if (!(flo < 0 && fhi > 0)) return Math.abs(flo) <= Math.abs(fhi) ? lo : hi;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}
