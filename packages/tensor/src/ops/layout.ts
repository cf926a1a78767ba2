/**
 * Internal iteration helpers of the ops: axis normalisation, NumPy broadcasting, and a row walker
 * that visits an n-d index space as rows of its (merged) last dimension, tracking one data offset
 * per operand. Kernels loop over a row with a plain stride; the walker runs once per row.
 */
import { WcError } from "../errors";
import { dtypeOf, type FloatDType, type Shape, type Tensor } from "../types";

const fmt = (s: Shape): string => `[${s.join(", ")}]`;

/** `axis` as a non-negative index (negative counts from the end). */
export function normalizeAxis(axis: number, ndim: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new WcError("E_SHAPE", `${where}: axis ${axis} is out of range for a ${ndim}-D tensor (valid: ${-ndim} .. ${ndim - 1})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** The NumPy broadcast of several shapes (trailing dimensions aligned; extents equal or 1). */
export function broadcastShapes(shapes: readonly Shape[], where: string): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const k = nd - s.length + i;
      const e = s[i]!;
      if (e === out[k]) continue;
      if (out[k] === 1) out[k] = e;
      else if (e !== 1) {
        throw new WcError(
          "E_SHAPE",
          `${where}: shapes ${shapes.map(fmt).join(" and ")} do not broadcast (axis ${k}: ${out[k]} vs ${e}); extents must match or be 1`,
          { shapes: shapes.map((x) => [...x]) },
        );
      }
    }
  }
  return out;
}

/** Strides of `t` aligned to `shape` (its broadcast target): 0 on new or stretched axes. */
export function broadcastStrides(t: Tensor, shape: Shape): number[] {
  const nd = shape.length;
  const off = nd - t.shape.length;
  const st = new Array<number>(nd).fill(0);
  for (let i = 0; i < t.shape.length; i++) st[off + i] = t.shape[i] === 1 ? 0 : t.stride[i]!;
  return st;
}

/** The common float dtype of the tensor operands (numbers adapt). */
export function commonFloatDType(operands: readonly (Tensor | number)[], where: string): FloatDType {
  let d: FloatDType | undefined;
  for (const o of operands) {
    if (typeof o === "number") continue;
    const t = dtypeOf(o);
    if (t !== "float32" && t !== "float64") {
      throw new WcError("E_DTYPE", `${where}: expected float32 or float64 tensors, got ${t}; convert with astype()`);
    }
    if (d !== undefined && d !== t) {
      throw new WcError("E_DTYPE", `${where}: dtypes differ (${d} vs ${t}); convert one with astype() first`);
    }
    d = t;
  }
  return d ?? "float64";
}

/**
 * Walks an index space as rows. Size-1 axes are dropped and adjacent axes merged when every
 * operand's strides allow, so a contiguous tensor is a single row with stride 1.
 */
export class RowWalker {
  /** Number of rows. */
  readonly rows: number;
  /** Length of each row. */
  readonly n: number;
  /** Per-operand stride along a row. */
  readonly inner: number[];
  /** Per-operand data offset of the current row's first element. */
  readonly pos: number[];
  private readonly shape: number[];
  private readonly strides: number[][];
  private readonly idx: number[];

  constructor(shape: Shape, strides: readonly (readonly number[])[], offsets: readonly number[]) {
    const k = strides.length;
    const sh: number[] = [];
    const st: number[][] = strides.map(() => []);
    let size = 1;
    for (let d = 0; d < shape.length; d++) {
      size *= shape[d]!;
      if (shape[d] === 1) continue;
      const last = sh.length - 1;
      if (last >= 0 && strides.every((s, o) => st[o]![last] === s[d]! * shape[d]!)) {
        sh[last] = sh[last]! * shape[d]!;
        for (let o = 0; o < k; o++) st[o]![last] = strides[o]![d]!;
        continue;
      }
      sh.push(shape[d]!);
      for (let o = 0; o < k; o++) st[o]!.push(strides[o]![d]!);
    }
    if (sh.length === 0) {
      sh.push(1);
      for (let o = 0; o < k; o++) st[o]!.push(0);
    }
    const nd = sh.length;
    this.n = size === 0 ? 0 : sh[nd - 1]!;
    this.rows = size === 0 ? 0 : size / this.n;
    this.inner = st.map((s) => s[nd - 1]!);
    this.pos = [...offsets];
    this.shape = sh.slice(0, nd - 1);
    this.strides = st.map((s) => s.slice(0, nd - 1));
    this.idx = new Array<number>(nd - 1).fill(0);
  }

  /** Moves `pos` to the next row. */
  next(): void {
    const { idx, shape, strides, pos } = this;
    for (let d = idx.length - 1; d >= 0; d--) {
      const e = shape[d]!;
      if (++idx[d]! < e) {
        for (let o = 0; o < pos.length; o++) pos[o] = pos[o]! + strides[o]![d]!;
        return;
      }
      idx[d] = 0;
      for (let o = 0; o < pos.length; o++) pos[o] = pos[o]! - strides[o]![d]! * (e - 1);
    }
  }
}
