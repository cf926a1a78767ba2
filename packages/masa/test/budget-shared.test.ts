import { describe, expect, it } from "vitest";
import { tensor, type Matrix } from "@wc/tensor";
import { atomsForRate, compressPretrained, reconstruct, type Proj } from "../src/index";
import ref from "./fixtures/shared-reference.json";
import { code } from "./helpers";

const sq = (m: Matrix): number => Array.from(m.data).reduce((a, v) => a + v * v, 0);
const all = (L: number) => [Array.from({ length: L }, (_, i) => i)];
// Llama-3.2-1B attention: L = 16, q/o 2048 x 2048, k/v 512 x 2048 (GQA, 8 KV heads of 64).
const llama1b = [
  { name: "q", out: 2048, in: 2048 },
  { name: "k", out: 512, in: 2048 },
  { name: "v", out: 512, in: 2048 },
  { name: "o", out: 2048, in: 2048 },
] as const;

describe("atomsForRate (spec §3.6 budget helper)", () => {
  it("one type, one group: the largest S meeting the target (spec §6.4 numbers)", () => {
    const q = [{ name: "q" as Proj, out: 768, in: 768 }];
    // 1 - (S*768*768 + 12*S) / (12*768*768): S=3 0.749994914, S=4 0.666659885, S=5 0.583324856
    for (const [target, S, rate] of [
      [0.6, 4, 0.6666598849826388],
      [0.6666598849, 4, 0.6666598849826388], // the spec's 0.666659885 is rounded up from ...8498
      [0.67, 3, 0.7499949137369792],
      [0.5, 5, 0.5833248562282987],
    ] as const) {
      const r = atomsForRate(q, all(12), target);
      expect(r.atoms).toEqual([S]);
      expect(r.rate).toBeCloseTo(rate, 12);
      expect(r.params).toBe(S * 768 * 768 + 12 * S);
      expect(r.denseParams).toBe(12 * 768 * 768);
    }
    // L = 24, 1536², S = 8 -> 0.666663276 (spec §6.4)
    expect(atomsForRate([{ name: "q", out: 1536, in: 1536 }], all(24), 0.66).atoms).toEqual([8]);
    // target 0: every layer its own atom (S = L) is the most that fits
    expect(atomsForRate(q, all(12), 0).atoms).toEqual([11]);
  });

  it("with residuals (Llama-3.2-1B shapes, 20% target)", () => {
    // residual 1,310,720 per layer split by min(out, in) 2048:512:512:2048 -> ranks q/o 128, k/v 51;
    // residual params 16*(2*128*4096 + 2*51*2560) = 20,955,136 of the dense 167,772,160; an atom of a
    // group of g layers costs 10,485,760 + 4g; (0.8*167772160 - 20955136) / (10485760 + 16) = 10.8
    const four = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]];
    const r = atomsForRate(llama1b, four, 0.2, { residualParamsPerLayer: 1_310_720 });
    expect(r.residualRanks).toEqual({ q: 128, k: 51, v: 51, o: 128 });
    expect(r.atoms).toEqual([3, 3, 2, 2]);
    expect(r.params).toBe(125_812_896);
    expect(r.denseParams).toBe(167_772_160);
    expect(r.rate).toBeCloseTo(0.2500967025756836, 12);
    const one = atomsForRate(llama1b, all(16), 0.2, { residualParamsPerLayer: 1_310_720 });
    expect(one.atoms).toEqual([10]);
    expect(one.params).toBe(125_813_376);
    // no residuals: 0.8*167772160 / (10485760 + 64) = 12.8 -> 12
    expect(atomsForRate(llama1b, all(16), 0.2).atoms).toEqual([12]);
  });

  it("MASA-QKV keeps O dense; shared dictionaries cost one atom for all types", () => {
    // Table 2: q, k, v shared at S = 4 of 12 with O dense -> 3(1 - 4/12)/4 = 0.5 (minus coefficients)
    const qkv = (["q", "k", "v"] as const).map((name) => ({ name, out: 768, in: 768 }));
    const r = atomsForRate(qkv, all(12), 0.49, { denseTypes: [{ out: 768, in: 768 }] });
    expect(r.atoms).toEqual([4]);
    expect(r.rate).toBeCloseTo(1 - (3 * (4 * 589824 + 48) + 12 * 589824) / (48 * 589824), 12);
    // q and o of Llama-3.2-1B at 50%: separate (0.5*d) / (2*(n + 16)) = 7.99997 -> 7 per type;
    // shared (0.5*d) / (n + 32) = 15.9999 -> 15 for both
    const qo = [llama1b[0], llama1b[3]];
    expect(atomsForRate(qo, all(16), 0.5).atoms).toEqual([7]);
    const sh = atomsForRate(qo, all(16), 0.5, { dictionaries: "shared" });
    expect(sh.atoms).toEqual([15]);
    expect(sh.params).toBe(15 * (2048 * 2048 + 32));
  });

  it("rejects unreachable targets and bad input", () => {
    const q = [{ name: "q" as Proj, out: 768, in: 768 }];
    // one atom of 12 keeps 1/12 + coefficients: rate 0.91666 < 0.95
    expect(code(() => atomsForRate(q, all(12), 0.95))).toBe("E_RANGE");
    expect(() => atomsForRate(q, all(12), 0.95)).toThrow(/out of reach.*rate 0\.9166/);
    expect(code(() => atomsForRate(q, all(12), 1))).toBe("E_RANGE");
    expect(code(() => atomsForRate(q, all(12), Number.NaN))).toBe("E_RANGE");
    expect(code(() => atomsForRate(q, [[0], []], 0.5))).toBe("E_ARGUMENT");
    expect(code(() => atomsForRate([], all(2), 0.5))).toBe("E_ARGUMENT");
    expect(code(() => atomsForRate(q, all(12), 0.5, { residualParamsPerLayer: -1 }))).toBe("E_RANGE");
    expect(code(() => atomsForRate(llama1b, all(16), 0.2, { dictionaries: "shared" }))).toBe("E_SHAPE");
  });

  it("its atoms drive compressPretrained to the same count", () => {
    const mk = (r: number, c: number, s: number) => tensor(Float64Array.from({ length: r * c }, (_, i) => Math.sin(s * 7.1 + i * 1.3)), [r, c]) as Matrix;
    const layers = Array.from({ length: 6 }, (_, l) => ({ q: mk(8, 8, l), k: mk(4, 8, l + 10), v: mk(4, 8, l + 20), o: mk(8, 8, l + 30) }));
    const mats = [{ name: "q" as Proj, out: 8, in: 8 }, { name: "k" as Proj, out: 4, in: 8 }, { name: "v" as Proj, out: 4, in: 8 }, { name: "o" as Proj, out: 8, in: 8 }];
    const groups = [[0, 1, 2], [3, 4, 5]];
    const b = atomsForRate(mats, groups, 0.4);
    // dense 6*192 = 1152, at most 0.6*1152 = 691.2 kept; an atom costs 192 + 4*3 = 204:
    // [1, 1] = 408, [2, 1] = 612, then group 1 (3 layers per atom) would need 816 -> [2, 1]
    expect(b.atoms).toEqual([2, 1]);
    expect(b.params).toBe(612);
    const r = compressPretrained(layers, { groups, atomsPerGroup: b.atoms });
    expect(r.report.params).toBe(b.params);
    expect(r.report.projections[0]!.atoms).toEqual([2, 1]);
    expect(code(() => compressPretrained(layers, { groups, atomsPerGroup: [2] }))).toBe("E_SHAPE");
    expect(code(() => compressPretrained(layers, { groups, atomsPerGroup: [2, 0] }))).toBe("E_RANGE");
  });
});

