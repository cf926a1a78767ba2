import { WcError } from "@wc/tensor";
import { normalQuantile } from "../distributions/normal";
import { erf, expMinusSquare } from "./erf";

const SQRT_PI_OVER_2 = 0.886226925452758;

/**
 * Inverse complementary error function: erfc(erfcinv(q)) = q, accurate for tiny q.
 * @param q - in [0, 2].
 * @returns x with erfc(x) = q (`Infinity` at 0, `-Infinity` at 2).
 * @throws {WcError} `E_RANGE` for q outside [0, 2].
 * @example
 * erfcinv(1e-10); // 4.572824967389486
 */
export function erfcinv(q: number): number {
  if (!(q >= 0 && q <= 2)) throw new WcError("E_RANGE", `erfcinv: expected 0 <= q <= 2, got ${q}`);
  if (q > 1) return -erfcinv(2 - q);
  return -normalQuantile(q / 2) * Math.SQRT1_2;
}

/**
 * Inverse error function: erf(erfinv(y)) = y.
 * @param y - in [-1, 1].
 * @returns x with erf(x) = y (`+-Infinity` at +-1).
 * @throws {WcError} `E_RANGE` for y outside [-1, 1].
 * @example
 * erfinv(0.5); // 0.4769362762044699
 */
export function erfinv(y: number): number {
  if (!(y >= -1 && y <= 1)) throw new WcError("E_RANGE", `erfinv: expected -1 <= y <= 1, got ${y}`);
  if (y === 0) return y;
  const ay = Math.abs(y);
  let x: number;
  if (ay >= 0.5) {
    x = erfcinv(1 - ay);
  } else {
    x = -normalQuantile((1 - ay) / 2) * Math.SQRT1_2;
    for (let i = 0; i < 4; i++) {
      const r = erf(x) - ay;
      const xn = x - (r * SQRT_PI_OVER_2) / expMinusSquare(x);
      if (Math.abs(xn - x) <= 1e-16 * xn) {
        x = xn;
        break;
      }
      x = xn;
    }
  }
  return y < 0 ? -x : x;
}
