import { describe, expect, it } from "vitest";
import { isWcError, tensor, zeros } from "@wc/tensor";
import {
  Activation, BatchNorm2d, Conv2d, Embedding, Flatten, LayerNorm, Linear, MLP, MaxPool2d, Module, MultiHeadAttention,
  RMSNorm, Sequential, SwiGLU, Var, constant, gradCheckModule, mul, noGrad, parameter,
} from "../src/index";
import { rand } from "./helpers";

const f64 = { dtype: "float64" as const };
/** W[i] = sin(0.37 i + c) over the flat index, the same formula the NumPy reference uses. */
const sinFill = (t: { data: Float32Array | Float64Array }, c: number) => t.data.forEach((_, i) => (t.data[i] = Math.sin(0.37 * i + c)));

describe("module gradient checks (float64, rel. error < 1e-6)", () => {
  const cases: [string, Module, number[]][] = [
    ["Linear", new Linear(4, 3, { ...f64, seed: 1 }), [2, 3, 4]],
    ["LayerNorm", new LayerNorm(5, f64), [3, 5]],
    ["RMSNorm", new RMSNorm(5, f64), [3, 5]],
    ["BatchNorm2d train", new BatchNorm2d(3, f64), [4, 3, 2, 2]],
    ["Conv2d groups", new Conv2d(4, 6, 3, { ...f64, groups: 2, padding: 1, stride: 2, seed: 2 }), [2, 4, 5, 5]],
    ["Conv2d depthwise", new Conv2d(3, 3, [3, 2], { ...f64, groups: 3, seed: 3 }), [1, 3, 4, 4]],
    ["MLP gelu", new MLP([4, 6, 3], { ...f64, activation: "gelu", seed: 4 }), [3, 4]],
    ["SwiGLU", new SwiGLU(4, 6, { ...f64, seed: 5 }), [2, 4]],
    ["attention causal", new MultiHeadAttention(8, 2, { ...f64, causal: true, seed: 6 }), [2, 3, 8]],
    ["attention GQA + RoPE + causal", new MultiHeadAttention(8, 4, { ...f64, kvHeads: 2, causal: true, rope: true, seed: 7 }), [1, 4, 8]],
    ["attention windowed, bias", new MultiHeadAttention(6, 3, { ...f64, window: 2, bias: true, kvHeads: 1, seed: 8 }), [1, 4, 6]],
    ["CNN Sequential", new Sequential(new Conv2d(1, 2, 3, { ...f64, seed: 9, bias: false }), new BatchNorm2d(2, f64), new Activation("tanh"), new MaxPool2d(2), new Flatten(), new Linear(8, 3, { ...f64, seed: 10 })), [2, 1, 6, 6]],
  ];
  for (const [name, m, shape] of cases) {
    it(name, () => {
      const r = gradCheckModule(m, rand(shape, 11));
      for (const [p, e] of r.relErrors) {
        if (p === "k_proj.bias") {
          // softmax is invariant to a per-query shift, so a key bias has exactly zero gradient:
          // both gradients must vanish (the finite difference only sees rounding noise)
          expect(r.norms.get(p)!.analytic).toBeLessThan(1e-13);
          expect(r.norms.get(p)!.numeric).toBeLessThan(1e-7);
        } else expect(e, p).toBeLessThan(1e-6);
      }
      expect(r.relErrors.size).toBe(m.namedParameters().length + 1);
    });
  }
  it("Embedding (gradient wrt the table)", () => {
    const m = new Embedding(5, 3, { ...f64, seed: 12 });
    const ids = tensor(new Float64Array([4, 0, 4, 2]), [2, 2]);
    const r = gradCheckModule({ call: (x) => mul(m.call(x), m.call(x)), namedParameters: () => m.namedParameters(), zeroGrad: () => m.zeroGrad() }, ids, { checkInput: false });
    expect(r.relErrors.get("weight")).toBeLessThan(1e-6);
  });
});

describe("attention semantics", () => {
  it("causal GQA + RoPE output equals a NumPy reference (HF rotate_half, repeat_kv)", () => {
    const m = new MultiHeadAttention(4, 2, { ...f64, kvHeads: 1, causal: true, rope: true });
    sinFill(m.qProj.weight.value, 1);
    sinFill(m.kProj.weight.value, 2);
    sinFill(m.vProj.weight.value, 3);
    sinFill(m.oProj.weight.value, 4);
    const x = zeros([1, 3, 4]);
    sinFill(x as never, 0.5);
    // numpy script: test/fixtures/attention-reference.py
    const ref = [7.5786181156753525, 1.4605381071453305, -7.313759390141562, -2.786838996835799, 6.0410456452180075, 0.34765428873857335, -5.978000886994185, -1.4317243916842664, 3.508786677296062, 1.7913650714413596, -3.1839347152236375, -2.368750137076634];
    const y = m.call(constant(x)).data;
    ref.forEach((r, i) => expect(y[i]).toBeCloseTo(r, 12));
  });
  it("causal: earlier outputs do not depend on later inputs", () => {
    const m = new MultiHeadAttention(6, 3, { ...f64, causal: true, seed: 1 });
    const a = rand([1, 4, 6], 2);
    const b = rand([1, 4, 6], 2);
    for (let j = 18; j < 24; j++) b.data[j] = 5;
    const ya = m.call(constant(a)).data;
    const yb = m.call(constant(b)).data;
    for (let i = 0; i < 18; i++) expect(yb[i]).toBe(ya[i]);
    expect(yb[20]).not.toBe(ya[20]);
  });
  it("grouped-query equals full multi-head with duplicated key/value heads", () => {
    const g = new MultiHeadAttention(8, 4, { ...f64, kvHeads: 2, seed: 3, rope: true });
    const full = new MultiHeadAttention(8, 4, { ...f64, seed: 4, rope: true });
    const dup = (w: Float64Array) => {
      const out = new Float64Array(4 * 2 * 8); // 4 heads x headDim 2 x in 8; head h copies kv head floor(h/2)
      for (let h = 0; h < 4; h++) out.set(w.subarray(Math.floor(h / 2) * 16, Math.floor(h / 2) * 16 + 16), h * 16);
      return tensor(out, [8, 8]);
    };
    const sd = new Map(g.stateDict());
    sd.set("k_proj.weight", dup(g.kProj.weight.data as Float64Array));
    sd.set("v_proj.weight", dup(g.vProj.weight.data as Float64Array));
    full.loadStateDict(sd);
    const x = constant(rand([2, 3, 8], 5));
    const a = g.call(x).data;
    const b = full.call(x).data;
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 13));
  });
});

