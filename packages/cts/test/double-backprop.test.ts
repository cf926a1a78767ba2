import { Activation, BatchNorm2d, Conv2d, Flatten, Linear, MLP, Module, Reshape, Sequential, Var, crossEntropy, straightThrough } from "@wc/nn";
import { tensor, type FloatTensor } from "@wc/tensor";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { concreteTicketSearch, ctsModelObjective, graspScores, maskedNet, type MaskedNet } from "../src/index";
import { codeOf, labels, randn64, relErr } from "./helpers";

const B = 6;
const x = randn64([B, 4], 31);
const y = labels(B, 3, 32);

function tinyMlp(): MLP {
  return new MLP([4, 5, 3], { seed: 5, dtype: "float64" });
}

function maskLeaves(net: MaskedNet, seed: number): Var[] {
  return net.params.map((p, l) => {
    const r = randn64([...p.shape], seed + l);
    const d = Float64Array.from(r.data, (v) => 0.2 + 0.7 / (1 + Math.exp(-v))); // in (0.2, 0.9)
    return new Var(tensor(d, [...p.shape]), { requiresGrad: true });
  });
}

/** Central differences of `f` in every mask entry. */
function fdGrad(masks: Var[], f: () => number, eps = 1e-6): Float64Array {
  const out: number[] = [];
  for (const m of masks) {
    for (let j = 0; j < m.data.length; j++) {
      const v0 = m.data[j]!;
      m.data[j] = v0 + eps;
      const up = f();
      m.data[j] = v0 - eps;
      const dn = f();
      m.data[j] = v0;
      out.push((up - dn) / (2 * eps));
    }
  }
  return Float64Array.from(out);
}

function autogradGrad(masks: Var[], loss: Var): Float64Array {
  masks.forEach((m) => m.zeroGrad());
  loss.backward();
  return Float64Array.from(masks.flatMap((m) => Array.from(m.grad?.data ?? new Float64Array(m.value.size))));
}

/** Plain first-order gradients of CE(f(x; w ⊙ m)) with respect to `params` (by backward()). */
function plainGrads(net: MaskedNet, masks: Var[] | null, params: Var[]): Float64Array[] {
  net.module.zeroGrad();
  const constMasks = masks?.map((m) => m.detach()) ?? null;
  crossEntropy(net.forward(new Var(x), constMasks), y).backward();
  const g = params.map((p) => Float64Array.from(p.grad?.data ?? new Float64Array(p.value.size)));
  net.module.zeroGrad();
  return g;
}

/** (a − mean)/(std + eps) with the unbiased std, plain numbers. */
function standardised(a: ArrayLike<number>, eps: number): Float64Array {
  const n = a.length;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += a[i]!;
  mu /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i]! - mu) ** 2;
  const sd = Math.sqrt(v / (n - 1));
  return Float64Array.from(a, (t) => (t - mu) / (sd + eps));
}

const mseOf = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s / a.length;
};

