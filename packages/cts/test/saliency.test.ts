import { Linear, MLP, Sequential } from "@wc/nn";
import { tensor } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { graspMask, graspScores, keepCount, magnitudeMask, maskDensity, maskedNet, snipMask, snipScores, synflowMask, synflowScores } from "../src/index";
import { codeOf, labels, randn64, relErr } from "./helpers";

/** Row-major `out x in` weights of each layer as numbers. */
function weights(model: MLP): { w: Float64Array; out: number; inp: number }[] {
  return model.layers.map((l) => ({ w: Float64Array.from(l.weight.data), out: l.outFeatures, inp: l.inFeatures }));
}

describe("SynFlow against its closed form (spec 6.4)", () => {
  it("score of W_l = |W_l| ⊙ (r_l a_{l-1}^T) on a bias-free 3-layer ReLU MLP", () => {
    const model = new MLP([5, 7, 6, 3], { bias: false, dtype: "float64", seed: 3 });
    const before = weights(model);
    const s = synflowScores(model, [5]);
    const L = before.map(({ w, out, inp }) => ({ a: Float64Array.from(w, Math.abs), out, inp }));
    const acts: Float64Array[] = [new Float64Array(5).fill(1)];
    for (const { a, out, inp } of L) {
      const prev = acts[acts.length - 1]!;
      acts.push(Float64Array.from({ length: out }, (_, i) => {
        let t = 0;
        for (let j = 0; j < inp; j++) t += a[i * inp + j]! * prev[j]!;
        return t;
      }));
    }
    const rs: Float64Array[] = new Array(L.length);
    rs[L.length - 1] = new Float64Array(3).fill(1);
    for (let l = L.length - 1; l > 0; l--) {
      const { a, out, inp } = L[l]!;
      rs[l - 1] = Float64Array.from({ length: inp }, (_, j) => {
        let t = 0;
        for (let i = 0; i < out; i++) t += a[i * inp + j]! * rs[l]![i]!;
        return t;
      });
    }
    L.forEach(({ a, out, inp }, l) => {
      const expected = Float64Array.from({ length: out * inp }, (_, k) => a[k]! * rs[l]![Math.floor(k / inp)]! * acts[l]![k % inp]!);
      expect(relErr(s[l]!, expected)).toBeLessThan(1e-12);
    });
    // the model is restored exactly (signs too)
    weights(model).forEach((l, i) => expect(Array.from(l.w)).toEqual(Array.from(before[i]!.w)));
  });

  it("iterative SynFlow keeps exactly floor(kd) weights and never revives pruned ones", () => {
    const model = new MLP([8, 16, 16, 4], { seed: 1 });
    const d = maskedNet(model).size;
    const m1 = synflowMask(model, [8], 0.2, { iterations: 10 });
    expect(maskDensity(m1).kept).toBe(keepCount(0.2, d));
    const m2 = synflowMask(model, [8], 0.2, { iterations: 1 });
    expect(maskDensity(m2).kept).toBe(keepCount(0.2, d));
    expect(codeOf(() => synflowMask(model, [8], 0.2, { iterations: 0 }))).toBe("E_RANGE");
    expect(codeOf(() => synflowScores(model, [0]))).toBe("E_SHAPE");
  });
});

describe("SNIP (spec 6.4)", () => {
  it("one micro-batch: |w ⊙ ∇L| with ∇L from hand-written backprop", () => {
    const model = new MLP([4, 6, 3], { bias: false, dtype: "float64", seed: 5 });
    const [l1, l2] = weights(model);
    const B = 5;
    const x = randn64([B, 4], 6);
    const y = labels(B, 3, 7);
    const s = snipScores(model, { x, y });
    const g1 = new Float64Array(24);
    const g2 = new Float64Array(18);
    for (let b = 0; b < B; b++) {
      const xb = x.data.subarray(b * 4, b * 4 + 4);
      const h = Float64Array.from({ length: 6 }, (_, i) => Math.max(0, l1!.w.subarray(i * 4, i * 4 + 4).reduce((t, w, j) => t + w * xb[j]!, 0)));
      const z = Float64Array.from({ length: 3 }, (_, k) => l2!.w.subarray(k * 6, k * 6 + 6).reduce((t, w, i) => t + w * h[i]!, 0));
      const mx = Math.max(...z);
      const e = z.map((v) => Math.exp(v - mx));
      const se = e.reduce((a, v) => a + v, 0);
      const dz = e.map((v, k) => (v / se - (k === y[b] ? 1 : 0)) / B);
      for (let k = 0; k < 3; k++) for (let i = 0; i < 6; i++) g2[k * 6 + i]! += dz[k]! * h[i]!;
      for (let i = 0; i < 6; i++) {
        if (h[i]! <= 0) continue;
        let dh = 0;
        for (let k = 0; k < 3; k++) dh += dz[k]! * l2!.w[k * 6 + i]!;
        for (let j = 0; j < 4; j++) g1[i * 4 + j]! += dh * xb[j]!;
      }
    }
    expect(relErr(s[0]!, Float64Array.from(g1, (g, i) => Math.abs(g * l1!.w[i]!)))).toBeLessThan(1e-12);
    expect(relErr(s[1]!, Float64Array.from(g2, (g, i) => Math.abs(g * l2!.w[i]!)))).toBeLessThan(1e-12);
    const m = snipMask(model, { x, y }, 0.25);
    expect(maskDensity(m).kept).toBe(Math.floor(0.25 * 42));
  });

  it("rejects empty or inconsistent batches", () => {
    const model = new MLP([4, 3], { seed: 0 });
    expect(codeOf(() => snipScores(model, { x: randn64([2, 4], 0), y: new Int32Array(3) }))).toBe("E_SHAPE");
    expect(codeOf(() => snipScores(model, { x: tensor(Float64Array.of(Number.NaN, 0, 0, 0), [1, 4]) as never, y: new Int32Array(1) }))).toBe("E_RANGE");
    expect(codeOf(() => snipScores(model, { x: randn64([2, 4], 0), y: new Int32Array(2) }, { microBatch: 0 }))).toBe("E_RANGE");
  });
});

