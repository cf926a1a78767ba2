import { WcError } from "../errors";
import type { FloatTensor, Tensor } from "../types";
import { assertFloat } from "../validate";
import { mapRows, mapRowsInto, type Operand, type RowKernel } from "./binary";
import { commonFloatDType } from "./layout";

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;

/** Row kernel of one arithmetic op, with a unit-stride fast path. */
function arith(op: number, alpha = 1): RowKernel {
  return (ins, pin, iin, o, po, io, n) => {
    const a = ins[0]!;
    const b = ins[1]!;
    let pa = pin[0]!;
    let pb = pin[1]!;
    const ia = iin[0]!;
    const ib = iin[1]!;
    if (ia === 1 && ib === 1 && io === 1) {
      const da = pa - po;
      const db = pb - po;
      const end = po + n;
      switch (op) {
        case ADD:
          for (let j = po; j < end; j++) o[j] = a[j + da]! + b[j + db]!;
          return;
        case SUB:
          for (let j = po; j < end; j++) o[j] = a[j + da]! - b[j + db]!;
          return;
        case MUL:
          for (let j = po; j < end; j++) o[j] = a[j + da]! * b[j + db]!;
          return;
        case DIV:
          for (let j = po; j < end; j++) o[j] = a[j + da]! / b[j + db]!;
          return;
        default:
          for (let j = po; j < end; j++) o[j] = alpha * a[j + da]! + b[j + db]!;
          return;
      }
    }
    switch (op) {
      case ADD:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! + b[pb]!;
        return;
      case SUB:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! - b[pb]!;
        return;
      case MUL:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! * b[pb]!;
        return;
      case DIV:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! / b[pb]!;
        return;
      default:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = alpha * a[pa]! + b[pb]!;
    }
  };
}

function binary(op: number, a: Operand, b: Operand, where: string, alpha = 1): FloatTensor {
  if (typeof a === "number" && typeof b === "number") {
    throw new WcError("E_ARGUMENT", `${where}: at least one operand must be a tensor, got two numbers`);
  }
  const dtype = commonFloatDType([a, b], where);
  return mapRows([a, b], dtype, arith(op, alpha), where) as FloatTensor;
}

function inPlace(op: number, target: Tensor, b: Operand, where: string, alpha = 1): FloatTensor {
  assertFloat(target, where);
  commonFloatDType([target, b], where);
  return mapRowsInto(target, [target, b], arith(op, alpha), where) as FloatTensor;
}

/**
 * Elementwise `a + b` with NumPy broadcasting (trailing axes aligned, extents equal or 1; a number
 * broadcasts everywhere). Works on any strides; returns a new row-major tensor of the inputs'
 * dtype, computed in double and rounded once. NaN and Inf follow IEEE arithmetic.
 * @param a - float tensor or number
 * @param b - float tensor or number (at least one of a, b is a tensor)
 * @returns a new tensor of the broadcast shape
 * @throws {WcError} `E_SHAPE` when the shapes do not broadcast; `E_DTYPE` for integer tensors or
 *   float32 mixed with float64; `E_ARGUMENT` when both operands are numbers.
 * @example
 * add(fromNested([[1, 2], [3, 4]]), fromNested([10, 20])); // [[11, 22], [13, 24]] (row broadcast)
 */
export function add(a: Operand, b: Operand): FloatTensor {
  return binary(ADD, a, b, "add");
}

/**
 * Elementwise `a - b` with broadcasting (see {@link add} for the rules).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link add}.
 * @example
 * sub(X, mean(X, { axis: 0, keepdims: true })); // centre the columns
 */
export function sub(a: Operand, b: Operand): FloatTensor {
  return binary(SUB, a, b, "sub");
}

/**
 * Elementwise `a * b` with broadcasting (see {@link add}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link add}.
 * @example
 * mul(W, fromNested([[2], [3]])); // scale row 0 by 2 and row 1 by 3 (column broadcast)
 */
