import { describe, expect, it } from "vitest";
import { applyMasks, dimapMasks, globalMagnitudeMasks, lampMasks, maskReport, resolveOptions, roundHalfEven, uniformMagnitudeMasks, type Tensor2D } from "../src/index";
import { loadReference, ones, referenceTensors } from "./helpers";

const oneModule = () => "MLP" as const;
const kept = (m: Uint8Array) => Array.from(m);

describe("dimapMasks vs global magnitude (spec check 6.2)", () => {
  const A: Tensor2D = { name: "A", shape: [4], data: new Float32Array([10, 9, 8, 7]) };
  const B: Tensor2D = { name: "B", shape: [4], data: new Float32Array([1.0, 0.5, 0.4, 0.1]) };

  it("DIMAP removes A's 7 and B's 0.5, 0.4, 0.1; global magnitude empties B", () => {
    const d = dimapMasks([A, B], { ratio: 0.5, classify: oneModule });
    expect(kept(d.masks.get("A")!)).toEqual([1, 1, 1, 0]);
    expect(kept(d.masks.get("B")!)).toEqual([1, 0, 0, 0]);
    expect(d.report.totals).toEqual({ params: 8, paramsKept: 4, sparsity: 0.5, emptiedLayers: 0 });
    const g = globalMagnitudeMasks([A, B], { ratio: 0.5, classify: oneModule });
    expect(kept(g.masks.get("A")!)).toEqual([1, 1, 1, 1]);
    expect(kept(g.masks.get("B")!)).toEqual([0, 0, 0, 0]);
    expect(g.report.totals.emptiedLayers).toBe(1);
  });

  it("does not modify its inputs", () => {
    const before = [Array.from(A.data), Array.from(B.data)];
    dimapMasks([A, B], { ratio: 0.5, classify: oneModule });
    expect([Array.from(A.data), Array.from(B.data)]).toEqual(before);
  });
});

describe("survivor counts against the NumPy reference (test/fixtures/make-reference.py)", () => {
  const ref = loadReference();
  const tensors = referenceTensors(ref);
  for (const [ratio, want] of Object.entries(ref.ratios)) {
    const r = Number(ratio);
    it(`ratio ${ratio}: DIMAP, LAMP, global and uniform per-layer counts`, () => {
      const counts = (res: { masks: Map<string, Uint8Array> }) => tensors.map((t) => ones(res.masks.get(t.name)!));
      expect(counts(dimapMasks(tensors, { ratio: r }))).toEqual(want.dimap);
      expect(counts(lampMasks(tensors, { ratio: r }))).toEqual(want.lamp);
      expect(counts(globalMagnitudeMasks(tensors, { ratio: r }))).toEqual(want.global);
      expect(counts(uniformMagnitudeMasks(tensors, { ratio: r }))).toEqual(want.uniform);
      // one module holding every layer is LAMP (spec check 6.3)
      expect(counts(dimapMasks(tensors, { ratio: r, classify: oneModule }))).toEqual(want.lamp);
    });
  }

  it("keeps roundHalfEven((1 - ratio) N_m) per module and never empties a layer; global does", () => {
    for (const r of [0.3, 0.5, 0.7, 0.9]) {
      const { report } = dimapMasks(tensors, { ratio: r });
      for (const g of Object.values(report.modules)) expect(g!.kept).toBe(roundHalfEven((1 - r) * g!.size));
      expect(report.totals.emptiedLayers).toBe(0);
    }
    // from the reference: global magnitude empties 3 layers at 70% and 5 at 90%
    expect(globalMagnitudeMasks(tensors, { ratio: 0.7 }).report.totals.emptiedLayers).toBe(3);
    expect(globalMagnitudeMasks(tensors, { ratio: 0.9 }).report.totals.emptiedLayers).toBe(5);
  });
});

