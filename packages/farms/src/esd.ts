import { WcError, assertFinite, assertFloat, svdvals, type Matrix, type Tensor } from "@wc/tensor";
import { resolveConvOptions, type ConvOptions } from "./options";

/**
 * Squared singular values of `W` as a new ascending Float64Array (internal, no validation).
 * @param W - a 2-D float tensor, any strides.
 * @param scale - multiplier of every squared value.
 * @param out - array to append to.
 */
export function squaredSingularValues(W: Tensor, scale: number, out: number[] | Float64Array, at = 0): number {
  const s = svdvals(W).data;
  for (let i = 0; i < s.length; i++) out[at + i] = s[i]! * s[i]! * scale;
  return at + s.length;
}

/** Validates a 2-D finite float matrix. */
export function checkMatrix(W: Tensor, where: string): asserts W is Matrix {
  if (W === null || typeof W !== "object" || !Array.isArray(W.shape)) {
    throw new WcError("E_ARGUMENT", `${where}: expected a 2-D Tensor (ndarray), got ${String(W)}`);
  }
  if (W.shape.length !== 2) {
    throw new WcError("E_SHAPE", `${where}: expected a 2-D out x in weight matrix, got shape [${W.shape.join(", ")}]; reshape it or use the conv2d variant for 4-D kernels`);
  }
  assertFloat(W, where);
  assertFinite(W, where);
}

/**
 * The empirical spectral density (ESD) of a weight matrix: the eigenvalues of `W^T W`, i.e. the
 * squared singular values, ascending (WeightWatcher `combined_eigenvalues`, FARMS
 * `esd_utils_farms.py`). Not divided by N, as in the current official code (alpha is scale
 * invariant; only the lmax-based metrics change).
 *
 * @param W - `out x in` float matrix (any strides; not modified).
 * @returns `min(out, in)` eigenvalues, ascending (Float64Array).
 * @throws {WcError} `E_SHAPE` if `W` is not 2-D; `E_DTYPE` for integer tensors; `E_RANGE` for NaN/Inf.
 * @example
 * esd(fromNested([[3, 0], [4, 5]])); // Float64Array [5, 45]
 */
export function esd(W: Tensor): Float64Array {
  checkMatrix(W, "esd");
  const out = new Float64Array(Math.min(W.shape[0]!, W.shape[1]!));
  squaredSingularValues(W, 1, out);
  return out.sort();
}

/** Validates a 4-D finite float conv kernel `[o, i, kh, kw]`. */
export function checkKernel(k: Tensor, where: string): void {
  if (k === null || typeof k !== "object" || !Array.isArray(k.shape)) {
    throw new WcError("E_ARGUMENT", `${where}: expected a 4-D Tensor (ndarray), got ${String(k)}`);
  }
  if (k.shape.length !== 4) {
    throw new WcError("E_SHAPE", `${where}: expected a 4-D conv kernel [out, in, kh, kw], got shape [${k.shape.join(", ")}]`);
  }
  assertFloat(k, where);
  assertFinite(k, where);
}

/**
 * The 2-D slices of a Conv2d kernel as WeightWatcher's `conv2D_Wmats` cuts them: for a kernel
 * `[o, i, kh, kw]` with `o + i >= kh + kw` (channels last, PyTorch/ONNX layout) the `kh * kw`
 * matrices `k[:, :, a, b]`; otherwise (`[kh, kw, o, i]`, TensorFlow layout) the matrices
 * `k[a, b, :, :]`. Each slice is a view, transposed when needed so that rows >= cols.
 *
 * @param k - 4-D float kernel (not modified; the slices are views of it).
 * @returns the slices in `(a, b)` row-major order.
 * @throws {WcError} `E_SHAPE` unless 4-D; `E_DTYPE` for integers; `E_RANGE` for NaN/Inf.
 * @example
 * conv2dSlices(zeros([8, 3, 3, 3])).length; // 9 slices of 8 x 3
 */
export function conv2dSlices(k: Tensor): Matrix[] {
  checkKernel(k, "conv2dSlices");
  const [s0, s1, s2, s3] = k.shape as [number, number, number, number];
  const channelsLast = s0 + s1 >= s2 + s3;
  const out: Matrix[] = [];
  const [na, nb] = channelsLast ? [s2, s3] : [s0, s1];
  for (let a = 0; a < na; a++) {
    for (let b = 0; b < nb; b++) {
      let W = (channelsLast ? k.pick(null, null, a, b) : k.pick(a, b, null, null)) as Matrix;
      if (W.shape[0]! < W.shape[1]!) W = W.transpose(1, 0) as Matrix;
      out.push(W);
    }
  }
  return out;
}

/**
 * The ESD of a Conv2d kernel (TempBalance / FARMS non-FARMS path): the kernel is cut into its
 * `kh * kw` slices ({@link conv2dSlices}), each scaled by `sqrt(convNorm)`, and the squared
 * singular values of all slices are pooled and sorted ascending.
 *
 * @param k - 4-D float kernel `[out, in, kh, kw]` (not modified).
 * @param options - {@link ConvOptions}; only `convNorm` is used (default 0.5).
 * @returns `kh * kw * min(out, in)` eigenvalues, ascending.
 * @throws {WcError} `E_SHAPE` unless 4-D; `E_DTYPE` for integers; `E_RANGE` for NaN/Inf or a bad `convNorm`.
 * @example
 * esdConv2d(randn(0, [16, 8, 3, 3])).length; // 72
 */
export function esdConv2d(k: Tensor, options: ConvOptions = {}): Float64Array {
  const o = resolveConvOptions(options, "esdConv2d");
  checkKernel(k, "esdConv2d");
  const slices = conv2dSlices(k);
  let n = 0;
  for (const W of slices) n += W.shape[1]!;
  const out = new Float64Array(n);
  let at = 0;
  for (const W of slices) at = squaredSingularValues(W, o.convNorm, out, at);
  return out.sort();
}
