import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";
import { compositeBackward } from "../autograd/grad";
import { add, mul, pow, sub } from "./elementwise";
import { mean } from "./reduce";

function checkAffine(x: Var, p: Var | null | undefined, d: number, where: string): void {
  if (!p) return;
  sameDType(x, p, where);
  if (p.shape.length !== 1 || p.shape[0] !== d) throw new WcError("E_SHAPE", `${where}: expected [${d}], got ${fmt(p.shape)}`);
}

/**
 * Layer normalisation over the last axis: `(x - mean) / sqrt(var + eps) * weight + bias`, with the
 * biased variance (as PyTorch `nn.LayerNorm`).
 * @param x - `[..., d]`
 * @param weight - optional `[d]` scale
 * @param bias - optional `[d]` shift
 * @param options - `eps` (default 1e-5)
 * @returns the normalised Var
 * @throws {WcError} `E_SHAPE` when weight/bias are not `[d]`.
 * @example
 * layerNorm(x, gamma, beta);
 */
export function layerNorm(x: Var, weight?: Var | null, bias?: Var | null, options: { eps?: number } = {}): Var {
  const eps = options.eps ?? 1e-5;
  const d = x.shape[x.shape.length - 1] ?? 1;
  checkAffine(x, weight, d, "layerNorm weight");
  checkAffine(x, bias, d, "layerNorm bias");
  const xd = x.data;
  const rows = d === 0 ? 0 : xd.length / d;
  const xhat = new Float64Array(xd.length);
  const rstd = new Float64Array(rows);
  const out = allocLike(xd, xd.length);
  const wd = weight?.data;
  const bd = bias?.data;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mu = 0;
    for (let j = 0; j < d; j++) mu += xd[o + j]!;
    mu /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (xd[o + j]! - mu) ** 2;
    const rs = 1 / Math.sqrt(v / d + eps);
    rstd[r] = rs;
    for (let j = 0; j < d; j++) {
      const h = (xd[o + j]! - mu) * rs;
      xhat[o + j] = h;
      out[o + j] = h * (wd ? wd[j]! : 1) + (bd ? bd[j]! : 0);
    }
  }
  const parents = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return makeOutput(out, x.shape, parents, (g) => {
    if (x.requiresGrad) {
      const gx = allocLike(xd, xd.length);
      for (let r = 0; r < rows; r++) {
        const o = r * d;
        let m1 = 0;
        let m2 = 0;
        for (let j = 0; j < d; j++) {
          const dh = g[o + j]! * (wd ? wd[j]! : 1);
          m1 += dh;
          m2 += dh * xhat[o + j]!;
        }
        m1 /= d;
        m2 /= d;
        for (let j = 0; j < d; j++) gx[o + j] = rstd[r]! * (g[o + j]! * (wd ? wd[j]! : 1) - m1 - xhat[o + j]! * m2);
      }
      accumulate(x, gx, true);
    }
    if (weight?.requiresGrad) {
      const gw = allocLike(xd, d);
      for (let i = 0; i < xd.length; i++) gw[i % d]! += g[i]! * xhat[i]!;
      accumulate(weight, gw, true);
    }
    if (bias?.requiresGrad) {
      const gb = allocLike(xd, d);
      for (let i = 0; i < xd.length; i++) gb[i % d]! += g[i]!;
      accumulate(bias, gb, true);
    }
  }, "layerNorm", (g) =>
    compositeBackward(parents, ([xv, ...rest]) => {
      let k = 0;
      const wv = weight ? rest[k++]! : null;
      const bv = bias ? rest[k++]! : null;
      const xc = sub(xv!, mean(xv!, { axis: -1, keepDims: true }));
      const h = mul(xc, pow(add(mean(mul(xc, xc), { axis: -1, keepDims: true }), eps), -0.5));
      const y = wv ? mul(h, wv) : h;
      return bv ? add(y, bv) : y;
    }, g),
  );
}

/**
 * RMS normalisation over the last axis: `x / sqrt(mean(x^2) + eps) * weight` (Llama's RMSNorm).
 * @param x - `[..., d]`
 * @param weight - optional `[d]` scale
 * @param options - `eps` (default 1e-6, as Llama)
 * @returns the normalised Var
 * @throws {WcError} `E_SHAPE` when weight is not `[d]`.
 * @example
 * rmsNorm(x, gamma, { eps: 1e-5 });
 */
export function rmsNorm(x: Var, weight?: Var | null, options: { eps?: number } = {}): Var {
  const eps = options.eps ?? 1e-6;
  const d = x.shape[x.shape.length - 1] ?? 1;
  checkAffine(x, weight, d, "rmsNorm weight");
  const xd = x.data;
  const rows = d === 0 ? 0 : xd.length / d;
  const rinv = new Float64Array(rows);
  const out = allocLike(xd, xd.length);
  const wd = weight?.data;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += xd[o + j]! * xd[o + j]!;
    const ri = 1 / Math.sqrt(s / d + eps);
    rinv[r] = ri;
    for (let j = 0; j < d; j++) out[o + j] = xd[o + j]! * ri * (wd ? wd[j]! : 1);
  }
  return makeOutput(out, x.shape, weight ? [x, weight] : [x], (g) => {
    if (x.requiresGrad) {
      const gx = allocLike(xd, xd.length);
      for (let r = 0; r < rows; r++) {
        const o = r * d;
        const ri = rinv[r]!;
        let m = 0;
        for (let j = 0; j < d; j++) m += g[o + j]! * (wd ? wd[j]! : 1) * xd[o + j]!;
        m /= d;
        for (let j = 0; j < d; j++) gx[o + j] = ri * g[o + j]! * (wd ? wd[j]! : 1) - ri * ri * ri * xd[o + j]! * m;
      }
      accumulate(x, gx, true);
    }
    if (weight?.requiresGrad) {
      const gw = allocLike(xd, d);
      for (let i = 0; i < xd.length; i++) gw[i % d]! += g[i]! * xd[i]! * rinv[Math.floor(i / d)]!;
      accumulate(weight, gw, true);
    }
  }, "rmsNorm", (g) =>
    compositeBackward(weight ? [x, weight] : [x], ([xv, wv]) => {
      const h = mul(xv!, pow(add(mean(mul(xv!, xv!), { axis: -1, keepDims: true }), eps), -0.5));
      return wv ? mul(h, wv) : h;
    }, g),
  );
}
