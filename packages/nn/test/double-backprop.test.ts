import { Rng, WcError, tensor, type FloatTensor } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import {
  Activation,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MLP,
  MaxPool2d,
  Sequential,
  Var,
  abs,
  add,
  avgPool2d,
  batchNorm,
  concat,
  conv2d,
  crossEntropy,
  customOp,
  div,
  dropout,
  embedding,
  exp,
  gelu,
  grad,
  maskedFill,
  rope,
  layerNorm,
  linear,
  log,
  logSoftmax,
  matmul,
  maxPool2d,
  mean,
  mse,
  mul,
  neg,
  noGrad,
  pow,
  relu,
  reshape,
  rmsNorm,
  scale,
  sigmoid,
  silu,
  slice,
  softmax,
  sqrt,
  sub,
  sum,
  tanh,
  transpose,
  type Module,
} from "../src/index";
import { rand, randAway } from "./helpers";

const leaf = (t: FloatTensor): Var => new Var(t, { requiresGrad: true });
const konst = (t: FloatTensor): Var => new Var(t);

/** Σ_i <g_i, v_i> as a scalar Var. */
function dot(gs: Var[], vs: FloatTensor[]): Var {
  return gs.map((g, i) => sum(mul(g, konst(vs[i]!)))).reduce((a, b) => add(a, b));
}