describe("shared dictionaries across projection types (spec §3.1 item 2 ablation)", () => {
  const P = 4;
  const L = 6;
  const types = ["q", "k", "v", "o"] as const;
  const base = ref.base.map((a) => a.flat());
  const layersOf = (withNoise: boolean) =>
    Array.from({ length: L }, (_, l) => {
      const e: Record<Proj, Matrix> = {} as Record<Proj, Matrix>;
      types.forEach((p, t) => {
        const w = new Float64Array(48);
        ref.mix[t]![l]!.forEach((c, k) => base[k]!.forEach((v, j) => (w[j] += c * v)));
        if (withNoise) ref.noise[t]![l]!.flat().forEach((v, j) => (w[j] += v));
        e[p] = tensor(w, [8, 6]) as Matrix;
      });
      return e;
    });

  it("recovers exactly when all four types are combinations of the same 5 atoms", () => {
    const layers = layersOf(false);
    const r = compressPretrained(layers, { atomsPerGroup: 5, dictionaries: "shared" });
    expect(r.report.dictionaries).toBe("shared");
    expect(r.report.projections.every((p) => p.relError < 1e-12)).toBe(true);
    // one set of atoms for all types
    expect(r.dicts.k![0]!.atoms).toBe(r.dicts.q![0]!.atoms);
    const w = reconstruct(r.dicts.v![0]!, 3);
    for (let j = 0; j < 48; j++) expect(w.data[j]).toBeCloseTo(layers[3]!.v.data[j]!, 10);
    // 5 atoms of 48 + 24 matrices x 5 coefficients
    expect(r.report.params).toBe(5 * 48 + P * L * 5);
    expect(r.report.projections.reduce((a, p) => a + p.params, 0)).toBeCloseTo(r.report.params, 9);
    // separate dictionaries of 1 atom each (a similar budget, 4 x 48 + 24) cannot do that
    const sep = compressPretrained(layers, { atomsPerGroup: 1 });
    expect(Math.min(...sep.report.projections.map((p) => p.relError))).toBeGreaterThan(0.1);
  });

  it("the squared error is the Eckart-Young tail of the jointly stacked 48 x 24 matrix", () => {
    const layers = layersOf(true);
    const tail = (s: readonly number[], k: number) => s.slice(k).reduce((a, x) => a + x * x, 0);
    let norm = 0;
    for (const ly of layers) for (const p of types) norm += sq(ly[p]);
    for (const S of [3, 5, 8]) {
      const r = compressPretrained(layers, { atomsPerGroup: S, dictionaries: "shared" });
      // np.linalg.svd(np.stack([W[t,l].ravel() for t in range(4) for l in range(6)], 1), compute_uv=False)
      const e = tail(ref.jointSingularValues, S);
      let err = 0;
      for (const p of types) layers.forEach((ly, l) => r.approximations[p]![l]!.data.forEach((v, j) => (err += (ly[p].data[j]! - v) ** 2)));
      expect(Math.abs(err - e) / e).toBeLessThan(1e-9);
      let rel2 = 0;
      for (const p of r.report.projections) rel2 += p.relError ** 2 * layers.reduce((a, ly) => a + sq(ly[p.proj]), 0);
      expect(Math.abs(rel2 - e) / e).toBeLessThan(1e-9);
    }
    // separate dictionaries: the sum of the four per-type tails (48 x 6 stacks)
    const sep = compressPretrained(layers, { atomsPerGroup: 2 });
    const sepTail = ref.typeSingularValues.reduce((a, s) => a + tail(s, 2), 0);
    const sepErr = sep.report.projections.reduce((a, p) => a + p.relError ** 2 * layers.reduce((b, ly) => b + sq(ly[p.proj]), 0), 0);
    expect(Math.abs(sepErr - sepTail) / sepTail).toBeLessThan(1e-9);
    expect(norm).toBeGreaterThan(0);
  });

  it("rule and bounds count P x |G| matrices; unequal shapes are refused", () => {
    const layers = layersOf(true);
    // default rule round(P*|G|/3) = round(24/3) = 8 per group of 6
    expect(compressPretrained(layers, { dictionaries: "shared" }).report.projections[0]!.atoms).toEqual([8]);
    expect(compressPretrained(layers, { dictionaries: "shared", atomsPerGroup: 24 }).report.projections[0]!.relError).toBeLessThan(1e-12);
    expect(code(() => compressPretrained(layers, { dictionaries: "shared", atomsPerGroup: 25 }))).toBe("E_RANGE");
    const calls: number[] = [];
    compressPretrained(layers, { dictionaries: "shared", groups: [[0, 1, 2], [3, 4, 5]], onProgress: (d) => calls.push(d) });
    expect(calls).toEqual([0, 1, 2]);
    const gqa = layers.map((ly) => ({ ...ly, k: tensor(new Float64Array(24).fill(1), [4, 6]) as Matrix }));
    expect(code(() => compressPretrained(gqa, { dictionaries: "shared" }))).toBe("E_SHAPE");
    expect(compressPretrained(gqa, { dictionaries: "shared", projections: ["q", "v", "o"], atomsPerGroup: 2 }).report.params).toBe(2 * 48 + 3 * 6 * 2);
    expect(code(() => compressPretrained(layers, { dictionaries: "joint" as never }))).toBe("E_ARGUMENT");
  });
});
