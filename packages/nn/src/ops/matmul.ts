import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt, numel, sameShape } from "../internal/alloc";
import { gemmRaw } from "../internal/gemm-call";
import { reshape, transpose } from "./shape";
import { sum } from "./reduce";

/**
 * Matrix product over the last two axes: `a [..., m, k] @ b [..., k, n] -> [..., m, n]`.
 * `b` either has the same leading (batch) axes as `a` or is a plain `k x n` matrix shared by
 * every batch. All products run through @wc/tensor's GEMM.
 * @param a - left operand, at least 2-D
 * @param b - right operand, 2-D or with `a`'s batch axes
 * @returns the product
 * @throws {WcError} `E_SHAPE` for fewer than 2 axes, differing inner extents or batch axes; `E_DTYPE` for mixed dtypes.
 * @example
 * matmul(q, transpose(k, [0, 2, 1])); // batched attention scores
 */
export function matmul(a: Var, b: Var): Var {
  sameDType(a, b, "matmul");
  const as = a.shape;
  const bs = b.shape;
  if (as.length < 2 || bs.length < 2) {
    throw new WcError("E_SHAPE", `matmul: expected at least 2-D operands, got ${fmt(as)} and ${fmt(bs)}; reshape vectors to [1, n]`);
  }
  const m = as[as.length - 2]!;
  const k = as[as.length - 1]!;
  const kb = bs[bs.length - 2]!;
  const n = bs[bs.length - 1]!;
  const batchA = as.slice(0, -2);
  const shared = bs.length === 2;
  if (k !== kb || (!shared && !sameShape(batchA, bs.slice(0, -2)))) {
    throw new WcError("E_SHAPE", `matmul: cannot multiply ${fmt(as)} by ${fmt(bs)}; need [..., m, k] @ [..., k, n] with equal batch axes or a 2-D right operand`);
  }
  const batch = numel(batchA);
  const ad = a.data;
  const bd = b.data;
  const out = allocLike(ad, batch * m * n);
  if (shared) gemmRaw(batch * m, n, k, ad, 0, k, 1, bd, 0, n, 1, out, 0, n, 0);
  else for (let t = 0; t < batch; t++) gemmRaw(m, n, k, ad, t * m * k, k, 1, bd, t * k * n, n, 1, out, t * m * n, n, 0);
  return makeOutput(out, [...batchA, m, n], [a, b], (g) => {
    if (a.requiresGrad) {
      const ga = allocLike(ad, ad.length);
      if (shared) gemmRaw(batch * m, k, n, g, 0, n, 1, bd, 0, 1, n, ga, 0, k, 0);
      else for (let t = 0; t < batch; t++) gemmRaw(m, k, n, g, t * m * n, n, 1, bd, t * k * n, 1, n, ga, t * m * k, k, 0);
      accumulate(a, ga, true);
    }
    if (b.requiresGrad) {
      const gb = allocLike(bd, bd.length);
      if (shared) gemmRaw(k, n, batch * m, ad, 0, 1, k, g, 0, n, 1, gb, 0, n, 0);
      else for (let t = 0; t < batch; t++) gemmRaw(k, n, m, ad, t * m * k, 1, k, g, t * m * n, n, 1, gb, t * k * n, n, 0);
      accumulate(b, gb, true);
    }
  }, "matmul", (g) => [
    a.requiresGrad ? matmul(g, transpose(b)) : null,
    b.requiresGrad ? (shared ? matmul(transpose(reshape(a, [batch * m, k])), reshape(g, [batch * m, n])) : matmul(transpose(a), g)) : null,
  ]);
}

/**
 * The affine map of `nn.Linear`: `x [..., in] @ weight^T + bias` with `weight` stored `out x in`.
 * @param x - input, last axis `in`
 * @param weight - `out x in` matrix
 * @param bias - optional `[out]` vector
 * @returns `[..., out]`
 * @throws {WcError} `E_SHAPE` when extents disagree; `E_DTYPE` for mixed dtypes.
 * @example
 * linear(x, w, b);
 */
export function linear(x: Var, weight: Var, bias?: Var | null): Var {
  sameDType(x, weight, "linear");
  const ws = weight.shape;
  const xs = x.shape;
  const inF = xs[xs.length - 1];
  if (ws.length !== 2 || xs.length < 1 || inF !== ws[1]) {
    throw new WcError("E_SHAPE", `linear: input ${fmt(xs)} does not fit weight ${fmt(ws)} (out x in); the last input axis must equal in`);
  }
  const outF = ws[0]!;
  if (bias) {
    sameDType(x, bias, "linear bias");
    if (bias.shape.length !== 1 || bias.shape[0] !== outF) throw new WcError("E_SHAPE", `linear: bias must be [${outF}], got ${fmt(bias.shape)}`);
  }
  const rows = numel(xs) / inF;
  const xd = x.data;
  const wd = weight.data;
  const out = allocLike(xd, rows * outF);
  gemmRaw(rows, outF, inF, xd, 0, inF, 1, wd, 0, 1, inF, out, 0, outF, 0);
  if (bias) {
    const bd = bias.data;
    for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) out[r * outF + j]! += bd[j]!;
  }
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeOutput(out, [...xs.slice(0, -1), outF], parents, (g) => {
    if (x.requiresGrad) {
      const gx = allocLike(xd, xd.length);
      gemmRaw(rows, inF, outF, g, 0, outF, 1, wd, 0, inF, 1, gx, 0, inF, 0);
      accumulate(x, gx, true);
    }
    if (weight.requiresGrad) {
      const gw = allocLike(wd, wd.length);
      gemmRaw(outF, inF, rows, g, 0, 1, outF, xd, 0, inF, 1, gw, 0, inF, 0);
      accumulate(weight, gw, true);
    }
    if (bias?.requiresGrad) {
      const gb = allocLike(xd, outF);
      for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) gb[j]! += g[r * outF + j]!;
      accumulate(bias, gb, true);
    }
  }, "linear", (g) => {
    const g2 = reshape(g, [rows, outF]);
    return [
      x.requiresGrad ? reshape(matmul(g2, weight), xs) : null,
      weight.requiresGrad ? matmul(transpose(g2), reshape(x, [rows, inF])) : null,
      ...(bias ? [bias.requiresGrad ? sum(g2, { axis: 0 }) : null] : []),
    ];
  });
}