export function mul(a: Operand, b: Operand): FloatTensor {
  return binary(MUL, a, b, "mul");
}

/**
 * Elementwise `a / b` with broadcasting (see {@link add}); division by zero gives +-Inf or NaN (IEEE).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link add}.
 * @example
 * div(X, colNorms(X)); // normalise the columns
 */
export function div(a: Operand, b: Operand): FloatTensor {
  return binary(DIV, a, b, "div");
}

/**
 * `alpha * x + y` (BLAS axpy) with broadcasting, as a new tensor.
 * @throws {WcError} `E_SHAPE`, `E_DTYPE` as {@link add}; `E_RANGE` when alpha is not a finite number.
 * @example
 * axpy(-0.1, grad, W); // W - 0.1 grad
 */
export function axpy(alpha: number, x: FloatTensor, y: FloatTensor): FloatTensor {
  checkAlpha(alpha, "axpy");
  return binary(4, x, y, "axpy", alpha);
}

/**
 * `y += alpha * x`, writing into `y` (any strides); `x` broadcasts to `y`'s shape. Returns `y`.
 * @throws {WcError} `E_SHAPE` when x does not broadcast to y; `E_DTYPE`; `E_RANGE` for a non-finite alpha.
 * @example
 * axpyInPlace(-lr, grad, W);
 */
export function axpyInPlace(alpha: number, x: FloatTensor, y: FloatTensor): FloatTensor {
  checkAlpha(alpha, "axpyInPlace");
  assertFloat(y, "axpyInPlace");
  commonFloatDType([x, y], "axpyInPlace");
  return mapRowsInto(y, [x, y], arith(4, alpha), "axpyInPlace") as FloatTensor;
}

function checkAlpha(alpha: number, where: string): void {
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) {
    throw new WcError("E_RANGE", `${where}: alpha must be a finite number, got ${alpha}`);
  }
}

/**
 * `a += b` in place (b broadcasts to a's shape; a may be a strided view). Returns `a`.
 * @throws {WcError} `E_SHAPE` when b does not broadcast to a; `E_DTYPE`.
 * @example
 * addInPlace(W, delta);
 */
export function addInPlace(a: FloatTensor, b: Operand): FloatTensor {
  return inPlace(ADD, a, b, "addInPlace");
}

/**
 * `a -= b` in place (see {@link addInPlace}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`.
 * @example
 * subInPlace(W, delta);
 */
export function subInPlace(a: FloatTensor, b: Operand): FloatTensor {
  return inPlace(SUB, a, b, "subInPlace");
}

/**
 * `a *= b` in place (see {@link addInPlace}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`.
 * @example
 * mulInPlace(W, mask);
 */
export function mulInPlace(a: FloatTensor, b: Operand): FloatTensor {
  return inPlace(MUL, a, b, "mulInPlace");
}

/**
 * `a /= b` in place (see {@link addInPlace}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`.
 * @example
 * divInPlace(W, rowNorms(W, { keepdims: true }));
 */
export function divInPlace(a: FloatTensor, b: Operand): FloatTensor {
  return inPlace(DIV, a, b, "divInPlace");
}

/**
 * `alpha * x` as a new tensor.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_RANGE` when alpha is not finite.
 * @example
 * scale(W, 0.5);
 */
export function scale(x: FloatTensor, alpha: number): FloatTensor {
  checkAlpha(alpha, "scale");
  assertFloat(x, "scale");
  return binary(MUL, x, alpha, "scale");
}

/**
 * `x *= alpha` in place. Returns `x`.
 * @throws {WcError} `E_DTYPE`; `E_RANGE` when alpha is not finite.
 * @example
 * scaleInPlace(W, 0.5);
 */
export function scaleInPlace(x: FloatTensor, alpha: number): FloatTensor {
  checkAlpha(alpha, "scaleInPlace");
  return inPlace(MUL, x, alpha, "scaleInPlace");
}