describe("GraSP", () => {
  const B = 6;
  const C = 3;
  const F = 4;
  const T = 2;
  const x = randn64([B, F], 21);
  const y = labels(B, C, 22);

  /** Per-sample softmax of W x / T and the analytic pieces of g and Hg for a linear model. */
  function analytic(W: Float64Array, micro: number, quirk: boolean): Float64Array {
    const probs: Float64Array[] = [];
    for (let b = 0; b < B; b++) {
      const z = Float64Array.from({ length: C }, (_, k) => {
        let t = 0;
        for (let j = 0; j < F; j++) t += W[k * F + j]! * x.data[b * F + j]!;
        return t / T;
      });
      const mx = Math.max(...z);
      const e = z.map((v) => Math.exp(v - mx));
      const s = e.reduce((a, v) => a + v, 0);
      probs.push(e.map((v) => v / s));
    }
    const mbSize = (b: number): number => Math.min(B, Math.floor(b / micro) * micro + micro) - Math.floor(b / micro) * micro;
    const g = new Float64Array(C * F);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < C; k++) for (let j = 0; j < F; j++) g[k * F + j]! += ((probs[b]![k]! - (k === y[b] ? 1 : 0)) / T / mbSize(b)) * x.data[b * F + j]!;
    }
    const hg = new Float64Array(C * F);
    for (let s0 = 0; s0 < B; s0 += micro) {
      const part = new Float64Array(C * F);
      for (let b = s0; b < Math.min(B, s0 + micro); b++) {
        const p = probs[b]!;
        const gx = Float64Array.from({ length: C }, (_, k) => {
          let t = 0;
          for (let j = 0; j < F; j++) t += g[k * F + j]! * x.data[b * F + j]!;
          return t;
        });
        const pgx = p.reduce((a, v, k) => a + v * gx[k]!, 0);
        for (let k = 0; k < C; k++) {
          const hz = (p[k]! * (gx[k]! - pgx)) / (T * T * mbSize(b));
          for (let j = 0; j < F; j++) part[k * F + j]! += hz * x.data[b * F + j]!;
        }
      }
      for (let i = 0; i < part.length; i++) hg[i]! += quirk ? Math.abs(part[i]!) : part[i]!;
    }
    return Float64Array.from(hg, (h, i) => W[i]! * h);
  }

  it("exact (default) and finite-difference Hg match the analytic Hessian-vector product (score w ⊙ Hg = -S)", () => {
    for (const hvp of [undefined, "finiteDiff"] as const) {
      const model = new Sequential(new Linear(F, C, { bias: false, dtype: "float64", seed: 23 }));
      const W = Float64Array.from((model.layers[0] as Linear).weight.data);
      const s = graspScores(model, { x, y }, { T, microBatch: 64, ...(hvp ? { hvp } : {}) });
      expect(relErr(s[0]!, analytic(W, B, false))).toBeLessThan(hvp ? 1e-6 : 1e-12);
      expect(Array.from((model.layers[0] as Linear).weight.data)).toEqual(Array.from(W));
    }
  });

  it("the official-code quirk accumulates |Hg| per micro-batch", () => {
    const model = new Sequential(new Linear(F, C, { bias: false, dtype: "float64", seed: 23 }));
    const W = Float64Array.from((model.layers[0] as Linear).weight.data);
    const s = graspScores(model, { x, y }, { T, microBatch: 2, absHvpQuirk: true });
    expect(relErr(s[0]!, analytic(W, 2, true))).toBeLessThan(1e-6);
    const plain = graspScores(model, { x, y }, { T, microBatch: 2 });
    expect(relErr(plain[0]!, analytic(W, 2, false))).toBeLessThan(1e-6);
  });

  it("keeps exactly floor(kd) weights; rejects bad options", () => {
    const model = new MLP([F, 8, C], { seed: 2, dtype: "float64" });
    expect(maskDensity(graspMask(model, { x: randn64([B, F], 1) as never, y }, 0.3)).kept).toBe(Math.floor(0.3 * (32 + 24)));
    expect(codeOf(() => graspScores(model, { x, y }, { hvp: "nope" as never }))).toBe("E_ARGUMENT");
    expect(codeOf(() => graspScores(model, { x, y }, { T: 0 }))).toBe("E_RANGE");
  });
});

describe("magnitude", () => {
  it("keeps the largest |w| globally", () => {
    const m = magnitudeMask([tensor(Float64Array.of(0.1, -3, 2), [3]), tensor(Float64Array.of(-2.5, 0.2), [2])], 0.6);
    expect(m.map((a) => Array.from(a))).toEqual([[0, 1, 1], [1, 0]]);
  });
});
