import { WcError } from "../errors";
import { dtypeOf, type FloatTensor, type Tensor } from "../types";
import { mapRows, type Operand, type RowKernel } from "./binary";
import { commonFloatDType } from "./layout";

/** A uint8 tensor of 0/1 flags. */
export type Mask = Tensor<Uint8Array>;

function cmpKernel(op: number): RowKernel {
  return (ins, pin, iin, o, po, io, n) => {
    const a = ins[0]!;
    const b = ins[1]!;
    let pa = pin[0]!;
    let pb = pin[1]!;
    const ia = iin[0]!;
    const ib = iin[1]!;
    switch (op) {
      case 0:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! > b[pb]! ? 1 : 0;
        return;
      case 1:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! >= b[pb]! ? 1 : 0;
        return;
      case 2:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! < b[pb]! ? 1 : 0;
        return;
      case 3:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! <= b[pb]! ? 1 : 0;
        return;
      case 4:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! === b[pb]! ? 1 : 0;
        return;
      default:
        for (let j = 0; j < n; j++, pa += ia, pb += ib, po += io) o[po] = a[pa]! !== b[pb]! ? 1 : 0;
    }
  };
}

function compare(op: number, a: Operand, b: Operand, where: string): Mask {
  if (typeof a === "number" && typeof b === "number") {
    throw new WcError("E_ARGUMENT", `${where}: at least one operand must be a tensor, got two numbers`);
  }
  commonFloatDType([a, b], where);
  return mapRows([a, b], "uint8", cmpKernel(op), where) as Mask;
}

/**
 * Elementwise `a > b` as a uint8 mask (1 true, 0 false) with broadcasting (see {@link add}).
 * Comparisons with NaN are false (IEEE), so NaN elements give 0.
 * @throws {WcError} `E_SHAPE` when shapes do not broadcast; `E_DTYPE` for integer or mixed float
 *   dtypes; `E_ARGUMENT` for two numbers.
 * @example
 * greater(fromNested([1, 5]), 2); // uint8 [0, 1]
 */
export function greater(a: Operand, b: Operand): Mask {
  return compare(0, a, b, "greater");
}

/**
 * Elementwise `a >= b` as a uint8 mask (see {@link greater}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link greater}.
 * @example
 * greaterEqual(x, 0);
 */
export function greaterEqual(a: Operand, b: Operand): Mask {
  return compare(1, a, b, "greaterEqual");
}

/**
 * Elementwise `a < b` as a uint8 mask (see {@link greater}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link greater}.
 * @example
 * less(abs(W), 1e-3); // small weights
 */
export function less(a: Operand, b: Operand): Mask {
  return compare(2, a, b, "less");
}

/**
 * Elementwise `a <= b` as a uint8 mask (see {@link greater}).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link greater}.
 * @example
 * lessEqual(x, 1);
 */
export function lessEqual(a: Operand, b: Operand): Mask {
  return compare(3, a, b, "lessEqual");
}

/**
 * Elementwise `a === b` as a uint8 mask (0 and -0 are equal; NaN equals nothing).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link greater}.
 * @example
 * equal(x, 0); // zero pattern
 */
export function equal(a: Operand, b: Operand): Mask {
  return compare(4, a, b, "equal");
}

/**
 * Elementwise `a !== b` as a uint8 mask (NaN differs from everything, itself included).
 * @throws {WcError} `E_SHAPE`, `E_DTYPE`, `E_ARGUMENT` as {@link greater}.
 * @example
 * notEqual(x, 0); // non-zero pattern
 */
export function notEqual(a: Operand, b: Operand): Mask {
  return compare(5, a, b, "notEqual");
}

/**
 * `cond ? a : b` elementwise with broadcasting of all three (as `np.where(cond, a, b)`); any
 * non-zero mask value counts as true. The result has the float dtype of the tensor operands
 * (float64 when both a and b are numbers).
 * @param cond - a uint8 mask (e.g. from {@link greater})
 * @throws {WcError} `E_DTYPE` when cond is not uint8 or a/b are not floats of one dtype;
 *   `E_SHAPE` when shapes do not broadcast.
 * @example
 * where(greater(W, 0), W, 0); // ReLU
 */
export function where(cond: Mask, a: Operand, b: Operand): FloatTensor {
  if (dtypeOf(cond) !== "uint8") {
    throw new WcError("E_DTYPE", `where: cond must be a uint8 mask, got ${dtypeOf(cond)}; build it with greater/less/...`);
  }
  const dtype = commonFloatDType([a, b], "where");
  return mapRows(
    [cond, a, b],
    dtype,
    (ins, pin, iin, o, po, io, n) => {
      const c = ins[0]!;
      const x = ins[1]!;
      const y = ins[2]!;
      let pc = pin[0]!;
      let px = pin[1]!;
      let py = pin[2]!;
      const ic = iin[0]!;
      const ix = iin[1]!;
      const iy = iin[2]!;
      for (let j = 0; j < n; j++, pc += ic, px += ix, py += iy, po += io) o[po] = c[pc] ? x[px]! : y[py]!;
    },
    "where",
  ) as FloatTensor;
}
