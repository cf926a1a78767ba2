import ndarray from "ndarray";
import { WcError } from "./errors";
import { ARRAY_TYPES, dtypeOf, sizeOf, type DType, type Shape, type Tensor, type TensorData } from "./types";

/** Options for creation functions. */
export interface CreateOptions {
  /** Element type; default `"float64"`. */
  dtype?: DType;
}

function checkShape(shape: Shape, where: string): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new WcError("E_SHAPE", `${where}: expected non-negative integer extents, got [${shape.join(", ")}]`);
    }
  }
  return [...shape];
}

/** Row-major (C-order) strides of a shape. */
export function rowMajorStrides(shape: Shape): number[] {
  const stride = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = s;
    s *= shape[i]!;
  }
  return stride;
}

/**
 * Wraps a typed array as a row-major tensor of the given shape, without copying.
 * @throws {WcError} `E_SHAPE` when `data.length` differs from the shape's size.
 * @example
 * const m = tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
 */
export function tensor<T extends TensorData>(data: T, shape: Shape = [data.length]): Tensor<T> {
  const sh = checkShape(shape, "tensor");
  if (sizeOf(sh) !== data.length) {
    throw new WcError(
      "E_SHAPE",
      `tensor: data has ${data.length} elements but shape [${sh.join(", ")}] needs ${sizeOf(sh)}`,
    );
  }
  return ndarray(data, sh, rowMajorStrides(sh), 0) as Tensor<T>;
}

/** A new zero-filled typed array of a dtype. */
export function allocate(dtype: DType, n: number): TensorData {
  return new ARRAY_TYPES[dtype](n);
}

/**
 * A new tensor of zeros.
 * @example
 * zeros([2, 3], { dtype: "float32" });
 */
export function zeros(shape: Shape, options: CreateOptions = {}): Tensor {
  const sh = checkShape(shape, "zeros");
  return tensor(allocate(options.dtype ?? "float64", sizeOf(sh)), sh);
}

/** A new tensor filled with `value`. */
export function full(shape: Shape, value: number, options: CreateOptions = {}): Tensor {
  const t = zeros(shape, options);
  t.data.fill(value);
  return t;
}

/** A new tensor of ones. */
export function ones(shape: Shape, options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * The `n x m` identity-like matrix (ones on the main diagonal).
 * @example
 * eye(3); // 3x3 identity, float64
 */
export function eye(n: number, options: CreateOptions & { m?: number } = {}): Tensor {
  const m = options.m ?? n;
  const t = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** Nested arrays of numbers, any depth. */
export type Nested = number | readonly Nested[];

/**
 * A new tensor from nested arrays (rectangular).
 * @throws {WcError} `E_SHAPE` for ragged input; `E_ARGUMENT` for non-numbers.
 * @example
 * fromNested([[1, 2], [3, 4]]); // 2x2 float64
 */
export function fromNested(nested: Nested, options: CreateOptions = {}): Tensor {
  const shape: number[] = [];
  let cur: Nested = nested;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as Nested;
  }
  const out = allocate(options.dtype ?? "float64", sizeOf(shape));
  let k = 0;
  const walk = (x: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== "number") {
        throw new WcError("E_SHAPE", `fromNested: ragged input, expected a number at depth ${depth}, found an array`);
      }
      out[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new WcError(
        "E_SHAPE",
        `fromNested: ragged input, expected ${shape[depth]} entries at depth ${depth}, found ${Array.isArray(x) ? x.length : "a number"}`,
      );
    }
    for (const y of x) walk(y as Nested, depth + 1);
  };
  walk(nested, 0);
  return tensor(out, shape);
}

/**
 * Nested arrays of a tensor's values (plain numbers), honouring strides.
 * @example
 * toNested(eye(2)); // [[1, 0], [0, 1]]
 */
export function toNested(t: Tensor): Nested {
  const rec = (depth: number, off: number): Nested => {
    if (depth === t.shape.length) return t.data[off]!;
    const r: Nested[] = [];
    for (let i = 0; i < t.shape[depth]!; i++) r.push(rec(depth + 1, off + i * t.stride[depth]!));
    return r;
  };
  return rec(0, t.offset);
}

/**
 * `[start, start + step, ...)` up to but excluding `stop`, like NumPy's `arange`.
 * @throws {WcError} `E_RANGE` when `step` is 0 or not finite.
 */
