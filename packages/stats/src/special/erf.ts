import { WcError } from "@wc/tensor";
import { gammaContinuedFraction } from "./incomplete-gamma";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/** exp(-x^2) without the rounding error of forming x^2 (x split into a 26-bit head and a tail). */
export function expMinusSquare(x: number): number {
  const hi = Math.round(x * 67108864) / 67108864;
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (2 * hi + lo));
}

/** erf(x) for 0 <= x < 2.5 from the all-positive series e^{-x^2} sum 2^n x^{2n+1} / (1*3*...*(2n+1)). */
function erfSeries(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
}

/** erfc(x) for x >= 2.5 via the continued fraction of Q(1/2, x^2). */
function erfcCf(x: number): number {
  if (x > 27.3) return 0;
  return expMinusSquare(x) * x * INV_SQRT_PI * gammaContinuedFraction(0.5, x * x);
}

function checkX(x: number, where: string): void {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", `${where}: x is NaN; pass a real number`);
}

/**
 * The error function erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt.
 *
 * @param x - a real number.
 * @returns erf(x) in [-1, 1], relative error about 1e-15.
 * @throws {WcError} `E_RANGE` if x is NaN.
 * @example
 * erf(1); // 0.8427007929497149
 */
export function erf(x: number): number {
  checkX(x, "erf");
  const ax = Math.abs(x);
  const v = ax < 2.5 ? erfSeries(ax) : 1 - erfcCf(ax);
  return x < 0 ? -v : v;
}

/**
 * The complementary error function erfc(x) = 1 - erf(x), accurate in the upper tail (no cancellation).
 *
 * @param x - a real number.
 * @returns erfc(x) in [0, 2].
 * @throws {WcError} `E_RANGE` if x is NaN.
 * @example
 * erfc(3); // 2.209049699858544e-5
 */
export function erfc(x: number): number {
  checkX(x, "erfc");
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSeries(x);
  if (x < 2.5) {
    // 1 - erf loses < 2 digits for x < 2.5; refine with the continued fraction when it converges fast
    return x < 1.3 ? 1 - erfSeries(x) : erfcCf(x);
  }
  return erfcCf(x);
}
