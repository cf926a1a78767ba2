import type { FloatArray } from "@wc/tensor";
import { allocLike } from "../internal/alloc";
import { gemmRaw } from "../internal/gemm-call";
import { scratch } from "../internal/scratch";

/** Convolution geometry. @internal */
export interface Geo {
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
export function im2col(x: FloatArray, xOff: number, cg: number, g: Geo, cols: FloatArray, colOff: number, ld: number): void {
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
export function col2im(cols: FloatArray, colOff: number, ld: number, cg: number, g: Geo, x: FloatArray, xOff: number): void {
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
export function shuffle(toMat: boolean, nchw: FloatArray, nOff: number, nStride: number, mat: FloatArray, rows: number, b: number, L: number, bias: FloatArray | null, biasOff: number): void {
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

/**
 * Everything a convolution kernel needs besides the data: batch, channels, groups, geometry and
 * the images per im2col chunk. @internal
 */
export interface ConvSpec {
  N: number;
  C: number;
  O: number;
  G: number;
  geo: Geo;
  /** Images per chunk. */
  NB: number;
}

/** The forward convolution `y = conv(x, w) + b` into a new array `[N, O, OH, OW]`. @internal */
export function convForwardKernel(xd: FloatArray, wd: FloatArray, bd: FloatArray | null, sp: ConvSpec): FloatArray {
  const { N, C, O, G, geo, NB } = sp;
  const { H, W, KH, KW, OH, OW } = geo;
  const CG = C / G;
  const OG = O / G;
  const K = CG * KH * KW;
  const L = OH * OW;
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
  return out;
}

/**
 * The backward of the convolution for an output gradient `gy`: the input gradient (needs `wd`)
 * and/or the weight gradient (needs `xd`), as new arrays (null where not asked for). @internal
 */
export function convBackwardKernel(
  gy: FloatArray,
  xd: FloatArray | null,
  wd: FloatArray | null,
  sp: ConvSpec,
): { gx: FloatArray | null; gw: FloatArray | null } {
  const { N, C, O, G, geo, NB } = sp;
  const { H, W, KH, KW, OH, OW } = geo;
  const CG = C / G;
  const OG = O / G;
  const K = CG * KH * KW;
  const L = OH * OW;
  const gx = wd ? allocLike(gy, N * C * H * W) : null;
  const gw = xd ? allocLike(gy, O * K) : null;
  const gcols = gx ? scratch(gy, K * NB * L, 2) : null;
  const cols = gw ? scratch(gy, K * NB * L, 0) : null;
  const ymat = scratch(gy, OG * NB * L, 1);
  for (let n0 = 0; (gw || gx) && n0 < N; n0 += NB) {
    const b = Math.min(NB, N - n0);
    const ld = b * L;
    for (let g = 0; g < G; g++) {
      shuffle(true, gy, (n0 * O + g * OG) * L, O * L, ymat, OG, b, L, null, 0);
      if (gw && cols && xd) {
        for (let j = 0; j < b; j++) im2col(xd, ((n0 + j) * C + g * CG) * H * W, CG, geo, cols, j * L, ld);
        gemmRaw(OG, K, ld, ymat, 0, ld, 1, cols, 0, 1, ld, gw, g * OG * K, K, 1);
      }
      if (gx && gcols && wd) {
        gemmRaw(K, ld, OG, wd, g * OG * K, 1, K, ymat, 0, ld, 1, gcols, 0, ld, 0);
        for (let j = 0; j < b; j++) col2im(gcols, j * L, ld, CG, geo, gx, ((n0 + j) * C + g * CG) * H * W);
      }
    }
  }
  return { gx, gw };
}
