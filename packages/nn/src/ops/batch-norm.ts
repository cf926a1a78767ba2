import { WcError, type FloatTensor } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt, wrap } from "../internal/alloc";
import { compositeBackward } from "../autograd/grad";
import { Var as VarNode } from "../autograd/var";
import { add, mul, pow, sub } from "./elementwise";
import { mean as meanOf } from "./reduce";
import { reshape } from "./shape";

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Normalise with the batch statistics and update the running ones; default true. */
  training?: boolean;
  /** Running-statistics update factor (PyTorch convention: `new = (1-m) old + m batch`); default 0.1. */
  momentum?: number;
  /** Added to the variance; default 1e-5. */
  eps?: number;
}

/**
 * Batch normalisation over channel axis 1 of `x [N, C, ...]` (BatchNorm1d/2d). In training, it
 * normalises with the batch mean and biased variance and updates `runningMean`/`runningVar` in
 * place (unbiased variance, as PyTorch); in evaluation, it uses the running statistics.
 * @param x - `[N, C, ...]`
 * @param weight - optional `[C]` scale
 * @param bias - optional `[C]` shift
 * @param runningMean - `[C]` running mean (updated in place in training; may be null)
 * @param runningVar - `[C]` running variance (updated in place in training; may be null)
 * @param options - see {@link BatchNormOptions}
 * @returns the normalised Var
 * @throws {WcError} `E_SHAPE` for fewer than 2 axes or `[C]` tensors of another length;
 *   `E_STATE` in evaluation without running statistics.
 * @example
 * batchNorm(x, gamma, beta, rm, rv, { training: true });
 */
export function batchNorm(
  x: Var,
  weight: Var | null,
  bias: Var | null,
  runningMean: FloatTensor | null,
  runningVar: FloatTensor | null,
  options: BatchNormOptions = {},
): Var {
  const training = options.training ?? true;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  const s = x.shape;
  if (s.length < 2) throw new WcError("E_SHAPE", `batchNorm: expected [N, C, ...], got ${fmt(s)}`);
  const [N, C] = s as [number, number];
  for (const p of [weight, bias]) {
    if (!p) continue;
    sameDType(x, p, "batchNorm");
    if (p.shape.length !== 1 || p.shape[0] !== C) throw new WcError("E_SHAPE", `batchNorm: affine parameters must be [${C}], got ${fmt(p.shape)}`);
  }
  for (const r of [runningMean, runningVar]) {
    if (r && r.size !== C) throw new WcError("E_SHAPE", `batchNorm: running statistics must be [${C}], got ${fmt(r.shape)}`);
  }
  const xd = x.data;
  const inner = N * C === 0 ? 0 : xd.length / (N * C);
  const m = N * inner;
  const mean = new Float64Array(C);
  const rstd = new Float64Array(C);
  if (training) {
    for (let c = 0; c < C; c++) {
      let mu = 0;
      for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) mu += xd[(n * C + c) * inner + i]!;
      mu /= m;
      let v = 0;
      for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) v += (xd[(n * C + c) * inner + i]! - mu) ** 2;
      mean[c] = mu;
      rstd[c] = 1 / Math.sqrt(v / m + eps);
      if (runningMean) runningMean.data[c] = (1 - momentum) * runningMean.data[c]! + momentum * mu;
      if (runningVar) runningVar.data[c] = (1 - momentum) * runningVar.data[c]! + (momentum * v) / Math.max(m - 1, 1);
    }
  } else {
    if (!runningMean || !runningVar) throw new WcError("E_STATE", "batchNorm: evaluation needs running statistics; pass them or use training: true");
    for (let c = 0; c < C; c++) {
      mean[c] = runningMean.data[c]!;
      rstd[c] = 1 / Math.sqrt(runningVar.data[c]! + eps);
    }
  }
  const wd = weight?.data;
  const bd = bias?.data;
  const out = allocLike(xd, xd.length);
  const xhat = new Float64Array(xd.length);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const o = (n * C + c) * inner;
      for (let i = 0; i < inner; i++) {
        const h = (xd[o + i]! - mean[c]!) * rstd[c]!;
        xhat[o + i] = h;
        out[o + i] = h * (wd ? wd[c]! : 1) + (bd ? bd[c]! : 0);
      }
    }
  }
  const parents = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return makeOutput(out, s, parents, (g) => {
    const gw = new Float64Array(C);
    const gb = new Float64Array(C);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const o = (n * C + c) * inner;
        for (let i = 0; i < inner; i++) {
          gw[c]! += g[o + i]! * xhat[o + i]!;
          gb[c]! += g[o + i]!;
        }
      }
    }
    if (x.requiresGrad) {
      const gx = allocLike(xd, xd.length);
      for (let c = 0; c < C; c++) {
        const w = wd ? wd[c]! : 1;
        const k1 = training ? gb[c]! / m : 0;
        const k2 = training ? gw[c]! / m : 0;
        for (let n = 0; n < N; n++) {
          const o = (n * C + c) * inner;
          for (let i = 0; i < inner; i++) gx[o + i] = w * rstd[c]! * (g[o + i]! - k1 - xhat[o + i]! * k2);
        }
      }
      accumulate(x, gx, true);
    }
    if (weight?.requiresGrad) accumulate(weight, Float64Array.from(gw));
    if (bias?.requiresGrad) accumulate(bias, Float64Array.from(gb));
  }, "batchNorm", (g) => {
    // Second order: the same normalisation rebuilt from differentiable ops.
    const axes = s.map((_, i) => i).filter((i) => i !== 1);
    const bshape = s.map((d, i) => (i === 1 ? d : 1));
    const stat = (a: Float64Array): VarNode => new VarNode(wrap(allocLike(xd, C).map((_, c) => a[c]!), bshape));
    return compositeBackward(parents, ([xv, ...rest]) => {
      let k = 0;
      const wv = weight ? rest[k++]! : null;
      const bv = bias ? rest[k++]! : null;
      let xhat: VarNode;
      if (training) {
        const xc = sub(xv!, meanOf(xv!, { axis: axes, keepDims: true }));
        xhat = mul(xc, pow(add(meanOf(mul(xc, xc), { axis: axes, keepDims: true }), eps), -0.5));
      } else xhat = mul(sub(xv!, stat(mean)), stat(rstd));
      const y = wv ? mul(xhat, reshape(wv, bshape)) : xhat;
      return bv ? add(y, reshape(bv, bshape)) : y;
    }, g);
  });
}
