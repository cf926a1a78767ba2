import { Module, Var, add, customOp } from "@wc/nn";
import {
  Rng,
  WcError,
  assertFinite,
  assertFloat,
  assertNdim,
  astype,
  contiguous,
  dtypeOf,
  matmulBatched,
  reshape,
  slice,
  tensor,
  transpose,
  zeros,
  type FloatDType,
  type FloatTensor,
  type Matrix,
  type Tensor,
} from "@wc/tensor";
import { monarchToDense } from "./dense";
import type { MonarchFactors } from "./factors";
import { monarchInit } from "./factors";
import { monarchViews, multiplyCore } from "./multiply";
import { checkPositiveInt, type BiasInit } from "./options";
import { projectToMonarch } from "./projection";
import { linearShape, monarchParamCount, type LinearMonarchShape } from "./shapes";

/** Options of the {@link MonarchLinear} constructor. */
export interface MonarchLinearOptions {
  /** Blocks of each factor (`N` of {@link linearShape}); default 4 (every official fly config). */
  nblocks?: number;
  /** Learn an additive bias; default true. */
  bias?: boolean;
  /** Bias init bound: `"fly"` 1/sqrt(out) (official quirk, default) or `"linear"` 1/sqrt(in). */
  biasInit?: BiasInit;
  /** Parameter dtype; default `"float32"`. */
  dtype?: FloatDType;
  /** Generator of the initial values; default `new Rng(seed)`. */
  rng?: Rng;
  /** Seed used when `rng` is absent; default 0. */
  seed?: number;
}

/** Options of {@link MonarchLinear.fromDense}. */
export interface MonarchFromDenseOptions {
  /** Blocks of each factor; default 4. */
  nblocks?: number;
  /** Parameter dtype; default: `W`'s dtype. */
  dtype?: FloatDType;
}

/** Zero-pads the columns of a contiguous `batch x n` matrix to `nExt` (a copy; the same tensor when `n === nExt`). */
function padColumns(x: FloatTensor, nExt: number): FloatTensor {
  const [batch, n] = x.shape as [number, number];
  if (n === nExt) return x;
  const out = zeros([batch, nExt], { dtype: dtypeOf(x) }) as FloatTensor;
  for (let i = 0; i < batch; i++) out.data.set(x.data.subarray(i * n, (i + 1) * n), i * nExt);
  return out;
}

/** The first `n` columns of a contiguous matrix, contiguous. */
function firstColumns(x: FloatTensor, n: number): FloatTensor {
  return (x.shape[1] === n ? x : contiguous(slice(x, [null, [0, n]]))) as FloatTensor;
}

/**
 * A Monarch layer `y = x Mᵀ + b` (`nn.Linear` drop-in, official `MonarchLinear`): input zero-padded to
 * `inExt`, the product of two block-diagonal factors and the fixed permutation, output truncated to
 * `outFeatures`. Parameters `blkdiag1` `(k, q, p)`, `blkdiag2` `(l, s, r)` and `bias` (the official
 * names, so state dicts carry over). An @wc/nn `Module`: `call(Var)` is differentiable (backward by
 * hand, as fly's `BlockdiagButterflyMultiply.backward`, as batched GEMMs); `forward(Matrix)` runs
 * without autograd.
 * @example
 * const layer = new MonarchLinear(768, 3072, { nblocks: 4, seed: 0 });
 * layer.saving; // 0.3125
 * const y = layer.forward(x); // x: batch x 768 Matrix -> batch x 3072
 */
export class MonarchLinear extends Module {
  /** Input features. */
  readonly inFeatures: number;
  /** Output features. */
  readonly outFeatures: number;
  /** Blocks per factor. */
  readonly nblocks: number;
  /** The block layout (with `inExt`, `outExt`). */
  readonly shape: LinearMonarchShape;
  /** Right factor, `(k, q, p)`. */
  readonly blkdiag1: Var;
  /** Left factor, `(l, s, r)`. */
  readonly blkdiag2: Var;
  /** Bias `(outFeatures)`, or null. */
  readonly bias: Var | null;