describe("model objectives (spec 3.4): values and mask gradients", () => {
  it("gradnorm = −‖∇_params L_CE(w ⊙ m)‖ over every parameter; its mask gradient (double backprop) matches finite differences", () => {
    const net = maskedNet(tinyMlp());
    const masks = maskLeaves(net, 40);
    const params = net.module.parameters();
    const g = plainGrads(net, masks, params);
    const norm = Math.sqrt(g.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));
    const obj = ctsModelObjective("gradnorm", net, new Var(x), y, masks, 100);
    expect(obj.item()).toBeCloseTo(-norm, 12);
    const fd = fdGrad(masks, () => ctsModelObjective("gradnorm", net, new Var(x), y, masks, 100).item());
    expect(relErr(autogradGrad(masks, obj), fd)).toBeLessThan(1e-6);
  });

  it("gradnorm through a CNN with BatchNorm on batch statistics", () => {
    const cnn = new Sequential(
      new Reshape([-1, 1, 2, 2]),
      new Conv2d(1, 2, 2, { padding: 1, seed: 3, dtype: "float64" }),
      new BatchNorm2d(2, { dtype: "float64" }),
      new Activation("relu"),
      new Flatten(),
      new Linear(18, 3, { seed: 4, dtype: "float64" }),
    );
    const net = maskedNet(cnn);
    const masks = maskLeaves(net, 50);
    const obj = ctsModelObjective("gradnorm", net, new Var(x), y, masks, 100);
    const fd = fdGrad(masks, () => ctsModelObjective("gradnorm", net, new Var(x), y, masks, 100).item());
    expect(relErr(autogradGrad(masks, obj), fd)).toBeLessThan(1e-6);
  });

  it("msefeature = 100 · mean over layers of MSE of per-sample standardised ReLU features and softmax outputs", () => {
    const mlp = tinyMlp();
    const net = maskedNet(mlp);
    const masks = maskLeaves(net, 60);
    // Features by hand: h = relu(x W1^T + b1) and softmax(h W2^T + b2), with dense and masked weights.
    const [l0, l1] = [mlp.layers[0]!, mlp.layers[1]!];
    const affine = (inp: ArrayLike<number>, l: typeof l0, m: ArrayLike<number> | null): Float64Array =>
      Float64Array.from({ length: l.outFeatures }, (_, o) => {
        let t = l.bias!.data[o]!;
        for (let i = 0; i < l.inFeatures; i++) t += l.weight.data[o * l.inFeatures + i]! * (m ? m[o * l.inFeatures + i]! : 1) * inp[i]!;
        return t;
      });
    const feats = (m: Var[] | null, b: number): [Float64Array, Float64Array] => {
      const h = affine(x.data.subarray(b * 4, b * 4 + 4), l0, m ? m[0]!.data : null).map((v) => Math.max(v, 0));
      const z = affine(h, l1, m ? m[1]!.data : null);
      const e = z.map((v) => Math.exp(v));
      const s = e.reduce((a, v) => a + v, 0);
      return [h, e.map((v) => v / s)];
    };
    let expected = 0;
    for (let b = 0; b < B; b++) {
      const [hd, pd] = feats(null, b);
      const [hs, ps] = feats(masks, b);
      expected += (mseOf(standardised(hs, 1e-9), standardised(hd, 1e-9)) + mseOf(standardised(ps, 1e-9), standardised(pd, 1e-9))) / B;
    }
    expected = (100 * expected) / 2;
    const obj = ctsModelObjective("msefeature", net, new Var(x), y, masks, 100);
    expect(obj.item()).toBeGreaterThan(0);
    expect(obj.item()).toBeCloseTo(expected, 9);
    const fd = fdGrad(masks, () => ctsModelObjective("msefeature", net, new Var(x), y, masks, 100).item());
    expect(relErr(autogradGrad(masks, obj), fd)).toBeLessThan(1e-6);
    // With all-ones masks the sparse features are the dense ones: the objective is 0.
    const ones = net.params.map((p) => new Var(tensor(new Float64Array(p.value.size).fill(1), [...p.shape])));
    expect(ctsModelObjective("msefeature", net, new Var(x), y, ones, 100).item()).toBeCloseTo(0, 12);
  });

  it("gradmatch = 100 · mean over weights of MSE of standardised sparse vs dense gradients; mask gradient matches finite differences", () => {
    const net = maskedNet(tinyMlp());
    const masks = maskLeaves(net, 70);
    const w = [...net.params];
    const gd = plainGrads(net, null, w);
    const gs = plainGrads(net, masks, w);
    const expected = (100 * gs.reduce((s, g, l) => s + mseOf(standardised(g, 0), standardised(gd[l]!, 0)), 0)) / w.length;
    const obj = ctsModelObjective("gradmatch", net, new Var(x), y, masks, 100);
    expect(obj.item()).toBeCloseTo(expected, 9);
    const fd = fdGrad(masks, () => ctsModelObjective("gradmatch", net, new Var(x), y, masks, 100).item());
    expect(relErr(autogradGrad(masks, obj), fd)).toBeLessThan(1e-6);
  });

  it("a search with each new objective returns exactly floor(kd) weights and leaves the model untouched", () => {
    const model = new MLP([4, 8, 3], { seed: 1, dtype: "float64" });
    const before = model.parameters().map((p) => Array.from(p.data));
    const batches = [0, 1, 2].map((s) => ({ x: randn64([8, 4], 80 + s), y: labels(8, 3, 90 + s) }));
    for (const objective of ["gradnorm", "msefeature", "gradmatch"] as const) {
      const r = concreteTicketSearch(model, batches, { density: 0.2, epochs: 2, objective });
      expect(r.masks.reduce((s, m) => s + m.reduce((t, v) => t + v, 0), 0)).toBe(Math.floor(0.2 * 56));
      expect(r.log.every((e) => Number.isFinite(e.loss))).toBe(true);
      if (objective === "gradnorm") expect(r.log.every((e) => e.loss < 0)).toBe(true);
      else expect(r.log.every((e) => e.loss >= 0)).toBe(true);
      expect(model.parameters().map((p) => Array.from(p.data))).toEqual(before);
      expect(model.parameters().every((p) => p.grad === null)).toBe(true);
    }
  });
});

