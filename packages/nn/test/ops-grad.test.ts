import { describe, expect, it } from "vitest";
import { Rng, tensor, type Tensor } from "@wc/tensor";
import {
  abs, add, avgPool2d, batchNorm, concat, conv2d, crossEntropy, customOp, div, dropout, embedding, exp, gelu,
  gradCheck, layerNorm, linear, log, logSoftmax, maskedFill, matmul, maxPool2d, mean, mse, mul, neg, pow,
  relu, reshape, rmsNorm, rope, scale, sigmoid, silu, slice, softmax, sqrt, straightThrough,
  sub, sum, tanh, transpose, Var,
} from "../src/index";
import { rand, randAway } from "./helpers";

const TOL = 1e-6;
type Case = [string, (v: Var[]) => Var, Tensor[]];

const causal = tensor(new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0, 0]), [3, 3]);

const cases: Case[] = [
  ["add broadcast", ([a, b]) => add(a!, b!), [rand([3, 4], 1), rand([4], 2)]],
  ["add broadcast both", ([a, b]) => add(a!, b!), [rand([3, 1], 1), rand([1, 4], 2)]],
  ["sub broadcast", ([a, b]) => sub(a!, b!), [rand([2, 3, 4], 3), rand([3, 1], 4)]],
  ["mul broadcast", ([a, b]) => mul(a!, b!), [rand([2, 3, 4], 5), rand([1, 3, 4], 6)]],
  ["div broadcast", ([a, b]) => div(a!, b!), [rand([3, 4], 7), rand([4], 8, 0.5, 2)]],
  ["scalar ops", ([a]) => sub(2, div(mul(a!, 3), 4)), [rand([5], 9)]],
  ["learnable mask", ([w, m]) => mul(w!, m!), [rand([4, 5], 10), rand([4, 5], 11, 0, 1)]],
  ["neg/scale/pow", ([a]) => scale(neg(pow(a!, 3)), 0.5), [rand([6], 12)]],
  ["abs (away from 0)", ([a]) => mul(abs(a!), a!), [randAway([2, 5], 78)]],
  ["exp/log/sqrt", ([a]) => sqrt(log(exp(a!))), [rand([6], 13, 0.5, 2)]],
  ["sum axes", ([a]) => sum(a!, { axis: [0, 2] }), [rand([2, 3, 4], 14)]],
  ["sum keepDims", ([a]) => sum(a!, { axis: -1, keepDims: true }), [rand([3, 4], 15)]],
  ["mean all", ([a]) => mean(a!), [rand([3, 4], 16)]],
  ["mean axis 1", ([a]) => mean(a!, { axis: 1 }), [rand([3, 4, 2], 17)]],
  ["reshape", ([a]) => mul(reshape(a!, [4, 3]), reshape(a!, [4, 3])), [rand([3, 4], 18)]],
  ["transpose perm", ([a]) => transpose(a!, [2, 0, 1]), [rand([2, 3, 4], 19)]],
  ["slice", ([a]) => slice(a!, [[1, 3], null, [1, 2]]), [rand([3, 4, 3], 20)]],
  ["concat axis 1", ([a, b]) => concat([a!, b!], 1), [rand([2, 3, 2], 21), rand([2, 1, 2], 22)]],
  ["embedding repeated ids", ([w]) => embedding(w!, tensor(new Int32Array([2, 0, 2, 3]), [2, 2])), [rand([4, 3], 23)]],
  ["matmul 2-D", ([a, b]) => matmul(a!, b!), [rand([3, 4], 24), rand([4, 5], 25)]],
  ["matmul batched", ([a, b]) => matmul(a!, b!), [rand([2, 3, 4], 26), rand([2, 4, 2], 27)]],
  ["matmul shared rhs", ([a, b]) => matmul(a!, b!), [rand([2, 3, 4], 28), rand([4, 2], 29)]],
  ["linear", ([x, w, b]) => linear(x!, w!, b!), [rand([2, 3, 4], 30), rand([5, 4], 31), rand([5], 32)]],
  ["relu", ([a]) => relu(a!), [randAway([10], 33)]],
  ["gelu erf", ([a]) => gelu(a!), [rand([10], 34, -4, 4)]],
  ["gelu tanh", ([a]) => gelu(a!, { approximate: "tanh" }), [rand([10], 35, -4, 4)]],
  ["silu", ([a]) => silu(a!), [rand([10], 36, -4, 4)]],
  ["tanh", ([a]) => tanh(a!), [rand([10], 37, -3, 3)]],
  ["sigmoid", ([a]) => sigmoid(a!), [rand([10], 38, -5, 5)]],
  ["softmax", ([a]) => softmax(a!), [rand([3, 5], 39, -3, 3)]],
  ["logSoftmax", ([a]) => logSoftmax(a!), [rand([3, 5], 40, -3, 3)]],
  ["masked softmax", ([a]) => softmax(maskedFill(a!, causal, -Infinity)), [rand([2, 3, 3], 41)]],
  ["crossEntropy", ([a]) => crossEntropy(a!, [1, 0, 4]), [rand([3, 5], 42, -2, 2)]],
  ["crossEntropy ignore+smoothing", ([a]) => crossEntropy(a!, [1, -100, 4, 2], { labelSmoothing: 0.2 }), [rand([4, 5], 43, -2, 2)]],
  ["crossEntropy sum 3-D", ([a]) => crossEntropy(a!, [1, 0, 2, 2], { reduction: "sum", ignoreIndex: 0 }), [rand([2, 2, 3], 44)]],
  ["mse", ([a, b]) => mse(a!, b!), [rand([3, 4], 45), rand([3, 4], 46)]],
  ["layerNorm", ([x, w, b]) => layerNorm(x!, w!, b!), [rand([3, 6], 47), rand([6], 48), rand([6], 49)]],
  ["layerNorm no affine", ([x]) => layerNorm(x!), [rand([2, 2, 5], 50)]],
  ["rmsNorm", ([x, w]) => rmsNorm(x!, w!), [rand([3, 6], 51), rand([6], 52)]],
  ["batchNorm train 4-D", ([x, w, b]) => batchNorm(x!, w!, b!, null, null), [rand([3, 2, 2, 3], 53), rand([2], 54), rand([2], 55)]],
  ["batchNorm eval", ([x, w, b]) => batchNorm(x!, w!, b!, tensor(new Float64Array([0.1, -0.2]), [2]) as never, tensor(new Float64Array([0.5, 2]), [2]) as never, { training: false }), [rand([3, 2, 4], 56), rand([2], 57), rand([2], 58)]],
  ["dropout seeded", ([a]) => dropout(a!, 0.3, new Rng(5)), [rand([20], 59)]],
  ["custom op", ([a, b]) => customOp([a!, b!], ([x, y]) => tensor(x!.data.map((v, i) => v * y!.data[i]!), x!.shape), (g, [x, y]) => [tensor(g.data.map((v, i) => v * y!.data[i]!), g.shape), tensor(g.data.map((v, i) => v * x!.data[i]!), g.shape)]), [rand([4], 60), rand([4], 61)]],
  ["rope half", ([a]) => rope(a!), [rand([2, 3, 4, 6], 62)]],
  ["rope interleaved offset", ([a]) => rope(a!, { pairing: "interleaved", offset: 3, base: 100 }), [rand([1, 2, 5, 4], 63)]],
  ["conv2d basic", ([x, w, b]) => conv2d(x!, w!, b!), [rand([2, 3, 5, 5], 64), rand([4, 3, 3, 3], 65), rand([4], 66)]],
  ["conv2d stride+pad+dilation", ([x, w]) => conv2d(x!, w!, null, { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }), [rand([1, 2, 6, 5], 67), rand([3, 2, 3, 2], 68)]],
  ["conv2d groups", ([x, w, b]) => conv2d(x!, w!, b!, { groups: 2, padding: 1 }), [rand([2, 4, 4, 4], 69), rand([6, 2, 3, 3], 70), rand([6], 71)]],
  ["conv2d depthwise", ([x, w]) => conv2d(x!, w!, null, { groups: 3, stride: 2, padding: 1 }), [rand([1, 3, 5, 5], 72), rand([3, 1, 3, 3], 73)]],
  ["maxPool2d", ([x]) => maxPool2d(x!, 2), [rand([2, 2, 4, 4], 74)]],
  ["maxPool2d pad stride", ([x]) => maxPool2d(x!, 3, { stride: 2, padding: 1 }), [rand([1, 2, 5, 5], 75)]],
  ["avgPool2d pad", ([x]) => avgPool2d(x!, 3, { stride: 2, padding: 1 }), [rand([1, 2, 5, 4], 76)]],
];

