import { WcError } from "@wc/tensor";

/**
 * log(sum_i exp(x_i)) without overflow or underflow (SciPy `logsumexp`).
 * `-Infinity` entries are allowed (they contribute nothing); NaN and `+Infinity` are rejected.
 *
 * @param x - values (log-weights).
 * @returns the log of the sum of exponentials; `-Infinity` for an empty input or all `-Infinity`.
 * @throws {WcError} `E_RANGE` for NaN or `+Infinity` entries.
 * @example
 * logSumExp([1000, 1000]); // 1000 + log 2
 */
export function logSumExp(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v) || v === Infinity) throw new WcError("E_RANGE", `logSumExp: x[${i}] = ${v}; entries must be finite or -Infinity`);
    if (v > m) m = v;
  }
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp((x[i] as number) - m);
  return m + Math.log(s);
}

/**
 * log(exp(a) + exp(b)) computed stably (NumPy `logaddexp`).
 * @param a - a log value (may be -Infinity).
 * @param b - a log value (may be -Infinity).
 * @returns log(e^a + e^b).
 * @throws {WcError} `E_RANGE` for NaN.
 * @example
 * logAddExp(0, 0); // log 2
 */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new WcError("E_RANGE", "logAddExp: NaN argument");
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(1 + exp(x)) (softplus) without overflow and accurate for very negative x.
 * @param x - real number.
 * @returns log(1 + e^x).
 * @example
 * log1pExp(-50); // 1.9287498479639178e-22
 */
export function log1pExp(x: number): number {
  if (x > 36) return x + Math.exp(-x);
  if (x > -37) return Math.log1p(Math.exp(x));
  return Math.exp(x);
}

/**
 * log(1 - exp(x)) for x <= 0, choosing log(-expm1(x)) or log1p(-exp(x)) by Maechler's rule.
 * @param x - non-positive number.
 * @returns log(1 - e^x) (`-Infinity` at 0).
 * @throws {WcError} `E_RANGE` for x > 0 or NaN.
 * @example
 * log1mExp(-1e-20); // log(1e-20) = -46.051701859880914
 */
export function log1mExp(x: number): number {
  if (!(x <= 0)) throw new WcError("E_RANGE", `log1mExp: expected x <= 0, got ${x}`);
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * Softmax exp(x_i - logSumExp(x)) into a new Float64Array.
 * @param x - logits (finite or -Infinity, at least one finite).
 * @returns probabilities summing to 1.
 * @throws {WcError} `E_RANGE` for NaN/+Infinity entries or all `-Infinity`.
 * @example
 * softmax([0, Math.log(3)]); // Float64Array [0.25, 0.75]
 */
export function softmax(x: ArrayLike<number>): Float64Array {
  const l = logSumExp(x);
  if (l === -Infinity) throw new WcError("E_RANGE", "softmax: every entry is -Infinity (or the input is empty); need at least one finite logit");
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.exp((x[i] as number) - l);
  return out;
}
