import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";
import { convBackwardKernel, convForwardKernel, type ConvSpec, type Geo } from "./conv-kernels";
import { convInputGrad, convWeightGrad } from "./conv-grad";
import { sum } from "./reduce";

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
  const K = CG * KH * KW;
  const L = OH * OW;
  // Images per chunk: the whole batch unless its column matrix [K, N*L] exceeds the budget.
  const NB = Math.max(1, Math.min(N, Math.floor(colsBudget / (K * L))));
  const sp: ConvSpec = { N, C, O, G, geo, NB };
  const xd = x.data;
  const wd = weight.data;
  const out = convForwardKernel(xd, wd, bias ? bias.data : null, sp);
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeOutput(out, [N, O, OH, OW], parents, (gy) => {
    const { gx, gw } = convBackwardKernel(gy, weight.requiresGrad ? xd : null, x.requiresGrad ? wd : null, sp);
    if (gx) accumulate(x, gx, true);
    if (gw) accumulate(weight, gw, true);
    if (bias?.requiresGrad) {
      const gb = allocLike(xd, O);
      for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let l = 0, p = (n * O + o) * L; l < L; l++) gb[o]! += gy[p + l]!;
      accumulate(bias, gb, true);
    }
  }, "conv2d", (g) => [
    x.requiresGrad ? convInputGrad(g, weight, sp, options, colsBudget) : null,
    weight.requiresGrad ? convWeightGrad(x, g, sp, options, colsBudget) : null,
    ...(bias ? [bias.requiresGrad ? sum(g, { axis: [0, 2, 3] }) : null] : []),
  ]);
}
