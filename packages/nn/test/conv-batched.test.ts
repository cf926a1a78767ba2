import { describe, expect, it } from "vitest";
import { type FloatTensor } from "@wc/tensor";
import { Var, constant, conv2d, gradCheck, sum } from "../src/index";
import { conv2dChunked, type Conv2dOptions } from "../src/ops/conv";
import { rand } from "./helpers";

/** Direct seven-loop cross-correlation (zero padding), an oracle independent of im2col and GEMM. */
function direct(x: FloatTensor, w: FloatTensor, b: FloatTensor | null, s: number, p: number, d: number, G: number): Float64Array {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, CG, KH, KW] = w.shape as [number, number, number, number];
  const OH = Math.floor((H + 2 * p - d * (KH - 1) - 1) / s) + 1;
  const OW = Math.floor((W + 2 * p - d * (KW - 1) - 1) / s) + 1;
  const OG = O / G;
  const y = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          let acc = b ? b.data[o]! : 0;
          const g = Math.floor(o / OG);
          for (let c = 0; c < CG; c++)
            for (let ki = 0; ki < KH; ki++)
              for (let kj = 0; kj < KW; kj++) {
                const ii = i * s - p + ki * d;
                const jj = j * s - p + kj * d;
                if (ii < 0 || ii >= H || jj < 0 || jj >= W) continue;
                acc += x.data[((n * C + g * CG + c) * H + ii) * W + jj]! * w.data[((o * CG + c) * KH + ki) * KW + kj]!;
              }
          y[((n * O + o) * OH + i) * OW + j] = acc;
        }
  return y;
}

describe("conv2d over the whole batch (one GEMM per group, chunked by a column budget)", () => {
  const x = rand([5, 4, 5, 6], 101);
  const w = rand([6, 2, 3, 3], 102);
  const b = rand([6], 103);
  const opts: Conv2dOptions = { groups: 2, padding: 1, stride: 2, dilation: 1 };
  // K = 2*3*3 = 18, L = 3*3 = 9: a budget of 18*9*k elements gives chunks of k images
  for (const [label, budget] of [["whole batch", 1 << 22], ["chunks of 2 (2+2+1)", 18 * 9 * 2], ["one image per chunk", 1]] as const) {
    it(`forward equals a direct convolution: ${label}`, () => {
      const y = conv2dChunked(constant(x), constant(w), constant(b), opts, budget);
      expect(y.shape).toEqual([5, 6, 3, 3]);
      const ref = direct(x, w, b, 2, 1, 1, 2);
      ref.forEach((r, i) => expect(Math.abs(y.data[i]! - r)).toBeLessThan(1e-12));
    });
  }
  it("gradients agree with central differences when the batch is split into uneven chunks", () => {
    const r = gradCheck(([a, k, c]) => conv2dChunked(a!, k!, c!, opts, 18 * 9 * 2), [rand([3, 4, 5, 6], 104), rand([6, 2, 3, 3], 105), rand([6], 106)]);
    expect(r.maxRelError).toBeLessThan(1e-6);
    expect(r.analytic.every((g) => g.data.some((v) => v !== 0))).toBe(true);
  });
  it("dilated, unpadded, biasless conv of a batch equals the direct form", () => {
    const xi = rand([4, 3, 7, 7], 107);
    const wi = rand([5, 3, 2, 3], 108);
    const y = conv2d(constant(xi), constant(wi), null, { dilation: 2 });
    const ref = direct(xi, wi, null, 1, 0, 2, 1);
    expect(y.data.length).toBe(ref.length);
    ref.forEach((r, i) => expect(Math.abs(y.data[i]! - r)).toBeLessThan(1e-12));
  });
  it("a bias-only gradient is the count of output positions per channel", () => {
    const bias = new Var(rand([6], 109), { requiresGrad: true });
    sum(conv2d(constant(x), constant(w), bias, opts)).backward();
    // 5 images x 3 x 3 outputs per channel
    expect(Array.from(bias.grad!.data)).toEqual([45, 45, 45, 45, 45, 45]);
  });
  it("reused work buffers never leak: a NaN-filled larger conv before a padded one changes nothing", () => {
    const poison = rand([6, 4, 9, 9], 110);
    poison.data.fill(NaN);
    const pw = new Var(rand([6, 2, 3, 3], 111), { requiresGrad: true });
    const px = new Var(poison, { requiresGrad: true });
    sum(conv2d(px, pw, null, { groups: 2, padding: 1 })).backward();
    const xv = new Var(x, { requiresGrad: true });
    const y = conv2d(xv, constant(w), constant(b), opts);
    const ref = direct(x, w, b, 2, 1, 1, 2);
    ref.forEach((r, i) => expect(Math.abs(y.data[i]! - r)).toBeLessThan(1e-12));
    sum(conv2d(px, pw, null, { groups: 2, padding: 1 })).backward();
    sum(y).backward();
    expect(xv.grad!.data.every((g) => Number.isFinite(g))).toBe(true);
    expect(xv.grad!.data.some((g) => g !== 0)).toBe(true);
  });
});

describe("im2col/col2im edge ranges", () => {
  it("forward equals the direct convolution for every stride/padding/dilation/kernel combination on a 5x7 image", () => {
    let seed = 300;
    for (const s of [1, 2, 3])
      for (const p of [0, 1, 2])
        for (const d of [1, 2])
          for (const k of [1, 2, 3]) {
            if (2 * p > k * d && p > 0 && k === 1) continue;
            const x = rand([2, 2, 5, 7], seed++);
            const w = rand([3, 2, k, k], seed++);
            const OH = Math.floor((5 + 2 * p - d * (k - 1) - 1) / s) + 1;
            const OW = Math.floor((7 + 2 * p - d * (k - 1) - 1) / s) + 1;
            if (OH < 1 || OW < 1) continue;
            const y = conv2d(constant(x), constant(w), null, { stride: s, padding: p, dilation: d });
            const ref = direct(x, w, null, s, p, d, 1);
            expect(y.data.length).toBe(ref.length);
            ref.forEach((r, i) => expect(Math.abs(y.data[i]! - r), `s${s} p${p} d${d} k${k} at ${i}`).toBeLessThan(1e-12));
          }
  });
  it("input gradients agree with central differences with stride 3, padding 2, dilation 2", () => {
    const r = gradCheck(([a, k]) => conv2d(a!, k!, null, { stride: 3, padding: 2, dilation: 2 }), [rand([1, 2, 5, 7], 401), rand([2, 2, 3, 2], 402)]);
    expect(r.maxRelError).toBeLessThan(1e-6);
  });
});
