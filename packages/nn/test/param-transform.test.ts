import { describe, expect, it } from "vitest";
import { isWcError, tensor, type FloatTensor } from "@wc/tensor";
import {
  Activation, Conv2d, Flatten, Linear, MLP, Sequential, Var, constant, conv2d, gradCheckModule, linear, mul, reshape, sum,
} from "../src/index";
import { rand } from "./helpers";

const f64 = { dtype: "float64" as const };

/** A 0/1 mask keeping about half of the entries, from a seed. */
function mask(shape: number[], seed: number): FloatTensor {
  const r = rand(shape, seed);
  return tensor(Float64Array.from(r.data, (v) => (v > 0 ? 1 : 0)), shape) as FloatTensor;
}

const code = (f: () => unknown, c: string) => {
  try {
    f();
  } catch (e) {
    expect(isWcError(e) && e.code).toBe(c);
    return;
  }
  throw new Error("expected a throw");
};

describe("parameter transforms (masks without swapping weights)", () => {
  it("Linear: output equals the explicitly masked weight's; pruned weights get zero gradient", () => {
    const fc = new Linear(6, 4, { ...f64, seed: 1 });
    const m = mask([4, 6], 2);
    expect(m.data.some((v) => v === 0) && m.data.some((v) => v === 1)).toBe(true);
    const x = rand([3, 6], 3);
    fc.setParameterTransform("weight", (w) => mul(w, constant(m)));
    const y = fc.call(new Var(x));
    sum(mul(y, y)).backward();
    // the same computation written out with the masked weight as its own leaf
    const wm = new Var(tensor(Float64Array.from(fc.weight.data, (v, i) => v * m.data[i]!), [4, 6]), { requiresGrad: true });
    const ref = linear(new Var(x), wm, fc.bias!.detach());
    expect(Array.from(y.data)).toEqual(Array.from(ref.data));
    sum(mul(ref, ref)).backward();
    const g = fc.weight.grad!.data;
    m.data.forEach((keep, i) => {
      if (keep === 0) expect(g[i]).toBe(0);
      else expect(g[i]).toBe(wm.grad!.data[i]);
    });
    expect(g.some((v) => v !== 0)).toBe(true);
    // the optimizer still sees the raw parameter; the state dict holds the unmasked values
    expect(fc.parameters()[0]).toBe(fc.weight);
    expect(fc.stateDict().get("weight")!.data.some((v, i) => m.data[i] === 0 && v !== 0)).toBe(true);
  });

  it("Conv2d inside a Sequential, by dotted name, with a grouped conv", () => {
    const net = new Sequential(new Conv2d(4, 6, 3, { ...f64, groups: 2, padding: 1, seed: 4 }), new Activation("tanh"), new Flatten());
    const conv = net.namedModules()[1]![1] as Conv2d;
    const m = mask([6, 2, 3, 3], 5);
    const x = rand([2, 4, 5, 5], 6);
    const undo = net.setParameterTransform("0.weight", (w) => mul(w, constant(m)));
    const y = net.call(new Var(x));
    sum(y).backward();
    const masked = constant(tensor(Float64Array.from(conv.weight.data, (v, i) => v * m.data[i]!), [6, 2, 3, 3]));
    const ref = conv2d(constant(x), masked, conv.bias!.detach(), { groups: 2, padding: 1 });
    const yr = reshape(ref, [2, -1]).data.map(Math.tanh);
    expect(Array.from(y.data)).toEqual(Array.from(yr));
    m.data.forEach((keep, i) => keep === 0 && expect(conv.weight.grad!.data[i]).toBe(0));
    expect(conv.weight.grad!.data.some((v) => v !== 0)).toBe(true);
    // removing the transform restores the plain forward
    undo();
    const plain = conv2d(constant(x), conv.weight.detach(), conv.bias!.detach(), { groups: 2, padding: 1 });
    expect(Array.from(net.call(new Var(x)).data)).toEqual(Array.from(plain.data).map(Math.tanh));
  });

  it("gradients flow through a non-trivial transform to the raw parameter (finite differences)", () => {
    const mlp = new MLP([4, 5, 3], { ...f64, seed: 7 });
    const s = rand([5, 4], 8, 0.5, 2);
    mlp.setParameterTransform("layers.0.weight", (w) => mul(mul(w, w), constant(s)));
    mlp.setParameterTransform("layers.1.bias", (b) => mul(b, 3));
    const r = gradCheckModule(mlp, rand([3, 4], 9));
    for (const [p, e] of r.relErrors) expect(e, p).toBeLessThan(1e-6);
    expect(r.norms.get("layers.0.weight")!.analytic).toBeGreaterThan(0);
  });

  it("effectiveParameter, replacement, null and clearParameterTransforms", () => {
    const mlp = new MLP([3, 2], { ...f64, seed: 10 });
    const w = mlp.namedParameters()[0]![1];
    expect(mlp.effectiveParameter("layers.0.weight")).toBe(w);
    const undoFirst = mlp.setParameterTransform("layers.0.weight", (v) => mul(v, 2));
    mlp.setParameterTransform("layers.0.weight", (v) => mul(v, 3));
    undoFirst(); // no effect: the first transform was already replaced
    expect(Array.from(mlp.effectiveParameter("layers.0.weight").data)).toEqual(Array.from(w.data, (v) => v * 3));
    mlp.setParameterTransform("layers.0.weight", null);
    expect(mlp.effectiveParameter("layers.0.weight")).toBe(w);
    mlp.setParameterTransform("layers.0.bias", (v) => mul(v, 0));
    mlp.clearParameterTransforms();
    expect(mlp.effectiveParameter("layers.0.bias")).toBe(mlp.namedParameters()[1]![1]);
  });

  it("rejects unknown names and shape-changing transforms", () => {
    const fc = new Linear(3, 2, f64);
    code(() => fc.setParameterTransform("wieght", (v) => v), "E_ARGUMENT");
    code(() => fc.setParameterTransform("0.weight", (v) => v), "E_ARGUMENT");
    fc.setParameterTransform("weight", (v) => reshape(v, [3, 2]));
    code(() => fc.call(new Var(rand([1, 3], 1))), "E_SHAPE");
  });
});