describe("invariances (spec check 6.3)", () => {
  const tensors = referenceTensors();

  it("within each layer the kept weights are exactly its largest |w|", () => {
    const { masks } = dimapMasks(tensors, { ratio: 0.6 });
    for (const t of tensors) {
      const m = masks.get(t.name)!;
      let minKept = Infinity;
      let maxDropped = -Infinity;
      t.data.forEach((v, i) => {
        if (m[i]) minKept = Math.min(minKept, Math.abs(v));
        else maxDropped = Math.max(maxDropped, Math.abs(v));
      });
      expect(minKept).toBeGreaterThan(maxDropped);
    }
  });

  it("multiplying any layer by 1000 leaves every mask unchanged", () => {
    const base = dimapMasks(tensors, { ratio: 0.5 }).masks;
    for (const k of [1, 3, 6, 10]) {
      const scaled = tensors.map((t, i) => (i === k ? { ...t, data: t.data.map((v) => v * 1000) } : t));
      const m = dimapMasks(scaled, { ratio: 0.5 }).masks;
      for (const t of tensors) expect(kept(m.get(t.name)!)).toEqual(kept(base.get(t.name)!));
    }
  });

  it("breaks exact ties deterministically: equal scores by |w|, then layer order, then index", () => {
    // A = [2, 2] scores 1, 0.5; B = [2, 2] the same; keep 3: both 1s, then A's 0.5 (earlier layer)
    const t = (name: string): Tensor2D => ({ name, shape: [2], data: new Float32Array([2, -2]) });
    const r = dimapMasks([t("A"), t("B")], { ratio: 0.25, classify: oneModule });
    expect(kept(r.masks.get("A")!)).toEqual([1, 1]);
    expect(kept(r.masks.get("B")!)).toEqual([1, 0]);
    // zeros tie at score 0: taken in layer order, then index order
    const z = (name: string): Tensor2D => ({ name, shape: [3], data: new Float32Array([0, 1, 0]) });
    const rz = dimapMasks([z("A"), z("B")], { ratio: 1 / 6, classify: oneModule });
    expect(kept(rz.masks.get("A")!)).toEqual([1, 1, 1]);
    expect(kept(rz.masks.get("B")!)).toEqual([1, 1, 0]);
  });
});

