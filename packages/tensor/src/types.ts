import type { NdArray } from "ndarray";

/** Floating-point storage types. Numerically delicate work runs in float64. */
export type FloatDType = "float32" | "float64";
/** Every element type a Tensor may hold: floats for values, int32/uint8 for indices and masks. */
export type DType = FloatDType | "int32" | "uint8";

/** Typed arrays a Tensor may sit on. */
export type FloatArray = Float32Array | Float64Array;
export type TensorData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A strided n-dimensional array (scijs `ndarray`) over a typed array. */
export type Tensor<T extends TensorData = TensorData> = NdArray<T>;
/** A Tensor of floats. */
export type FloatTensor = Tensor<FloatArray>;
/** A 2-D float Tensor. Weights are row-major `out x in`, as PyTorch's `nn.Linear` stores them. */
export type Matrix = Tensor<FloatArray>;
/** A shape: non-negative integer extents. */
export type Shape = readonly number[];

/** The typed-array constructor for each dtype. */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
} as const;

/** The dtype of a Tensor (read from its typed array). */
export function dtypeOf(t: Tensor): DType {
  const d = t.data as unknown;
  if (d instanceof Float64Array) return "float64";
  if (d instanceof Float32Array) return "float32";
  if (d instanceof Int32Array) return "int32";
  if (d instanceof Uint8Array) return "uint8";
  return "float64";
}

/** Number of elements of a shape (1 for the empty shape). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}