export function arange(start: number, stop: number, step = 1, options: CreateOptions = {}): Tensor {
  if (!Number.isFinite(step) || step === 0) throw new WcError("E_RANGE", `arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const t = zeros([n], options);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return t;
}

/** `num` evenly spaced values from `start` to `stop` inclusive, like NumPy's `linspace`. */
export function linspace(start: number, stop: number, num: number, options: CreateOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new WcError("E_RANGE", `linspace: num must be a non-negative integer, got ${num}`);
  const t = zeros([num], options);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) t.data[i] = start + i * step;
  if (num > 1) t.data[num - 1] = stop;
  return t;
}

/** True when `t` is row-major contiguous with offset 0 and covers its whole buffer. */
export function isContiguous(t: Tensor): boolean {
  if (t.offset !== 0 || t.data.length !== t.size) return false;
  let s = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i]! !== 1 && t.stride[i]! !== s) return false;
    s *= t.shape[i]!;
  }
  return true;
}

/**
 * A new row-major contiguous copy of `t`, optionally converted to another dtype. Conversion
 * follows typed-array assignment: float32 rounds to nearest even, int32 truncates toward zero,
 * uint8 wraps modulo 256.
 */
export function copy(t: Tensor, options: CreateOptions = {}): Tensor {
  const dtype = options.dtype ?? dtypeOf(t);
  const out = allocate(dtype, t.size);
  const { shape, stride, data } = t;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = data[t.offset]!;
    return tensor(out, []);
  }
  if (isContiguous(t)) {
    out.set(data as ArrayLike<number>);
    return tensor(out, shape);
  }
  const last = nd - 1;
  const n = shape[last]!;
  const sl = stride[last]!;
  const idx = new Array<number>(nd).fill(0);
  const outer = n === 0 ? 0 : t.size / n;
  let k = 0;
  for (let o = 0; o < outer; o++) {
    let p = t.offset;
    for (let d = 0; d < last; d++) p += idx[d]! * stride[d]!;
    for (let j = 0; j < n; j++) out[k++] = data[p + j * sl]!;
    for (let d = last - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return tensor(out, shape);
}

/** `t` converted to `dtype`; returns `t` itself when it already has that dtype. */
export function astype(t: Tensor, dtype: DType): Tensor {
  return dtypeOf(t) === dtype ? t : copy(t, { dtype });
}

/** `t` itself when row-major contiguous, else a contiguous copy. Never copies when it need not. */
export function contiguous<T extends TensorData>(t: Tensor<T>): Tensor<T> {
  return (isContiguous(t) ? t : copy(t)) as Tensor<T>;
}

/**
 * A view with a new shape (no copy); `-1` infers one extent.
 * @throws {WcError} `E_SHAPE` when sizes differ or `t` is not contiguous (call `contiguous` first).
 */
export function reshape<T extends TensorData>(t: Tensor<T>, shape: Shape): Tensor<T> {
  const sh = [...shape];
  const neg = sh.indexOf(-1);
  if (neg >= 0) {
    const rest = sizeOf(sh.filter((_, i) => i !== neg));
    sh[neg] = rest === 0 ? 0 : t.size / rest;
  }
  checkShape(sh, "reshape");
  if (sizeOf(sh) !== t.size) {
    throw new WcError("E_SHAPE", `reshape: cannot view ${t.size} elements as [${shape.join(", ")}]`);
  }
  if (!isContiguous(t)) {
    throw new WcError("E_SHAPE", "reshape: the tensor is a strided view; call contiguous(t) first to copy it");
  }
  return ndarray(t.data, sh, rowMajorStrides(sh), 0) as Tensor<T>;
}

/** The transpose of a matrix, or a permutation of axes, as a view (no copy). */
export function transpose<T extends TensorData>(t: Tensor<T>, axes?: readonly number[]): Tensor<T> {
  const ax = axes ?? [...t.shape.keys()].reverse();
  return t.transpose(...ax) as Tensor<T>;
}

/** A view of `t[start0:end0, start1:end1, ...]` (ends exclusive; omitted axes are whole). */
export function slice<T extends TensorData>(t: Tensor<T>, ranges: readonly (readonly [number, number] | null)[]): Tensor<T> {
  const lo: number[] = [];
  const hi: number[] = [];
  t.shape.forEach((n, i) => {
    const r = ranges[i];
    const a = r ? r[0] : 0;
    const b = r ? r[1] : n;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > n || a > b) {
      throw new WcError("E_SHAPE", `slice: axis ${i} range [${a}, ${b}) is outside [0, ${n}]`);
    }
    lo.push(a);
    hi.push(b - a);
  });
  return t.lo(...lo).hi(...hi) as Tensor<T>;
}
