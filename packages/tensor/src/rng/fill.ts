import { tensor } from "../create";
import { WcError } from "../errors";
import { sizeOf, type FloatDType, type FloatTensor, type Shape, type Tensor } from "../types";
import { truncatedNormalSampler, type TruncatedNormalOptions } from "./distributions";
import { toRng, type Rng } from "./generator";

/** The dtype option of the tensor fillers. */
export interface RandomTensorOptions {
  /** Element type; default `"float64"`. */
  dtype?: FloatDType;
}

/** Options of {@link rand}. */
export interface RandOptions extends RandomTensorOptions {
  /** Lower bound (inclusive); default 0. */
  lo?: number;
  /** Upper bound (exclusive); default 1. */
  hi?: number;
}

/** Options of {@link randn}. */
export interface RandnOptions extends RandomTensorOptions {
  /** Mean; default 0. */
  mean?: number;
  /** Standard deviation; default 1. */
  std?: number;
}

/** Options of {@link randTruncatedNormal}: dtype plus {@link TruncatedNormalOptions} (defaults mean 0, std 1, a -2, b 2). */
export interface RandTruncatedNormalOptions extends RandomTensorOptions, TruncatedNormalOptions {}

/** Options of {@link randint}. */
export interface RandintOptions {
  /** Element type; default `"int32"` (float dtypes hold the same integers). */
  dtype?: "int32" | FloatDType;
}

function checkShape(shape: Shape, where: string): number[] {
  if (!shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new WcError("E_SHAPE", `${where}: expected non-negative integer extents, got [${shape.join(", ")}]`);
  }
  return [...shape];
}

function floatArray(dtype: FloatDType | undefined, n: number, where: string): Float32Array | Float64Array {
  const d = dtype ?? "float64";
  if (d === "float64") return new Float64Array(n);
  if (d === "float32") return new Float32Array(n);
  throw new WcError("E_DTYPE", `${where}: expected dtype "float32" or "float64", got ${String(d)}`);
}

/**
 * A new tensor of uniform draws in [lo, hi), filled in row-major order. float64 uses 53-bit
 * uniforms (two draws per element); float32 uses 24-bit uniforms `(x >>> 8) / 2^24` (one draw),
 * redrawn when rounding to float32 would give `hi`.
 * @param source - an {@link Rng} (advanced) or a seed.
 * @throws {WcError} `E_RANGE` for non-finite bounds or hi <= lo; `E_SHAPE` for a bad shape; `E_DTYPE` for a bad dtype.
 * @example
 * const u = rand(0, [2, 3], { dtype: "float32", lo: -1, hi: 1 });
 */
export function rand(source: Rng | number, shape: Shape, options: RandOptions = {}): FloatTensor {
  const r = toRng(source);
  const { lo = 0, hi = 1 } = options;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
    throw new WcError("E_RANGE", `rand: expected finite lo < hi, got lo=${lo}, hi=${hi}`);
  }
  const sh = checkShape(shape, "rand");
  const out = floatArray(options.dtype, sizeOf(sh), "rand");
  const w = hi - lo;
  if (out instanceof Float32Array) {
    const fhi = Math.fround(hi);
    for (let i = 0; i < out.length; i++) {
      let x: number;
      do x = Math.fround(lo + w * ((r.nextUint32() >>> 8) / 16777216));
      while (x >= fhi);
      out[i] = x;
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = r.uniform(lo, hi);
  }
  return tensor(out, sh);
}

/**
 * A new tensor of normal draws N(mean, std^2) (Marsaglia polar method, see {@link Rng.normal}),
 * row-major order; float32 stores the double draw rounded.
 * @throws {WcError} `E_RANGE` for non-finite mean or std < 0; `E_SHAPE`; `E_DTYPE`.
 * @example
 * const W = randn(rng(7), [64, 32], { std: 0.02, dtype: "float32" });
 */
export function randn(source: Rng | number, shape: Shape, options: RandnOptions = {}): FloatTensor {
  const r = toRng(source);
  const { mean = 0, std = 1 } = options;
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new WcError("E_RANGE", `randn: expected finite mean and std >= 0, got mean=${mean}, std=${std}`);
  }
  const sh = checkShape(shape, "randn");
  const out = floatArray(options.dtype, sizeOf(sh), "randn");
  for (let i = 0; i < out.length; i++) out[i] = mean + std * r.standardNormal();
  return tensor(out, sh);
}

/**
 * A new tensor of truncated normal draws (torch `trunc_normal_` semantics: bounds in absolute
 * units), by inversion (see {@link truncatedNormalSampler}); float32 values are clamped to the bounds after rounding.
 * @throws {WcError} `E_RANGE` for bad parameters; `E_SHAPE`; `E_DTYPE`.
 * @example
 * const W = randTruncatedNormal(0, [768, 768], { std: 0.02, a: -0.04, b: 0.04, dtype: "float32" });
 */
export function randTruncatedNormal(source: Rng | number, shape: Shape, options: RandTruncatedNormalOptions = {}): FloatTensor {
  const r = toRng(source);
  const draw = truncatedNormalSampler(r, options);
  const sh = checkShape(shape, "randTruncatedNormal");
  const out = floatArray(options.dtype, sizeOf(sh), "randTruncatedNormal");
  for (let i = 0; i < out.length; i++) out[i] = draw();
  if (out instanceof Float32Array) {
    const a = float32Inside(options.a ?? -2, 1);
    const b = float32Inside(options.b ?? 2, -1);
    for (let i = 0; i < out.length; i++) {
      if (out[i]! < a) out[i] = a;
      else if (out[i]! > b) out[i] = b;
    }
  }
  return tensor(out, sh);
}

/**
 * A new tensor of uniform integers in [lo, hi) (unbiased, see {@link Rng.integers}), row-major order.
 * @throws {WcError} `E_RANGE` unless lo < hi are integers (within int32 for dtype int32); `E_SHAPE`; `E_DTYPE`.
 * @example
 * const labels = randint(3, [100], 0, 10);
 */
export function randint(source: Rng | number, shape: Shape, lo: number, hi: number, options: RandintOptions = {}): Tensor {
  const r = toRng(source);
  const dtype = options.dtype ?? "int32";
  const sh = checkShape(shape, "randint");
  if (dtype === "int32" && (lo < -2147483648 || hi > 2147483648)) {
    throw new WcError("E_RANGE", `randint: [${lo}, ${hi}) does not fit int32; use dtype "float64"`);
  }
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || !(hi > lo)) {
    throw new WcError("E_RANGE", `randint: expected safe integers lo < hi, got lo=${lo}, hi=${hi}`);
  }
  const n = sizeOf(sh);
  const out = dtype === "int32" ? new Int32Array(n) : floatArray(dtype, n, "randint");
  return tensor(fillInts(r, out, lo, hi), sh);
}

/** The float32 nearest to `x` on the side `dir` (+1: >= x, -1: <= x); infinities pass through. */
function float32Inside(x: number, dir: 1 | -1): number {
  const f = new Float32Array([x]);
  if (!Number.isFinite(x) || f[0] === x || (dir > 0 ? f[0]! > x : f[0]! < x)) return f[0]!;
  const bits = new Int32Array(f.buffer);
  bits[0] = bits[0]! + (f[0]! >= 0 ? dir : -dir);
  return f[0]!;
}

function fillInts<T extends Int32Array | Float32Array | Float64Array>(r: Rng, out: T, lo: number, hi: number): T {
  for (let i = 0; i < out.length; i++) out[i] = r.integers(lo, hi);
  return out;
}
