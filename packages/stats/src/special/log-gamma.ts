import { WcError } from "@wc/tensor";

const HALF_LOG_2PI = 0.91893853320467274178;

/**
 * Internal: the Stirling remainder lgamma(x) - [(x - 1/2) log x - x + log(2 pi)/2] for x >= 10
 * (Bernoulli-number series; seven terms give full double precision there).
 */
export function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/** Internal: log1p(u) - u, accurate also for small |u|. */
export function log1pmx(u: number): number {
  if (Math.abs(u) < 0.25) {
    // -(u^2/2 - u^3/3 + u^4/4 - ...)
    let term = u * u;
    let sum = 0;
    for (let k = 2; k < 80; k++) {
      const t = term / k;
      sum += k % 2 === 0 ? -t : t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
      term *= u;
    }
    return sum;
  }
  return Math.log1p(u) - u;
}

/**
 * Natural log of the absolute value of the gamma function.
 *
 * Stirling's series for x >= 10, the recurrence Gamma(x) = Gamma(x + n) / (x (x+1) ... (x+n-1)) below,
 * and the reflection formula for x < 0. Relative error about 1e-15 away from the roots x = 1 and 2,
 * absolute error about 1e-15 near them.
 *
 * @param x - any real number except 0 and negative integers.
 * @returns log |Gamma(x)|; `Infinity` at the poles x = 0, -1, -2, ...
 * @throws {WcError} `E_RANGE` if x is NaN.
 * @example
 * logGamma(5); // log(24) = 3.1780538303479458
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", "logGamma: x is NaN; pass a real number");
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
    const s = Math.abs(sinPi(x));
    return Math.log(Math.PI / s) - logGamma(1 - x);
  }
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  if (x === 1 || x === 2) return 0;
  let prod = 1;
  let y = x;
  while (y < 10) {
    prod *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingCorrection(y) - Math.log(prod);
}

/** sin(pi x) with exact zeros at integers. */
function sinPi(x: number): number {
  const r = x - 2 * Math.floor(x / 2); // in [0, 2)
  if (r === 0 || r === 1) return 0;
  return Math.sin(Math.PI * r);
}

/**
 * The gamma function Gamma(x) (exp of {@link logGamma} with the sign restored).
 *
 * @param x - a real number.
 * @returns Gamma(x); `Infinity` overflow beyond x ~ 171.6; NaN-free: poles give `Infinity`.
 * @throws {WcError} `E_RANGE` if x is NaN.
 * @example
 * gammaFunction(0.5); // sqrt(pi) = 1.7724538509055159
 */
export function gammaFunction(x: number): number {
  if (Number.isInteger(x) && x > 0 && x < 171) {
    let f = 1;
    for (let i = 2; i < x; i++) f *= i;
    return f;
  }
  const lg = logGamma(x);
  if (x > 0) return Math.exp(lg);
  if (Number.isInteger(x)) return Infinity;
  const sign = Math.floor(x) % 2 === 0 ? 1 : -1;
  return sign * Math.exp(lg);
}

/**
 * log of Gamma(x + b) / Gamma(x) for x >= 10 computed without cancellation (internal).
 */
function logGammaRatioLarge(x: number, b: number): number {
  // (x+b-1/2) log(x+b) - (x-1/2) log x - b + corr(x+b) - corr(x)
  return (x - 0.5) * Math.log1p(b / x) + b * Math.log(x + b) - b + stirlingCorrection(x + b) - stirlingCorrection(x);
}

/**
 * Natural log of the beta function B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b), with the large-argument
 * terms combined analytically so that no large logs cancel.
 *
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns log B(a, b).
 * @throws {WcError} `E_RANGE` unless a > 0 and b > 0.
 * @example
 * logBeta(2, 3); // log(1/12) = -2.4849066497880004
 */
export function logBeta(a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || a === Infinity || b === Infinity) {
    throw new WcError("E_RANGE", `logBeta: expected finite a > 0 and b > 0, got a = ${a}, b = ${b}`);
  }
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo >= 10) {
    // Stirling for all three terms, grouped as (lo - 1/2) log(lo/(lo+hi)) + hi log(hi/(lo+hi)) + ...
    const s = lo + hi;
    return (
      HALF_LOG_2PI -
      0.5 * Math.log(hi) +
      (lo - 0.5) * Math.log(lo / s) +
      hi * Math.log1p(-lo / s) +
      stirlingCorrection(lo) +
      stirlingCorrection(hi) -
      stirlingCorrection(s)
    );
  }
  if (hi >= 10) return logGamma(lo) - logGammaRatioLarge(hi, lo);
  return logGamma(lo) + logGamma(hi) - logGamma(lo + hi);
}