describe("options", () => {
  const tensors = referenceTensors();

  it("per-module ratios prune only the listed modules; pruneAux and excludeHead leave layers dense", () => {
    const r = dimapMasks(tensors, { ratio: { MLP: 0.5, QKV: 0.25 } });
    expect(Object.keys(r.report.modules)).toEqual(["QKV", "MLP"]);
    expect(r.report.modules.QKV!.kept).toBe(roundHalfEven(0.75 * r.report.modules.QKV!.size));
    expect(r.masks.has("layers.0.blocks.0.attn.proj.weight")).toBe(false);
    const noAux = dimapMasks(tensors, { ratio: 0.5, pruneAux: false });
    expect(noAux.report.modules.AUX).toBeUndefined();
    expect(noAux.masks.has("patch_embed.proj.weight")).toBe(false);
    const noHead = dimapMasks(tensors, { ratio: 0.5, excludeHead: true });
    expect(noHead.masks.has("head.fc.weight")).toBe(false);
    expect(noHead.report.modules.AUX!.layers).toBe(2);
    expect(dimapMasks(tensors, { ratio: 0 }).report.totals.sparsity).toBe(0);
    expect(dimapMasks(tensors, { ratio: 1 }).report.totals.paramsKept).toBe(0);
  });

  it("row granularity keeps whole output units ranked by the same formula on squared row norms", () => {
    // A rows norms^2: [25, 1]; B rows norms^2: [100, 4, 0.01]; scores A: 1, 1/26; B: 1, 4/104, 0.01/104.01
    // ranking: A0 (1, 25), B0 (1, 100)?  equal score 1: larger energy first -> B0, A0, then A1 (0.03846) vs B1 (0.03846)
    const A: Tensor2D = { name: "A", shape: [2, 2], data: new Float32Array([3, 4, 1, 0]) };
    const B: Tensor2D = { name: "B", shape: [3, 2], data: new Float32Array([6, 8, 0, 2, 0.1, 0]) };
    // N = 10, ratio 0.5 -> 5 weights: B0 (2), A0 (2) = 4 < 5, next unit by score: 1/26 = 0.0384615 vs 4/104 = 0.0384615
    // (equal as doubles: 1/26 == 4/104) -> larger energy B1 (4) -> kept 6
    const r = dimapMasks([A, B], { ratio: 0.5, classify: oneModule, granularity: "row" });
    expect(kept(r.masks.get("A")!)).toEqual([1, 1, 0, 0]);
    expect(kept(r.masks.get("B")!)).toEqual([1, 1, 1, 1, 0, 0]);
    // in_out layout: units are columns
    const C: Tensor2D = { name: "C", shape: [2, 2], data: new Float32Array([3, 1, 4, 0]), layout: "in_out" };
    const rc = dimapMasks([C], { ratio: 0.5, classify: oneModule, granularity: "row" });
    expect(kept(rc.masks.get("C")!)).toEqual([1, 0, 1, 0]);
  });

  it("onProgress runs 0, 1..2 x pruned layers (score then mask each), results unchanged", () => {
    for (const [granularity, opts] of [["element", { ratio: 0.5 }], ["row", { ratio: 0.5 }], ["element", { ratio: { MLP: 0.5 }, excludeHead: true }]] as const) {
      const o = { ...opts, granularity } as const;
      const plain = dimapMasks(tensors, o);
      const calls: [number, number][] = [];
      const withBar = dimapMasks(tensors, { ...o, onProgress: (d, t) => calls.push([d, t]) });
      const total = 2 * plain.report.layers.length;
      expect(total).toBeGreaterThan(0);
      expect(calls).toEqual(Array.from({ length: total + 1 }, (_, d) => [d, total]));
      expect(withBar.report).toEqual(plain.report);
      expect([...withBar.masks]).toEqual([...plain.masks]);
    }
    expect(() => dimapMasks(tensors, { ratio: 0.5, onProgress: 3 as never })).toThrow(/E_ARGUMENT/);
  });

  it("rejects bad ratios, names, shapes, dtypes and values with WcError codes", () => {
    const t = tensors.slice(0, 3);
    expect(() => dimapMasks(t, { ratio: 1.5 })).toThrow(/E_RANGE/);
    expect(() => dimapMasks(t, { ratio: Number.NaN })).toThrow(/E_RANGE/);
    expect(() => dimapMasks(t, { ratio: { FFN: 0.5 } as never })).toThrow(/E_ARGUMENT/);
    expect(() => dimapMasks(t, { ratio: { MLP: -0.1 } })).toThrow(/E_RANGE/);
    expect(() => dimapMasks(t, {} as never)).toThrow(/E_ARGUMENT/);
    expect(() => dimapMasks(t, { ratio: 0.5, granularity: "block" as never })).toThrow(/E_ARGUMENT/);
    expect(() => dimapMasks([t[0]!, t[0]!], { ratio: 0.5 })).toThrow(/E_ARGUMENT/);
    expect(() => dimapMasks([{ ...t[0]!, shape: [3, 3] }], { ratio: 0.5 })).toThrow(/E_SHAPE/);
    expect(() => dimapMasks([{ ...t[0]!, shape: [] }], { ratio: 0.5 })).toThrow(/E_SHAPE/);
    expect(() => dimapMasks([{ ...t[0]!, data: new Int32Array(32) as never }], { ratio: 0.5 })).toThrow(/E_DTYPE/);
    const bad = t[1]!.data.slice();
    bad[5] = Number.NaN;
    expect(() => dimapMasks([{ ...t[1]!, data: bad }], { ratio: 0.5 })).toThrow(/E_RANGE/);
    expect(() => globalMagnitudeMasks(t, { ratio: { MLP: 0.5 } as never })).toThrow(/E_ARGUMENT/);
    expect(() => resolveOptions(null as never)).toThrow(/E_ARGUMENT/);
  });
});

describe("applyMasks and maskReport", () => {
  const tensors = referenceTensors();

  it("zeroes exactly the masked-out weights in new arrays", () => {
    const { masks, report } = dimapMasks(tensors, { ratio: 0.5 });
    const out = applyMasks(tensors, masks);
    tensors.forEach((t, i) => {
      const m = masks.get(t.name)!;
      expect(out[i]!.data).not.toBe(t.data);
      t.data.forEach((v, j) => expect(out[i]!.data[j]).toBe(m[j] ? v : 0));
    });
    const again = maskReport(tensors, masks);
    expect(again.totals).toEqual(report.totals);
    expect(again.modules).toEqual(report.modules);
    expect(() => applyMasks(tensors, new Map([["nope", new Uint8Array(1)]]))).toThrow(/E_ARGUMENT/);
    expect(() => applyMasks(tensors, new Map([[tensors[0]!.name, new Uint8Array(1)]]))).toThrow(/E_SHAPE/);
    expect(() => maskReport(tensors, new Map([[tensors[0]!.name, new Uint8Array(1)]]))).toThrow(/E_SHAPE/);
  });

  it("roundHalfEven rounds halves to even as np.round", () => {
    // NumPy: np.round([0.5, 1.5, 2.5, 3.5, 2.4999, 2.6]) -> [0, 2, 2, 4, 2, 3]
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
});