  /**
   * @param inFeatures - input size
   * @param outFeatures - output size
   * @param options - {@link MonarchLinearOptions}; defaults nblocks 4, bias true, biasInit "fly", float32, seed 0
   * @throws {WcError} `E_RANGE` for non-positive sizes or nblocks; `E_ARGUMENT` for an unknown biasInit;
   *   `E_DTYPE` for an unknown dtype.
   */
  constructor(inFeatures: number, outFeatures: number, options: MonarchLinearOptions = {}) {
    super();
    this.inFeatures = checkPositiveInt(inFeatures, "MonarchLinear inFeatures");
    this.outFeatures = checkPositiveInt(outFeatures, "MonarchLinear outFeatures");
    this.nblocks = checkPositiveInt(options.nblocks ?? 4, "MonarchLinear nblocks");
    const biasInit = options.biasInit ?? "fly";
    if (biasInit !== "fly" && biasInit !== "linear") throw new WcError("E_ARGUMENT", `MonarchLinear: biasInit must be "fly" or "linear", got ${String(biasInit)}`);
    const dtype = options.dtype ?? "float32";
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const s = (this.shape = linearShape(inFeatures, outFeatures, this.nblocks));
    const f = monarchInit(s, rng, { dtype });
    this.blkdiag1 = this.registerParameter("blkdiag1", tensor(f.w1, [s.k, s.q, s.p]));
    this.blkdiag2 = this.registerParameter("blkdiag2", tensor(f.w2, [s.l, s.s, s.r]));
    if (options.bias ?? true) {
      const bound = 1 / Math.sqrt(biasInit === "fly" ? outFeatures : inFeatures);
      const b = dtype === "float32" ? new Float32Array(outFeatures) : new Float64Array(outFeatures);
      for (let i = 0; i < outFeatures; i++) b[i] = rng.uniform(-bound, bound);
      this.bias = this.registerParameter("bias", tensor(b, [outFeatures]));
    } else this.bias = null;
  }

  /**
   * A layer holding the optimal Monarch projection of a dense weight (spec §3.4): `W` is zero-filled
   * to `outExt x inExt` and projected with {@link projectToMonarch}. Optimal when no padding occurs;
   * with padding the padded entries are fitted as zeros, not left free, so it is slightly suboptimal.
   * @param W - `out x in` weight (PyTorch layout; not modified)
   * @param bias - optional bias of length `out` (copied)
   * @param options - {@link MonarchFromDenseOptions}; default nblocks 4, dtype of `W`
   * @returns the layer, with `relError = ||W - layer.toDense()||_F / ||W||_F` (0 for a zero W)
   * @throws {WcError} `E_SHAPE` when `W` is not 2-D or `bias` has the wrong length; `E_DTYPE` for
   *   integer input; `E_RANGE` for NaN/Inf or a bad nblocks.
   * @example
   * const layer = MonarchLinear.fromDense(W, b, { nblocks: 4 }); layer.relError;
   */
  static fromDense(W: Tensor, bias?: Float32Array | Float64Array, options: MonarchFromDenseOptions = {}): MonarchLinear & { relError: number } {
    assertNdim(W, 2, "MonarchLinear.fromDense W");
    assertFloat(W, "MonarchLinear.fromDense W");
    assertFinite(W, "MonarchLinear.fromDense W");
    const [outF, inF] = W.shape as [number, number];
    if (outF === 0 || inF === 0) throw new WcError("E_SHAPE", `MonarchLinear.fromDense: W must be non-empty, got [${W.shape.join(", ")}]`);
    if (bias !== undefined && bias.length !== outF) {
      throw new WcError("E_SHAPE", `MonarchLinear.fromDense: bias must have ${outF} entries (W's rows), got ${bias.length}`);
    }
    if (bias !== undefined) assertFinite(tensor(bias), "MonarchLinear.fromDense bias");
    const dtype = options.dtype ?? (dtypeOf(W) as FloatDType);
    const layer = new MonarchLinear(inF, outF, { nblocks: options.nblocks ?? 4, bias: bias !== undefined, dtype });
    const s = layer.shape;
    const W64 = contiguous(astype(W, "float64")) as FloatTensor;
    const padded = padColumns(W64, s.inExt);
    const full = outF === s.outExt ? padded : zeros([s.outExt, s.inExt], { dtype: "float64" }) as FloatTensor;
    if (full !== padded) full.data.set(padded.data);
    const { factors } = projectToMonarch(full, s, { dtype });
    layer.blkdiag1.value.data.set(factors.w1);
    layer.blkdiag2.value.data.set(factors.w2);
    if (bias !== undefined) layer.bias!.value.data.set(bias);
    const D = layer.toDense();
    let err = 0;
    let norm = 0;
    for (let i = 0; i < W64.data.length; i++) {
      const d = W64.data[i]! - D.data[i]!;
      err += d * d;
      norm += W64.data[i]! * W64.data[i]!;
    }
    return Object.assign(layer, { relError: norm > 0 ? Math.sqrt(err / norm) : 0 });
  }

