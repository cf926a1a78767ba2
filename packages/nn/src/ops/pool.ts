import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";
import { pair, type Pair } from "./conv";
import { indexMap } from "./index-map";

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dOptions {
  /** Step between windows; default the kernel size. */
  stride?: Pair;
  /** Implicit padding on each side (ignored by max, counted as zeros by average, as PyTorch's `count_include_pad=True`); default 0. */
  padding?: Pair;
}

function setup(x: Var, kernel: Pair, options: Pool2dOptions, where: string) {
  if (x.shape.length !== 4) throw new WcError("E_SHAPE", `${where}: expected [N, C, H, W], got ${fmt(x.shape)}`);
  const [kh, kw] = pair(kernel, 1, `${where} kernel`);
  const [sh, sw] = pair(options.stride ?? kernel, 1, `${where} stride`);
  const [ph, pw] = pair(options.padding, 0, `${where} padding`);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || 2 * ph > kh || 2 * pw > kw) {
    throw new WcError("E_RANGE", `${where}: kernel and stride must be >= 1 and padding at most half the kernel`);
  }
  const OH = Math.floor((H + 2 * ph - kh) / sh) + 1;
  const OW = Math.floor((W + 2 * pw - kw) / sw) + 1;
  if (OH < 1 || OW < 1) throw new WcError("E_SHAPE", `${where}: the ${kh}x${kw} window does not fit the ${H}x${W} input`);
  return { N, C, H, W, kh, kw, sh, sw, ph, pw, OH, OW };
}

/**
 * 2-D max pooling over `[N, C, H, W]`; the gradient goes to the first maximum of each window.
 * @param x - input
 * @param kernel - window size
 * @param options - see {@link Pool2dOptions}
 * @returns `[N, C, OH, OW]`
 * @throws {WcError} `E_SHAPE` for a non-4-D input or a window larger than the input; `E_RANGE` for bad sizes.
 * @example
 * maxPool2d(x, 2);
 */
export function maxPool2d(x: Var, kernel: Pair, options: Pool2dOptions = {}): Var {
  const { N, C, H, W, kh, kw, sh, sw, ph, pw, OH, OW } = setup(x, kernel, options, "maxPool2d");
  const xd = x.data;
  const out = allocLike(xd, N * C * OH * OW);
  const arg = new Int32Array(out.length);
  for (let nc = 0; nc < N * C; nc++) {
    const xo = nc * H * W;
    for (let oi = 0; oi < OH; oi++) {
      for (let oj = 0; oj < OW; oj++) {
        let best = -Infinity;
        let bi = -1;
        for (let a = 0; a < kh; a++) {
          const i = oi * sh - ph + a;
          if (i < 0 || i >= H) continue;
          for (let b = 0; b < kw; b++) {
            const j = oj * sw - pw + b;
            if (j < 0 || j >= W) continue;
            const v = xd[xo + i * W + j]!;
            if (v > best || bi < 0) {
              best = v;
              bi = xo + i * W + j;
            }
          }
        }
        const p = (nc * OH + oi) * OW + oj;
        out[p] = best;
        arg[p] = bi;
      }
    }
  }
  return makeOutput(out, [N, C, OH, OW], [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let p = 0; p < arg.length; p++) gx[arg[p]!]! += g[p]!;
    accumulate(x, gx, true);
  }, "maxPool2d", (g) => {
    const ps: number[] = [];
    const xs: number[] = [];
    for (let p = 0; p < arg.length; p++) if (arg[p]! >= 0) (ps.push(p), xs.push(arg[p]!));
    return [indexMap(g, Int32Array.from(ps), Int32Array.from(xs), 1, x.shape)];
  });
}

/**
 * 2-D average pooling over `[N, C, H, W]` (padding counted as zeros in the divisor).
 * @param x - input
 * @param kernel - window size
 * @param options - see {@link Pool2dOptions}
 * @returns `[N, C, OH, OW]`
 * @throws {WcError} `E_SHAPE` for a non-4-D input or a window larger than the input; `E_RANGE` for bad sizes.
 * @example
 * avgPool2d(x, 2);
 */
export function avgPool2d(x: Var, kernel: Pair, options: Pool2dOptions = {}): Var {
  const { N, C, H, W, kh, kw, sh, sw, ph, pw, OH, OW } = setup(x, kernel, options, "avgPool2d");
  const xd = x.data;
  const out = allocLike(xd, N * C * OH * OW);
  const f = 1 / (kh * kw);
  const visit = (cb: (xi: number, p: number) => void): void => {
    for (let nc = 0; nc < N * C; nc++) {
      for (let oi = 0; oi < OH; oi++) {
        for (let oj = 0; oj < OW; oj++) {
          const p = (nc * OH + oi) * OW + oj;
          for (let a = 0; a < kh; a++) {
            const i = oi * sh - ph + a;
            if (i < 0 || i >= H) continue;
            for (let b = 0; b < kw; b++) {
              const j = oj * sw - pw + b;
              if (j >= 0 && j < W) cb(nc * H * W + i * W + j, p);
            }
          }
        }
      }
    }
  };
  visit((xi, p) => {
    out[p]! += xd[xi]! * f;
  });
  return makeOutput(out, [N, C, OH, OW], [x], (g) => {
    const gx = allocLike(xd, xd.length);
    visit((xi, p) => {
      gx[xi]! += g[p]! * f;
    });
    accumulate(x, gx, true);
  }, "avgPool2d", (g) => {
    const ps: number[] = [];
    const xs: number[] = [];
    visit((xi, p) => (ps.push(p), xs.push(xi)));
    return [indexMap(g, Int32Array.from(ps), Int32Array.from(xs), f, x.shape)];
  });
}
