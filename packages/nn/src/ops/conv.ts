import { WcError, type FloatArray } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";
import { gemmRaw } from "../internal/gemm-call";
import { scratch } from "../internal/scratch";

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

/**
 * Unfolds channels `c0..c0+cg` of the image at `xOff` into rows `0..cg*KH*KW` of `cols`, columns
 * `colOff..colOff+OH*OW`, with row stride `ld` (so several images sit side by side).
 */
function im2col(x: FloatArray, xOff: number, cg: number, g: Geo, cols: FloatArray, colOff: number, ld: number): void {
  const { H, W, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw } = g;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const xc = xOff + c * H * W;
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++, row++) {
        const base = colOff + row * ld;
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

/** Folds one image's block of `cols` (layout as {@link im2col}) back, adding into the image at `xOff`. */
function col2im(cols: FloatArray, colOff: number, ld: number, cg: number, g: Geo, x: FloatArray, xOff: number): void {
  const { H, W, KH, KW, OH, OW, sh, sw, ph, pw, dh, dw } = g;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const xc = xOff + c * H * W;
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++, row++) {
        const base = colOff + row * ld;
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
 * Moves the `[rows, L]` blocks of `b` images between the `[N, O, L]` layout (`nchw`, block of
 * image j at `nOff + j * nStride`) and a `[rows, b * L]` matrix `mat` (image j in columns
 * `j*L..`). `toMat` gathers into `mat`; otherwise it scatters, adding `bias[row]` when given.
 */
function shuffle(toMat: boolean, nchw: FloatArray, nOff: number, nStride: number, mat: FloatArray, rows: number, b: number, L: number, bias: FloatArray | null, biasOff: number): void {
  const ld = b * L;
  for (let r = 0; r < rows; r++) {
    const add = bias ? bias[biasOff + r]! : 0;
    for (let j = 0; j < b; j++) {
      const p = nOff + j * nStride + r * L;
      const q = r * ld + j * L;
      if (toMat) for (let l = 0; l < L; l++) mat[q + l] = nchw[p + l]!;
      else for (let l = 0; l < L; l++) nchw[p + l] = mat[q + l]! + add;
    }
  }
}

/** Column-buffer budget (elements) per chunk of images: bounds the im2col memory of large batches. */
const COLS_BUDGET = 1 << 22;

/**
 * 2-D convolution (cross-correlation, as PyTorch `F.conv2d`) of `x [N, C, H, W]` with
 * `weight [O, C/groups, KH, KW]`, via im2col + @wc/tensor's GEMM:
 * one GEMM per group over the whole batch (columns of all images side by side), split into chunks
 * only when the column matrix would exceed 2^22 elements.
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
  return conv2dChunked(x, weight, bias ?? null, options, COLS_BUDGET);
}

/**
 * {@link conv2d} with an explicit column-buffer budget in elements (tests use a small one to
 * exercise the chunking).
 * @internal
 */
export function conv2dChunked(x: Var, weight: Var, bias: Var | null, options: Conv2dOptions, colsBudget: number): Var {
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
  // Images per chunk: the whole batch unless its column matrix [K, N*L] exceeds the budget.
  const NB = Math.max(1, Math.min(N, Math.floor(colsBudget / (K * L))));
  const xd = x.data;
  const wd = weight.data;
  const bd = bias ? bias.data : null;
  const out = allocLike(xd, N * O * L);
  const cols = scratch(xd, K * NB * L, 0);
  const ymat = scratch(xd, OG * NB * L, 1);
  for (let n0 = 0; n0 < N; n0 += NB) {
    const b = Math.min(NB, N - n0);
    const ld = b * L;
    for (let g = 0; g < G; g++) {
      for (let j = 0; j < b; j++) im2col(xd, ((n0 + j) * C + g * CG) * H * W, CG, geo, cols, j * L, ld);
      gemmRaw(OG, ld, K, wd, g * OG * K, K, 1, cols, 0, ld, 1, ymat, 0, ld, 0);
      shuffle(false, out, (n0 * O + g * OG) * L, O * L, ymat, OG, b, L, bd, g * OG);
    }
  }
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeOutput(out, [N, O, OH, OW], parents, (gy) => {
    const gx = x.requiresGrad ? allocLike(xd, xd.length) : null;
    const gw = weight.requiresGrad ? allocLike(wd, wd.length) : null;
    const gcols = gx ? scratch(xd, K * NB * L, 2) : null;
    const cols = gw ? scratch(xd, K * NB * L, 0) : null;
    const ymat = scratch(xd, OG * NB * L, 1);
    for (let n0 = 0; (gw || gx) && n0 < N; n0 += NB) {
      const b = Math.min(NB, N - n0);
      const ld = b * L;
      for (let g = 0; g < G; g++) {
        shuffle(true, gy, (n0 * O + g * OG) * L, O * L, ymat, OG, b, L, null, 0);
        if (gw && cols) {
          for (let j = 0; j < b; j++) im2col(xd, ((n0 + j) * C + g * CG) * H * W, CG, geo, cols, j * L, ld);
          gemmRaw(OG, K, ld, ymat, 0, ld, 1, cols, 0, 1, ld, gw, g * OG * K, K, 1);
        }
        if (gx && gcols) {
          gemmRaw(K, ld, OG, wd, g * OG * K, 1, K, ymat, 0, ld, 1, gcols, 0, ld, 0);
          for (let j = 0; j < b; j++) col2im(gcols, j * L, ld, CG, geo, gx, ((n0 + j) * C + g * CG) * H * W);
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
