import { WcError, type FloatArray } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";
import { gemmRaw } from "../internal/gemm-call";

/** A size given once for both spatial axes or as `[height, width]`. */
export type Pair = number | readonly [number, number];

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Step between windows; default 1. */
  stride?: Pair;
  /** Zero padding on each side; default 0. */
  padding?: Pair;
  /** Spacing between kernel taps; default 1. */
  dilation?: Pair;
  /** Channel groups: `in` and `out` channels split into this many independent blocks; default 1. `groups = in` is depthwise. */
  groups?: number;
}

/** Expands a {@link Pair}. @internal */
export function pair(p: Pair | undefined, dflt: number, what: string): [number, number] {
  const v: [number, number] = p === undefined ? [dflt, dflt] : typeof p === "number" ? [p, p] : [p[0], p[1]];
  if (!v.every((x) => Number.isInteger(x) && x >= 0)) throw new WcError("E_RANGE", `${what}: expected non-negative integers, got ${String(p)}`);
  return v;
}

interface Geo {
  C: number;
  H: number;
  W: number;
  KH: number;
  KW: number;
  OH: number;
  OW: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
}

/** Unfolds channels `c0..c0+cg` of image `xOff` into `cols [cg*KH*KW, OH*OW]`. */
function im2col(x: FloatArray, xOff: number, cg: number, g: Geo, cols: FloatArray): void {
  const { H, W, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw } = g;
  const L = OH * OW;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const xc = xOff + c * H * W;
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++, row++) {
        const base = row * L;
        for (let oi = 0; oi < OH; oi++) {
          const ii = oi * sh - ph + ki * dh;
          const o = base + oi * OW;
          if (ii < 0 || ii >= H) {
            for (let oj = 0; oj < OW; oj++) cols[o + oj] = 0;
            continue;
          }
          const xr = xc + ii * W;
          for (let oj = 0; oj < OW; oj++) {
            const jj = oj * sw - pw + kj * dw;
            cols[o + oj] = jj >= 0 && jj < W ? x[xr + jj]! : 0;
          }
        }
      }
    }
  }
}

/** Folds `cols` back, adding into the image at `xOff` (the adjoint of im2col). */
function col2im(cols: FloatArray, cg: number, g: Geo, x: FloatArray, xOff: number): void {
  const { H, W, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw } = g;
  const L = OH * OW;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const xc = xOff + c * H * W;
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++, row++) {
        const base = row * L;
        for (let oi = 0; oi < OH; oi++) {
          const ii = oi * sh - ph + ki * dh;
          if (ii < 0 || ii >= H) continue;
          const xr = xc + ii * W;
          const o = base + oi * OW;
          for (let oj = 0; oj < OW; oj++) {
            const jj = oj * sw - pw + kj * dw;
            if (jj >= 0 && jj < W) x[xr + jj]! += cols[o + oj]!;
          }
        }
      }
    }
  }
}

/**
 * 2-D convolution (cross-correlation, as PyTorch `F.conv2d`) of `x [N, C, H, W]` with
 * `weight [O, C/groups, KH, KW]`, via im2col + @wc/tensor's GEMM per image and group.
 * @param x - input images
 * @param weight - filters
 * @param bias - optional `[O]`
 * @param options - see {@link Conv2dOptions}
 * @returns `[N, O, OH, OW]` with `OH = floor((H + 2 ph - dh (KH - 1) - 1) / sh) + 1`
 * @throws {WcError} `E_SHAPE` for wrong ranks, channels not divisible by groups, or an empty output;
 *   `E_DTYPE` for mixed dtypes; `E_RANGE` for bad stride/padding/dilation.
 * @example
 * conv2d(x, w, b, { stride: 2, padding: 1, groups: 4 });
 */
export function conv2d(x: Var, weight: Var, bias?: Var | null, options: Conv2dOptions = {}): Var {
  sameDType(x, weight, "conv2d");
  const [sh, sw] = pair(options.stride, 1, "conv2d stride");
  const [ph, pw] = pair(options.padding, 0, "conv2d padding");
  const [dh, dw] = pair(options.dilation, 1, "conv2d dilation");
  const G = options.groups ?? 1;
  if (x.shape.length !== 4 || weight.shape.length !== 4) {
    throw new WcError("E_SHAPE", `conv2d: expected x [N, C, H, W] and weight [O, C/groups, KH, KW], got ${fmt(x.shape)} and ${fmt(weight.shape)}`);
  }
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, CG, KH, KW] = weight.shape as [number, number, number, number];
  if (sh < 1 || sw < 1 || dh < 1 || dw < 1) throw new WcError("E_RANGE", "conv2d: stride and dilation must be >= 1");
  if (!Number.isInteger(G) || G < 1 || C % G !== 0 || O % G !== 0 || CG !== C / G) {
    throw new WcError("E_SHAPE", `conv2d: groups=${G} must divide in (${C}) and out (${O}) channels, and weight.shape[1] must be ${C / G}; got ${CG}`);
  }
  const OH = Math.floor((H + 2 * ph - dh * (KH - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + 2 * pw - dw * (KW - 1) - 1) / sw) + 1;
  if (OH < 1 || OW < 1) throw new WcError("E_SHAPE", `conv2d: the kernel ${KH}x${KW} does not fit the padded ${H}x${W} input`);
  if (bias) {
    sameDType(x, bias, "conv2d bias");
    if (bias.shape.length !== 1 || bias.shape[0] !== O) throw new WcError("E_SHAPE", `conv2d: bias must be [${O}], got ${fmt(bias.shape)}`);
  }
  const geo: Geo = { C, H, W, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw };
  const OG = O / G;
  const K = CG * KH * KW;
  const L = OH * OW;
  const xd = x.data;
  const wd = weight.data;
  const out = allocLike(xd, N * O * L);
  const cols = allocLike(xd, K * L);
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < G; g++) {
      im2col(xd, (n * C + g * CG) * H * W, CG, geo, cols);
      gemmRaw(OG, L, K, wd, g * OG * K, K, 1, cols, 0, L, 1, out, (n * O + g * OG) * L, L, 0);
    }
  }
  if (bias) {
    const bd = bias.data;
    for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let l = 0, p = (n * O + o) * L; l < L; l++) out[p + l]! += bd[o]!;
  }
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeOutput(out, [N, O, OH, OW], parents, (gy) => {
    const gx = x.requiresGrad ? allocLike(xd, xd.length) : null;
    const gw = weight.requiresGrad ? allocLike(wd, wd.length) : null;
    const gcols = allocLike(xd, K * L);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        const yOff = (n * O + g * OG) * L;
        if (gw) {
          im2col(xd, (n * C + g * CG) * H * W, CG, geo, cols);
          gemmRaw(OG, K, L, gy, yOff, L, 1, cols, 0, 1, L, gw, g * OG * K, K, 1);
        }
        if (gx) {
          gemmRaw(K, L, OG, wd, g * OG * K, 1, K, gy, yOff, L, 1, gcols, 0, L, 0);
          col2im(gcols, CG, geo, gx, (n * C + g * CG) * H * W);
        }
      }
    }
    if (gx) accumulate(x, gx, true);
    if (gw) accumulate(weight, gw, true);
    if (bias?.requiresGrad) {
      const gb = allocLike(xd, O);
      for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let l = 0, p = (n * O + o) * L; l < L; l++) gb[o]! += gy[p + l]!;
      accumulate(bias, gb, true);
    }
  });
}