describe("state dicts", () => {
  it("names parameters and buffers as PyTorch does", () => {
    const net = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Flatten(), new Linear(8, 3));
    expect([...net.stateDict().keys()]).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "3.weight", "3.bias"]);
    expect([...new MLP([4, 5, 2]).stateDict().keys()]).toEqual(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"]);
    expect([...new MultiHeadAttention(4, 2).stateDict().keys()]).toEqual(["q_proj.weight", "k_proj.weight", "v_proj.weight", "o_proj.weight"]);
    expect(new Linear(3, 5).weight.shape).toEqual([5, 3]);
    expect(new Linear(3, 5).numParameters()).toBe(20);
  });
  it("round-trips values into another module, converting dtype, without aliasing the source", () => {
    const a = new MLP([3, 4, 2], { seed: 1 });
    const b = new MLP([3, 4, 2], { seed: 2, dtype: "float64" });
    const sd = a.stateDict();
    b.loadStateDict(sd);
    for (const [k, t] of b.stateDict()) expect(Array.from(t.data)).toEqual(Array.from(sd.get(k)!.data));
    b.layers[0]!.weight.data[0] = 99;
    expect(a.layers[0]!.weight.data[0]).not.toBe(99);
  });
  it("accepts any iterable of [name, { tensor }] entries (the shape of an @wc/io StateDict)", () => {
    const m = new Linear(2, 1, f64);
    const entries = [["weight", { tensor: tensor(new Float32Array([1, 2]), [1, 2]) }], ["bias", { tensor: tensor(new Float32Array([3]), [1]) }]] as const;
    m.loadStateDict({ [Symbol.iterator]: () => entries[Symbol.iterator]() });
    expect(Array.from(m.weight.data)).toEqual([1, 2]);
    expect(m.bias!.data[0]).toBe(3);
  });
  it("errors name the tensor; strict mode lists missing and unexpected names", () => {
    const m = new Linear(3, 2);
    try {
      m.loadStateDict(new Map([["weight", zeros([3, 2])], ["bias", zeros([2])]]));
      throw new Error("no throw");
    } catch (e) {
      expect(isWcError(e, "E_SHAPE")).toBe(true);
      expect((e as Error).message).toContain('"weight"');
    }
    expect(() => m.loadStateDict(new Map([["weight", zeros([2, 3])]]))).toThrow(/missing \[bias\]/);
    const r = m.loadStateDict(new Map([["weight", zeros([2, 3])], ["extra", zeros([1])]]), { strict: false });
    expect(r).toEqual({ missing: ["bias"], unexpected: ["extra"] });
    expect(Array.from(m.weight.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("module behaviour", () => {
  it("BatchNorm2d updates running statistics in train and uses them in eval", () => {
    const bn = new BatchNorm2d(1, f64);
    const x = constant(tensor(new Float64Array([1, 2, 3, 6]), [4, 1, 1, 1]));
    bn.call(x);
    // mean 3, unbiased var = np.var([1,2,3,6], ddof=1) = 4.666..., momentum 0.1
    expect(bn.runningMean.data[0]).toBeCloseTo(0.3, 15);
    expect(bn.runningVar.data[0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 14);
    bn.eval();
    const y = bn.call(x).data;
    expect(y[0]).toBeCloseTo((1 - 0.3) / Math.sqrt(0.9 + 0.1 * (14 / 3) + 1e-5), 14);
  });
  it("hooks see inputs and outputs and can be removed", () => {
    const net = new Sequential(new Linear(2, 2), new Activation("relu"));
    const seen: number[][] = [];
    const remove = net.layers[1]!.registerForwardHook((_m, _x, y) => seen.push(y.shape));
    net.call(constant(zeros([5, 2], { dtype: "float32" })));
    remove();
    net.call(constant(zeros([5, 2], { dtype: "float32" })));
    expect(seen).toEqual([[5, 2]]);
  });
  it("parameter copies its input; noGrad forward keeps no graph", () => {
    const t = zeros([2]);
    const p = parameter(t);
    p.data[0] = 1;
    expect(t.data[0]).toBe(0);
    const y = noGrad(() => new Linear(2, 1).call(new Var(zeros([1, 2], { dtype: "float32" }))));
    expect(y.requiresGrad).toBe(false);
  });
});