describe("finite-difference gradient checks (float64, rel. error < 1e-6)", () => {
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      const r = gradCheck(f, inputs);
      expect(r.maxRelError).toBeLessThan(TOL);
      // the check is not vacuous: some gradient is non-zero
      expect(r.analytic.some((g) => g.data.some((v) => v !== 0))).toBe(true);
    });
  }
  it("abs: |x| and the subgradient sign(x), exactly 0 at 0", () => {
    const x = new Var(tensor(new Float64Array([-2.5, -0, 0, 1e-300, 3]), [5]), { requiresGrad: true });
    const y = abs(x);
    expect(Array.from(y.data)).toEqual([2.5, 0, 0, 1e-300, 3]);
    sum(mul(y, 2)).backward();
    // d/dx 2|x| = 2 sign(x): 2*np.sign([-2.5,-0.,0.,1e-300,3.]) -> [-2, 0, 0, 2, 2]
    expect(Array.from(x.grad!.data, (g) => g + 0)).toEqual([-2, 0, 0, 2, 2]);
  });
  it("straight-through estimator passes the gradient unchanged", () => {
    const r = gradCheck(([a]) => mul(straightThrough(a!, Math.round), a!), [rand([5], 77, -3, 3)]);
    // d/da [round(a) * a] with STE = a + round(a); the numeric derivative is round(a) (round is flat)
    const a = rand([5], 77, -3, 3).data;
    const u = new Rng(1);
    r.analytic[0]!.data.forEach((g, i) => {
      const ri = 2 * u.uniform() - 1;
      expect(g).toBeCloseTo(ri * (a[i]! + Math.round(a[i]!)), 12);
    });
  });
});