describe("msefeature with the Lagrangian alternative", () => {
  it("ascends lambda with the code's learning rate 0.001 lr (a tenth of the other objectives')", () => {
    const model = new MLP([4, 8, 3], { seed: 1, dtype: "float64" });
    const batches = Array.from({ length: 12 }, (_, s) => ({ x: randn64([8, 4], 80 + s), y: labels(8, 3, 90 + s) }));
    const r = concreteTicketSearch(model, batches, { density: 0.2, epochs: 1, objective: "msefeature", gradBalance: false }); // one epoch: no LR drop
    let lam = 0;
    for (const e of r.log) {
      lam += 0.001 * 0.1 * 100 * (e.expDensity / 0.2 - 1); // e_t = 100 (expDensity / kappa - 1), A = kappa d
      expect(e.lambda).toBeCloseTo(lam, 12);
    }
    expect(r.log.some((e) => Math.abs(e.lambda) > 1e-6)).toBe(true);
  });
});

describe("model objectives and exact GraSP: bad input", () => {
  /** Linear -> straight-through rounding (a customOp: no second-order rule) -> Linear. */
  class RoundedMlp extends Module {
    readonly a = this.registerModule("a", new Linear(4, 5, { seed: 1, dtype: "float64" }));
    readonly b = this.registerModule("b", new Linear(5, 3, { seed: 2, dtype: "float64" }));
    forward(v: Var): Var {
      return this.b.call(straightThrough(this.a.call(v), (t) => Math.round(t * 4) / 4));
    }
  }

  it("rejects unknown objectives and masks of the wrong count or size", () => {
    const net = maskedNet(tinyMlp());
    const masks = maskLeaves(net, 40);
    expect(codeOf(() => ctsModelObjective("nope" as never, net, new Var(x), y, masks, 100))).toBe("E_ARGUMENT");
    expect(codeOf(() => ctsModelObjective("gradmatch", net, new Var(x), y, masks.slice(1), 100))).toBe("E_SHAPE");
    expect(codeOf(() => ctsModelObjective("msefeature", net, new Var(x), y, [masks[1]!, masks[0]!], 100))).toBe("E_SHAPE");
  });

  it("a layer without a second-order rule gives E_UNSUPPORTED, never a silently wrong value", () => {
    const net = maskedNet(new RoundedMlp());
    const masks = maskLeaves(net, 40);
    expect(codeOf(() => ctsModelObjective("gradnorm", net, new Var(x), y, masks, 100))).toBe("E_UNSUPPORTED");
    expect(codeOf(() => ctsModelObjective("gradmatch", net, new Var(x), y, masks, 100))).toBe("E_UNSUPPORTED");
    expect(Number.isFinite(ctsModelObjective("msefeature", net, new Var(x), y, masks, 100).item())).toBe(true); // first order only
    expect(codeOf(() => graspScores(net, { x, y }, { hvp: "exact" }))).toBe("E_UNSUPPORTED");
    expect(graspScores(net, { x, y }, { hvp: "finiteDiff" }).length).toBe(2);
  });
});

describe("GraSP with hvp: exact (double backprop)", () => {
  interface Fixture {
    W1: number[];
    b1: number[];
    W2: number[];
    b2: number[];
    x: number[];
    y: number[];
    T: number;
    microBatch: number;
    scores: number[][];
    scoresQuirk: number[][];
  }
  // Generated by test/fixtures/grasp_tiny.py (complex-step NumPy, independent of @wc/nn).
  const fx = JSON.parse(readFileSync(new URL("./fixtures/grasp-tiny.json", import.meta.url), "utf8")) as Fixture;
  const build = (): Module => {
    const m = new MLP([3, 4, 2], { seed: 0, dtype: "float64" });
    m.layers[0]!.weight.data.set(fx.W1);
    m.layers[0]!.bias!.data.set(fx.b1);
    m.layers[1]!.weight.data.set(fx.W2);
    m.layers[1]!.bias!.data.set(fx.b2);
    return m;
  };
  const batch = { x: tensor(Float64Array.from(fx.x), [5, 3]) as FloatTensor, y: Int32Array.from(fx.y) };

  it("matches the NumPy literal (plain and with the official code's |Hg| quirk)", () => {
    const s = graspScores(build(), batch, { T: fx.T, microBatch: fx.microBatch, hvp: "exact" });
    fx.scores.forEach((e, l) => expect(relErr(s[l]!, e)).toBeLessThan(1e-9));
    const q = graspScores(build(), batch, { T: fx.T, microBatch: fx.microBatch, hvp: "exact", absHvpQuirk: true });
    fx.scoresQuirk.forEach((e, l) => expect(relErr(q[l]!, e)).toBeLessThan(1e-9));
  });

  it("agrees with the finite-difference Hessian-vector product", () => {
    const exact = graspScores(build(), batch, { T: fx.T, microBatch: fx.microBatch, hvp: "exact" });
    const fd = graspScores(build(), batch, { T: fx.T, microBatch: fx.microBatch, hvp: "finiteDiff" });
    exact.forEach((e, l) => expect(relErr(e, fd[l]!)).toBeLessThan(1e-5));
  });
});
