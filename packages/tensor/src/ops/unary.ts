import { WcError } from "../errors";
import { dtypeOf, type FloatTensor } from "../types";
import { assertFloat } from "../validate";
import { mapRows, type RowKernel } from "./binary";

const ABS = 0;
const SIGN = 1;
const NEG = 2;
const EXP = 3;
const LOG = 4;
const SQRT = 5;
const SQUARE = 6;
const CLAMP = 7;

function kernel(op: number, lo = 0, hi = 0): RowKernel {
  return (ins, pin, iin, o, po, io, n) => {
    const x = ins[0]!;
    let p = pin[0]!;
    const s = iin[0]!;
    switch (op) {
      case ABS:
        for (let j = 0; j < n; j++, p += s, po += io) o[po] = Math.abs(x[p]!);
        return;
      case SIGN:
        for (let j = 0; j < n; j++, p += s, po += io) {
          const v = x[p]!;
          o[po] = v > 0 ? 1 : v < 0 ? -1 : v; // keeps 0, -0 and NaN
        }
        return;
      case NEG:
        for (let j = 0; j < n; j++, p += s, po += io) o[po] = -x[p]!;
        return;
      case EXP:
        for (let j = 0; j < n; j++, p += s, po += io) o[po] = Math.exp(x[p]!);
        return;
      case LOG:
        for (let j = 0; j < n; j++, p += s, po += io) o[po] = Math.log(x[p]!);
        return;
      case SQRT:
        for (let j = 0; j < n; j++, p += s, po += io) o[po] = Math.sqrt(x[p]!);
        return;
      case SQUARE:
        for (let j = 0; j < n; j++, p += s, po += io) {
          const v = x[p]!;
          o[po] = v * v;
        }
        return;
      default:
        for (let j = 0; j < n; j++, p += s, po += io) {
          const v = x[p]!;
          o[po] = v < lo ? lo : v > hi ? hi : v; // NaN passes through
        }
    }
  };
}

function unary(op: number, x: FloatTensor, where: string, lo?: number, hi?: number): FloatTensor {
  assertFloat(x, where);
  return mapRows([x], dtypeOf(x), kernel(op, lo, hi), where) as FloatTensor;
}

/**
 * Elementwise |x| as a new tensor of x's dtype and shape (any strides).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * abs(fromNested([-1, 2])); // [1, 2]
 */
export function abs(x: FloatTensor): FloatTensor {
  return unary(ABS, x, "abs");
}

/**
 * Elementwise sign: 1 for positive, -1 for negative, and 0, -0 and NaN unchanged (as `np.sign`).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * sign(fromNested([-3, 0, 2])); // [-1, 0, 1]
 */
export function sign(x: FloatTensor): FloatTensor {
  return unary(SIGN, x, "sign");
}

/**
 * Elementwise `-x`.
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * neg(fromNested([1, -2])); // [-1, 2]
 */
export function neg(x: FloatTensor): FloatTensor {
  return unary(NEG, x, "neg");
}

/**
 * Elementwise `e^x` (Math.exp in double, rounded once to the dtype).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * exp(fromNested([0, 1])); // [1, 2.718281828459045]
 */
export function exp(x: FloatTensor): FloatTensor {
  return unary(EXP, x, "exp");
}

/**
 * Elementwise natural log; log(0) = -Infinity and log of a negative number is NaN (IEEE, as NumPy
 * without the warning).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * log(fromNested([1, Math.E])); // [0, 1]
 */
export function log(x: FloatTensor): FloatTensor {
  return unary(LOG, x, "log");
}

/**
 * Elementwise square root; negative inputs give NaN (IEEE).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * sqrt(fromNested([4, 9])); // [2, 3]
 */
export function sqrt(x: FloatTensor): FloatTensor {
  return unary(SQRT, x, "sqrt");
}

/**
 * Elementwise `x * x`.
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * square(fromNested([-3])); // [9]
 */
export function square(x: FloatTensor): FloatTensor {
  return unary(SQUARE, x, "square");
}

/** Options of {@link clamp}. */
export interface ClampOptions {
  /** Lower bound; default -Infinity (none). */
  min?: number;
  /** Upper bound; default +Infinity (none). */
  max?: number;
}

/**
 * Elementwise `min(max(x, min), max)` (as `np.clip`); NaN elements stay NaN.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_RANGE` when a bound is NaN or min > max.
 * @example
 * clamp(fromNested([-2, 0.5, 3]), { min: 0, max: 1 }); // [0, 0.5, 1]
 */
export function clamp(x: FloatTensor, options: ClampOptions = {}): FloatTensor {
  const { min = -Infinity, max = Infinity } = options;
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new WcError("E_RANGE", `clamp: expected min <= max (no NaN), got min=${min}, max=${max}`);
  }
  return unary(CLAMP, x, "clamp", min, max);
}

/**
 * Applies `fn(value, index)` to every element (index = position in row-major order of x's logical
 * shape) and returns the results as a new tensor of x's dtype and shape.
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * map(X, (v) => Math.tanh(v));
 */
export function map(x: FloatTensor, fn: (value: number, index: number) => number): FloatTensor {
  assertFloat(x, "map");
  let k = 0;
  return mapRows(
    [x],
    dtypeOf(x),
    (ins, pin, iin, o, po, io, n) => {
      const d = ins[0]!;
      let p = pin[0]!;
      const s = iin[0]!;
      for (let j = 0; j < n; j++, p += s, po += io) o[po] = fn(d[p]!, k++);
    },
    "map",
  ) as FloatTensor;
}
