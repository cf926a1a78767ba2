import { WcError, type Tensor } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt, sameShape, toIndices, wrap } from "../internal/alloc";
import { Var as VarClass } from "../autograd/var";
import { mul, neg, scale, sub } from "./elementwise";
import { softmax } from "./softmax";

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** Targets equal to this are skipped (no loss, no gradient, not counted); default -100 (PyTorch). */
  ignoreIndex?: number;
  /**
   * Label smoothing epsilon in [0, 1]; default 0. The target distribution is
   * `(1 - eps) * onehot + eps / C`, as PyTorch's `label_smoothing`.
   */
  labelSmoothing?: number;
  /** `"mean"` over non-ignored targets (default) or `"sum"`. */
  reduction?: "mean" | "sum";
}

/**
 * Cross-entropy between logits `[..., C]` and integer class targets (one per row), computed from a
 * stable log-softmax. Matches PyTorch's `F.cross_entropy` (ignore_index, label_smoothing, mean
 * over non-ignored rows). When every target is ignored, the mean is NaN, as PyTorch.
 * @param logits - `[..., C]` scores
 * @param targets - class indices, one per row of `logits`
 * @param options - see {@link CrossEntropyOptions}
 * @returns a scalar Var
 * @throws {WcError} `E_SHAPE` when the target count differs from the rows; `E_RANGE` for a target
 *   outside `[0, C)` (other than `ignoreIndex`) or a smoothing outside [0, 1].
 * @example
 * crossEntropy(logits, labels, { labelSmoothing: 0.1 });
 */
export function crossEntropy(logits: Var, targets: Tensor | Int32Array | readonly number[], options: CrossEntropyOptions = {}): Var {
  const ignore = options.ignoreIndex ?? -100;
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new WcError("E_RANGE", `crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const reduction = options.reduction ?? "mean";
  const c = logits.shape[logits.shape.length - 1] ?? 0;
  const rows = c === 0 ? 0 : logits.data.length / c;
  const { data: t } = toIndices(targets, "crossEntropy targets");
  if (t.length !== rows) {
    throw new WcError("E_SHAPE", `crossEntropy: ${t.length} targets for ${rows} rows of logits ${fmt(logits.shape)}`);
  }
  const xd = logits.data;
  const logp = new Float64Array(xd.length);
  let count = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let mx = -Infinity;
    for (let j = 0; j < c; j++) if (xd[o + j]! > mx) mx = xd[o + j]!;
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(xd[o + j]! - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < c; j++) logp[o + j] = xd[o + j]! - lse;
    const y = t[r]!;
    if (y === ignore) continue;
    if (y < 0 || y >= c) throw new WcError("E_RANGE", `crossEntropy: target ${y} at row ${r} is outside [0, ${c}) and is not ignoreIndex ${ignore}`);
    count++;
    let l = -(1 - eps) * logp[o + y]!;
    if (eps > 0) {
      let sl = 0;
      for (let j = 0; j < c; j++) sl += logp[o + j]!;
      l -= (eps / c) * sl;
    }
    total += l;
  }
  const f = reduction === "mean" ? 1 / count : 1;
  const out = allocLike(xd, 1);
  out[0] = total * f;
  return makeOutput(out, [], [logits], (g) => {
    const gx = allocLike(xd, xd.length);
    const s = g[0]! * f;
    for (let r = 0; r < rows; r++) {
      const y = t[r]!;
      if (y === ignore) continue;
      const o = r * c;
      for (let j = 0; j < c; j++) gx[o + j] = s * (Math.exp(logp[o + j]!) - eps / c - (j === y ? 1 - eps : 0));
    }
    accumulate(logits, gx, true);
  }, "crossEntropy", (g) => {
    // d/dlogits = f * rowMask * (softmax(logits) - target distribution), times the upstream scalar.
    const target = allocLike(xd, xd.length);
    const rowMask = allocLike(xd, rows);
    for (let r = 0; r < rows; r++) {
      const y = t[r]!;
      if (y === ignore) continue;
      rowMask[r] = 1;
      for (let j = 0; j < c; j++) target[r * c + j] = eps / c + (j === y ? 1 - eps : 0);
    }
    const ls = logits.shape;
    const diff = sub(softmax(logits), new VarClass(wrap(target, ls)));
    const masked = mul(diff, new VarClass(wrap(rowMask, [...ls.slice(0, -1), 1])));
    return [mul(scale(masked, f), g)];
  });
}

/**
 * Mean squared error `mean((pred - target)^2)` (or the sum).
 * @param pred - predictions
 * @param target - same shape (a Var or a constant Tensor wrapped by the caller)
 * @param options - `reduction`: `"mean"` (default) or `"sum"`
 * @returns a scalar Var
 * @throws {WcError} `E_SHAPE` when shapes differ; `E_DTYPE` for mixed dtypes.
 * @example
 * mse(yHat, y);
 */
export function mse(pred: Var, target: Var, options: { reduction?: "mean" | "sum" } = {}): Var {
  sameDType(pred, target, "mse");
  if (!sameShape(pred.shape, target.shape)) throw new WcError("E_SHAPE", `mse: shapes ${fmt(pred.shape)} and ${fmt(target.shape)} differ`);
  const pd = pred.data;
  const td = target.data;
  const n = pd.length;
  const f = (options.reduction ?? "mean") === "mean" ? 1 / n : 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = pd[i]! - td[i]!;
    s += d * d;
  }
  const out = allocLike(pd, 1);
  out[0] = s * f;
  return makeOutput(out, [], [pred, target], (g) => {
    const k = 2 * g[0]! * f;
    if (pred.requiresGrad) {
      const gp = allocLike(pd, n);
      for (let i = 0; i < n; i++) gp[i] = k * (pd[i]! - td[i]!);
      accumulate(pred, gp, true);
    }
    if (target.requiresGrad) {
      const gt = allocLike(td, n);
      for (let i = 0; i < n; i++) gt[i] = -k * (pd[i]! - td[i]!);
      accumulate(target, gt, true);
    }
  }, "mse", (g) => {
    const gp = mul(scale(sub(pred, target), 2 * f), g);
    return [pred.requiresGrad ? gp : null, target.requiresGrad ? neg(gp) : null];
  });
}