  /** The current factors (views of the parameters' storage: copy before changing). */
  get factors(): MonarchFactors {
    return { shape: this.shape, w1: this.blkdiag1.value.data, w2: this.blkdiag2.value.data };
  }

  /** Parameters of the factors over the dense `in·out` (bias excluded). */
  get saving(): number {
    return monarchParamCount(this.shape) / (this.inFeatures * this.outFeatures);
  }

  /** The equivalent dense `out x in` weight (padding removed). */
  toDense(): Matrix {
    return firstColumns(contiguous(slice(monarchToDense(this.factors), [[0, this.outFeatures], null])) as FloatTensor, this.inFeatures);
  }

  /**
   * `x Mᵀ + b`. A `Var` input gives a differentiable `Var` (computed in the layer's dtype); a
   * `Matrix` input gives a plain matrix (float32 when `x` and the layer are float32, else float64).
   * @param x - `batch x inFeatures`
   * @returns `batch x outFeatures`
   * @throws {WcError} `E_SHAPE` for a wrong width or a non-2-D input; `E_DTYPE` for integer input.
   */
  forward(x: Var): Var;
  forward(x: Tensor): Matrix;
  forward(x: Var | Tensor): Var | Matrix {
    const value: Tensor = x instanceof Var ? x.value : x;
    assertNdim(value, 2, "MonarchLinear input");
    assertFloat(value, "MonarchLinear input");
    if (value.shape[1] !== this.inFeatures) {
      throw new WcError("E_SHAPE", `MonarchLinear: input must be batch x ${this.inFeatures}, got [${value.shape.join(", ")}]`);
    }
    if (x instanceof Var) return this.forwardVar(x);
    const f = this.factors;
    const dtype: FloatDType = dtypeOf(x) === "float32" && f.w1 instanceof Float32Array ? "float32" : "float64";
    const xp = padColumns(contiguous(astype(x, dtype)) as FloatTensor, this.shape.inExt);
    const y = firstColumns(multiplyCore(xp, f, dtype).y, this.outFeatures);
    if (this.bias) {
      const b = this.bias.value.data;
      const n = this.outFeatures;
      for (let i = 0; i < y.data.length; i++) y.data[i] = y.data[i]! + b[i % n]!;
    }
    return y;
  }

  private forwardVar(x: Var): Var {
    const s = this.shape;
    const dtype = dtypeOf(this.blkdiag1.value) as FloatDType;
    let saved: { xp: FloatTensor; u: FloatTensor } | undefined;
    const y = customOp(
      [x, this.blkdiag1, this.blkdiag2],
      ([xv, w1, w2]) => {
        const xp = padColumns(contiguous(astype(xv!, dtype)) as FloatTensor, s.inExt);
        const r = multiplyCore(xp, { shape: s, w1: w1!.data, w2: w2!.data }, dtype);
        saved = { xp, u: r.u };
        return firstColumns(r.y, this.outFeatures);
      },
      (grad, [, w1, w2]) => {
        const { xp, u } = saved!;
        const batch = xp.shape[0]!;
        const gy = padColumns(contiguous(astype(grad, dtype)) as FloatTensor, s.outExt);
        const du = zeros([batch, s.k * s.q], { dtype }) as FloatTensor;
        const dx = zeros([batch, s.inExt], { dtype }) as FloatTensor;
        const fwd = monarchViews(s, batch, u, gy);
        const bwd = monarchViews(s, batch, du, gy);
        const xBlocks = transpose(reshape(xp, [batch, s.k, s.p]), [1, 0, 2]);
        const dxBlocks = transpose(reshape(dx, [batch, s.k, s.p]), [1, 0, 2]);
        // Left factor: dW2[g] = dY_gᵀ U_g, dU_g = dY_g W2[g].
        const dW2 = matmulBatched(fwd.yLeft, fwd.uLeft, { transA: true });
        matmulBatched(fwd.yLeft, w2!, { out: bwd.uLeft });
        // Right factor: dW1[a] = dU_aᵀ X_a, dX_a = dU_a W1[a].
        const dW1 = matmulBatched(bwd.uRight, xBlocks, { transA: true });
        matmulBatched(bwd.uRight, w1!, { out: dxBlocks });
        return [firstColumns(dx, this.inFeatures), dW1, dW2];
      },
    );
    return this.bias ? add(y, this.bias) : y;
  }
}