function flat(xs: ArrayLike<number>[]): Float64Array {
  return Float64Array.from(xs.flatMap((x) => Array.from(x)));
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Hessian-vector product of `f` at the current `params` along a seeded direction: by double
 * backprop (`grad` with createGraph, then `grad` of <g, v>) and by a central difference of
 * first-order gradients, (∇f(p + εv) − ∇f(p − εv)) / 2ε. Both flattened.
 */
function hvpBoth(params: Var[], f: () => Var, seed = 99, eps = 1e-5): { exact: Float64Array; fd: Float64Array } {
  const vs = params.map((p, i) => rand(p.shape, seed + i));
  const g = grad(f(), params, { createGraph: true });
  const hv = grad(dot(g, vs), params);
  const saved = params.map((p) => p.data.slice());
  const at = (s: number): Float64Array => {
    params.forEach((p, i) => p.data.forEach((_, j) => (p.data[j] = saved[i]![j]! + s * eps * vs[i]!.data[j]!)));
    const out = flat(grad(f(), params).map((x) => x.data));
    params.forEach((p, i) => p.data.set(saved[i]!));
    return out;
  };
  const plus = at(1);
  const minus = at(-1);
  return { exact: flat(hv.map((x) => x.data)), fd: plus.map((v, i) => (v - minus[i]!) / (2 * eps)) };
}

/** A non-linear scalar read-out of an op's output, so the op's Hessian terms all matter. */
function readout(y: Var, seed = 7): Var {
  return sum(mul(tanh(y), konst(rand(y.shape, seed))));
}

function expectHvp(params: Var[], f: () => Var): void {
  const { exact, fd } = hvpBoth(params, f);
  expect(Math.max(...exact.map(Math.abs))).toBeGreaterThan(1e-6); // a non-trivial Hessian
  expect(relErr(exact, fd)).toBeLessThan(1e-6);
}

describe("grad with createGraph: Hessian-vector products match finite differences (float64)", () => {
  const cases: [string, () => Var[], (p: Var[]) => Var][] = [
    ["add (broadcast)", () => [leaf(rand([3, 4], 1)), leaf(rand([4], 2))], ([a, b]) => readout(mul(add(a!, b!), add(a!, b!)))],
    ["sub (broadcast)", () => [leaf(rand([2, 3, 4], 1)), leaf(rand([3, 1], 2))], ([a, b]) => readout(sub(a!, b!))],
    ["mul (broadcast)", () => [leaf(rand([3, 4], 1)), leaf(rand([3, 1], 2))], ([a, b]) => readout(mul(a!, b!))],
    ["div (broadcast)", () => [leaf(rand([3, 4], 1)), leaf(rand([4], 2, 0.5, 1.5))], ([a, b]) => readout(div(a!, b!))],
    ["scalar operands", () => [leaf(rand([5], 1))], ([a]) => readout(add(mul(2, a!), sub(1, div(a!, 3))))],
    ["exp, log, sqrt", () => [leaf(rand([6], 1, 0.5, 2))], ([a]) => readout(add(exp(a!), mul(log(a!), sqrt(a!))))],
    ["pow, scale, neg", () => [leaf(rand([6], 1, 0.5, 2))], ([a]) => readout(add(pow(a!, 2.5), neg(scale(pow(a!, 3), 0.3))))],
    ["sigmoid, silu", () => [leaf(rand([6], 1, -2, 2))], ([a]) => readout(mul(sigmoid(a!), silu(a!)))],
    ["relu, abs", () => [leaf(randAway([8], 1))], ([a]) => readout(mul(relu(a!), abs(a!)))],
    ["sum, mean over axes", () => [leaf(rand([2, 3, 4], 1))], ([a]) => readout(add(sum(mul(a!, a!), { axis: 1 }), mean(exp(a!), { axis: -2 })))],
    ["mean keepDims", () => [leaf(rand([2, 3, 4], 1))], ([a]) => readout(mul(a!, mean(mul(a!, a!), { axis: [0, 2], keepDims: true })))],
    ["reshape, transpose", () => [leaf(rand([2, 3, 4], 1))], ([a]) => readout(mul(transpose(a!, [2, 0, 1]), reshape(transpose(a!, [2, 0, 1]), [4, 2, 3])))],
    ["slice, concat", () => [leaf(rand([3, 5], 1)), leaf(rand([3, 2], 2))], ([a, b]) => readout(mul(concat([slice(a!, [null, [1, 4]]), b!], 1), slice(a!, [null, [0, 5]])))],
    ["matmul 2-D", () => [leaf(rand([3, 4], 1)), leaf(rand([4, 5], 2))], ([a, b]) => readout(matmul(a!, b!))],
    ["matmul batched", () => [leaf(rand([2, 3, 4], 1)), leaf(rand([2, 4, 5], 2))], ([a, b]) => readout(matmul(a!, b!))],
    ["matmul shared right operand", () => [leaf(rand([2, 3, 4], 1)), leaf(rand([4, 5], 2))], ([a, b]) => readout(matmul(a!, b!))],
    ["linear with bias", () => [leaf(rand([2, 3, 4], 1)), leaf(rand([5, 4], 2)), leaf(rand([5], 3))], ([x, w, b]) => readout(linear(x!, w!, b!))],
    ["conv2d (stride, padding, groups, bias)", () => [leaf(rand([2, 4, 5, 5], 1)), leaf(rand([6, 2, 3, 3], 2)), leaf(rand([6], 3))], ([x, w, b]) => readout(conv2d(x!, w!, b!, { stride: 2, padding: 1, groups: 2 }))],
    ["conv2d (dilation)", () => [leaf(rand([1, 2, 6, 6], 1)), leaf(rand([3, 2, 2, 2], 2))], ([x, w]) => readout(conv2d(x!, w!, null, { dilation: 2 }))],
    ["batchNorm, batch statistics, affine", () => [leaf(rand([4, 3, 2, 2], 1)), leaf(rand([3], 2, 0.5, 1.5)), leaf(rand([3], 3))], ([x, w, b]) => readout(batchNorm(x!, w!, b!, null, null))],
    ["batchNorm 2-D, no affine", () => [leaf(rand([5, 3], 1))], ([x]) => readout(batchNorm(x!, null, null, null, null))],
    ["batchNorm evaluation", () => [leaf(rand([4, 3], 1)), leaf(rand([3], 2))], ([x, w]) => readout(batchNorm(x!, w!, null, rand([3], 4), rand([3], 5, 0.5, 1), { training: false }))],
    ["maxPool2d", () => [leaf(rand([2, 2, 4, 4], 1))], ([x]) => readout(mul(maxPool2d(x!, 2), maxPool2d(x!, 2)))],
    ["avgPool2d (padding)", () => [leaf(rand([2, 2, 4, 4], 1))], ([x]) => readout(mul(avgPool2d(x!, 3, { stride: 2, padding: 1 }), avgPool2d(x!, 3, { stride: 2, padding: 1 })))],
    ["softmax", () => [leaf(rand([3, 5], 1, -2, 2))], ([x]) => readout(softmax(x!))],
    ["logSoftmax", () => [leaf(rand([3, 5], 1, -2, 2))], ([x]) => readout(logSoftmax(x!))],
    ["crossEntropy (smoothing, ignoreIndex)", () => [leaf(rand([4, 5], 1, -2, 2))], ([x]) => mul(crossEntropy(x!, [1, -100, 4, 0], { labelSmoothing: 0.1 }), crossEntropy(x!, [2, 3, 0, 1]))],
    ["mse", () => [leaf(rand([6], 1)), leaf(rand([6], 2))], ([a, b]) => readout(mul(mse(a!, b!), mse(a!, b!, { reduction: "sum" })))],
    ["layerNorm, rmsNorm", () => [leaf(rand([3, 4], 1)), leaf(rand([4], 2)), leaf(rand([4], 3))], ([x, w, b]) => readout(add(layerNorm(x!, w!, b!), rmsNorm(x!, w!)))],
    ["dropout", () => [leaf(rand([4, 4], 1))], ([x]) => readout(mul(dropout(x!, 0.3, new Rng(3)), x!))],
    ["gelu (exact and tanh)", () => [leaf(rand([6], 1, -2, 2))], ([x]) => readout(mul(gelu(x!), gelu(x!, { approximate: "tanh" })))],
    ["embedding (repeated ids)", () => [leaf(rand([5, 3], 1))], ([w]) => readout(mul(embedding(w!, [1, 3, 1]), embedding(w!, [0, 1, 4])))],
    ["maskedFill", () => [leaf(rand([3, 4], 1))], ([x]) => readout(mul(maskedFill(x!, tensor(Uint8Array.from([1, 0, 0, 1]), [4]), 0.5), x!))],
  ];
  for (const [name, make, f] of cases) {
    it(name, () => {
      const p = make();
      expectHvp(p, () => f(p));
    });
  }

  const hvpModule = (model: Module, x: FloatTensor, y: number[]): void => {
    const params = model.parameters();
    expectHvp(params, () => crossEntropy(model.call(new Var(x)), y));
  };

  it("a small MLP (all parameters)", () => {
    hvpModule(new MLP([5, 7, 6, 3], { seed: 1, dtype: "float64" }), rand([6, 5], 2), [0, 1, 2, 1, 0, 2]);
  });

  it("a small CNN with BatchNorm (batch statistics) and max pooling", () => {
    const cnn = new Sequential(
      new Conv2d(1, 3, 3, { padding: 1, seed: 1, dtype: "float64" }),
      new BatchNorm2d(3, { dtype: "float64" }),
      new Activation("relu"),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(12, 3, { seed: 2, dtype: "float64" }),
    );
    hvpModule(cnn, rand([4, 1, 4, 4], 3), [0, 1, 2, 0]);
  });

  it("through a parameter-transform mask (Hessian with respect to the mask, as CTS's gradnorm objective needs)", () => {
    const mlp = new MLP([4, 6, 3], { seed: 3, dtype: "float64" });
    const masks = mlp.layers.map((l, i) => leaf(rand(l.weight.shape, 10 + i, 0.2, 1)));
    mlp.layers.forEach((l, i) => l.setParameterTransform("weight", (w) => mul(w, masks[i]!)));
    const x = new Var(rand([5, 4], 4));
    // d/dm of the gradient norm ||∇_w L(w ⊙ m)||² is a Hessian-vector-type product: check it too.
    const weights = mlp.layers.map((l) => l.weight);
    const gradNormSq = (): Var => {
      const g = grad(crossEntropy(mlp.call(x), [0, 1, 2, 1, 0]), weights, { createGraph: true });
      return g.map((gi) => sum(mul(gi, gi))).reduce((a, b) => add(a, b));
    };
    const gm = grad(gradNormSq(), masks).map((v) => v.data);
    const eps = 1e-6;
    const fd: number[] = [];
    for (const m of masks) {
      for (let j = 0; j < m.data.length; j++) {
        const v0 = m.data[j]!;
        m.data[j] = v0 + eps;
        const up = gradNormSq().item();
        m.data[j] = v0 - eps;
        const dn = gradNormSq().item();
        m.data[j] = v0;
        fd.push((up - dn) / (2 * eps));
      }
    }
    expect(relErr(flat(gm), fd)).toBeLessThan(1e-6);
    expectHvp(masks, () => crossEntropy(mlp.call(x), [0, 1, 2, 1, 0]));
  });
});

describe("grad with createGraph: closed forms", () => {
  it("quadratic 0.5 xᵀAx: gradient ½(A+Aᵀ)x and Hv = ½(A+Aᵀ)v exactly", () => {
    const A = konst(tensor(Float64Array.from([2, 1, -1, 0.5, 3, 1, 0, -2, 4]), [3, 3]) as FloatTensor);
    const x = leaf(tensor(Float64Array.from([0.3, -0.7, 1.1]), [3, 1]) as FloatTensor);
    const v = tensor(Float64Array.from([1, -2, 0.5]), [3, 1]) as FloatTensor;
    const q = scale(sum(mul(x, matmul(A, x))), 0.5);
    const [g] = grad(q, [x], { createGraph: true });
    // python3 -c "import numpy as np; A=np.array([[2.,1,-1],[0.5,3,1],[0,-2,4]]); x=np.array([0.3,-0.7,1.1]); v=np.array([1.,-2,0.5]); print(((A+A.T)/2@v).tolist(), (0.5*(A+A.T)@x).tolist())"
    [-0.475, -2.425, 4.6].forEach((e, i) => expect(g!.data[i]).toBeCloseTo(e, 13));
    const [hv] = grad(sum(mul(g!, konst(v))), [x]);
    [0.25, -5.5, 2.5].forEach((e, i) => expect(hv!.data[i]).toBeCloseTo(e, 13));
  });

  it("third derivative of Σx³ is 6 (gradients of gradients of gradients)", () => {
    const x = leaf(rand([4], 1));
    const [g1] = grad(sum(pow(x, 3)), [x], { createGraph: true });
    const [g2] = grad(sum(g1!), [x], { createGraph: true });
    const [g3] = grad(sum(g2!), [x]);
    x.data.forEach((xv, i) => {
      expect(g1!.data[i]).toBeCloseTo(3 * xv * xv, 14);
      expect(g2!.data[i]).toBeCloseTo(6 * xv, 14);
      expect(g3!.data[i]).toBeCloseTo(6, 14);
    });
  });

  it("works inside noGrad (createGraph records regardless) and keeps float32", () => {
    const x = new Var(tensor(Float32Array.from([1, 2, 3]), [3]), { requiresGrad: true });
    const cube = sum(mul(x, mul(x, x)));
    const [g] = noGrad(() => grad(cube, [x], { createGraph: true }));
    expect(g!.requiresGrad).toBe(true);
    expect(g!.dtype).toBe("float32");
    const [h] = grad(sum(g!), [x]);
    expect(Array.from(h!.data)).toEqual([6, 12, 18]);
  });
});

describe("grad: first order, errors and unsupported ops", () => {
  it("matches backward() and leaves every .grad untouched", () => {
    const w = leaf(rand([3, 4], 1));
    const x = new Var(rand([2, 4], 2));
    w.grad = rand([3, 4], 5);
    const before = w.grad.data.slice();
    const f = (): Var => sum(tanh(matmul(x, transpose(w))));
    const [g] = grad(f(), [w]);
    expect(Array.from(w.grad.data)).toEqual(Array.from(before));
    expect(g!.requiresGrad).toBe(false);
    w.zeroGrad();
    f().backward();
    expect(Array.from(g!.data)).toEqual(Array.from(w.grad!.data));
  });

  it("gradients with respect to an intermediate node, gradOutputs, and zeros for unused inputs", () => {
    const a = leaf(rand([3], 1));
    const unused = leaf(rand([2], 2));
    const h = mul(a, a);
    const [gh, ga, gu] = grad(exp(h), [h, a, unused], { gradOutputs: [tensor(Float64Array.from([1, 2, 3]), [3])] });
    a.data.forEach((av, i) => {
      expect(gh!.data[i]).toBeCloseTo((i + 1) * Math.exp(av * av), 13);
      expect(ga!.data[i]).toBeCloseTo((i + 1) * Math.exp(av * av) * 2 * av, 13);
    });
    expect(Array.from(gu!.data)).toEqual([0, 0]);
  });

  it("throws E_UNSUPPORTED for ops without a second-order rule, only when createGraph is asked", () => {
    const x = leaf(rand([4], 1));
    const q = leaf(rand([1, 2, 4], 2));
    const cases: [string, Var, () => Var][] = [
      ["rope", q, () => rope(q)],
      ["customOp", x, () => customOp([x], ([v]) => v!, (g) => [g])],
    ];
    for (const [op, input, build] of cases) {
      const f = (): Var => sum(mul(build(), build()));
      let err: WcError | undefined;
      try {
        grad(f(), [input], { createGraph: true });
      } catch (e) {
        err = e as WcError;
      }
      expect(err?.code).toBe("E_UNSUPPORTED");
      expect(err?.message).toContain(`"${op}" has none`);
      expect(grad(f(), [input])[0]!.data.length).toBe(input.value.size); // first order still works
    }
    // An unsupported op off the path to the inputs does not matter.
    const c = rope(new Var(rand([1, 1, 4], 3)));
    expect(grad(sum(mul(add(x, reshape(c, [4])), x)), [x], { createGraph: true })[0]!.requiresGrad).toBe(true);
  });

  it("rejects bad arguments with clear codes", () => {
    const x = leaf(rand([3], 1));
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return (e as WcError).code;
      }
      return undefined;
    };
    expect(code(() => grad(sum(new Var(rand([3], 2))), [x]))).toBe("E_STATE");
    expect(code(() => grad(mul(x, x), [x]))).toBe("E_SHAPE");
    expect(code(() => grad(mul(x, x), [x], { gradOutputs: [rand([4], 3)] }))).toBe("E_SHAPE");
    expect(code(() => grad(sum(x), [x], { gradOutputs: [] }))).toBe("E_ARGUMENT");
  });
});
