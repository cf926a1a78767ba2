import { describe, expect, it } from "vitest";
import { cleDiagnostics, essFraction, importanceWeights, ipsEstimate, weightGates } from "../src/index";
import type { Sample } from "../src/index";

const BASE = [-1, -2, -3, -4];
const TARGET = [-4, -3, -2, -1];

describe("cleDiagnostics (spec section 5 toy, NumPy)", () => {
  it("reproduces the CLE/TTC numbers to 1e-5", () => {
    const d = cleDiagnostics(BASE, TARGET);
    expect(d.alpha).toBeCloseTo(0.98201, 5);
    expect(d.beta).toBe(0.5);
    expect(d.ttc).toBe(0.5);
    expect(d.chi2T).toBeCloseTo(0.58003, 5);
    expect(d.coveragePenalty).toBeCloseTo(1.38878, 5);
    expect(d.shapeMismatch).toBeCloseTo(1.25699, 5);
    expect(d.cleFactor).toBeCloseTo(1.74568, 5);
    // w = exp(t - b); w /= w.mean(); w.sum()**2 / (w**2).sum() / 4 = 0.3280386580976832
    expect(d.essFraction).toBeCloseTo(0.3280386580976832, 12);
    expect(d.ttcStatus).toBe("warning");
  });
  it("divides surprisal by token counts and rejects bad input", () => {
    // u = -t / [1, 2, 1, 1] = [4, 1.5, 2, 1] -> T = {u <= 2}, 3 rows (NumPy: alpha 0.997856, chi2_T 1.296137)
    const d = cleDiagnostics(BASE, TARGET, { tokenCounts: [1, 2, 1, 1] });
    expect(d.beta).toBe(0.75);
    expect(d.alpha).toBeCloseTo(0.9978559912164153, 9);
    expect(d.chi2T).toBeCloseTo(1.2961374330428097, 9);
    expect(() => cleDiagnostics(BASE, TARGET, { tokenCounts: [1, 0, 1, 1] })).toThrow(/E_RANGE/);
    expect(() => cleDiagnostics(BASE, [1, 2, 3])).toThrow(/E_SHAPE/);
    expect(() => cleDiagnostics([Number.NaN], [1])).toThrow(/E_RANGE/);
    expect(() => cleDiagnostics(BASE, TARGET, { typicalMass: 0 })).toThrow(/E_RANGE/);
  });
});

const logged: Sample[] = BASE.map((b, i) => ({ promptId: `p${i}`, judgeScore: i, baseLogprob: b, targetLogprobs: { pi: TARGET[i]! } }));
const R = [0.2, 0.4, 0.6, 0.8];

describe("IPS / SNIPS toy (spec section 5)", () => {
  it("gives IPS 4.464127 with raw weights and SNIPS 0.768965", () => {
    // NumPy: w = exp(t - b); (w * r).mean() = 4.464126956441928; (w * r).sum() / w.sum() = 0.7689649316107399
    expect(ipsEstimate(logged, "pi", R, { mode: "ips" }).value).toBeCloseTo(4.464126956441928, 12);
    expect(ipsEstimate(logged, "pi", R, { mode: "snips" }).value).toBeCloseTo(0.7689649316107399, 12);
  });
  it("Hajek weights have mean 1 and clipping rescales to mean 1", () => {
    const w = importanceWeights(BASE, TARGET);
    expect(w.hajek.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 13);
    const c = importanceWeights(BASE, TARGET, { clip: 2 });
    expect(c.hajek.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 13);
    expect(Math.max(...c.hajek)).toBeGreaterThan(2); // rescaled after clipping (cje order)
    expect(Array.from(importanceWeights([0, 0], [Number.NaN, -1]).raw)).toEqual([0, Math.exp(-1)]);
  });
  it("flags no overlap as NaN and reports weight gates", () => {
    const none: Sample[] = logged.map((s) => ({ ...s, targetLogprobs: { pi: -Infinity } }));
    const e = ipsEstimate(none, "pi", R, { mode: "snips" });
    expect(Number.isNaN(e.value)).toBe(true);
    expect(e.diagnostics.noOverlap).toBe(true);
    const g = weightGates([1, 1, 1, 1, 1, 1, 1, 1, 1, 100]);
    expect(g.top5Share).toBeCloseTo(100 / 109, 14);
    expect(g.cv).toBeGreaterThan(2);
    expect(g.unreliable).toBe(true);
    expect(g.essFraction).toBeCloseTo(109 ** 2 / (10 * 10009), 14); // 0.1187: between the gates
    expect(g.essStatus).toBe("warning");
    expect(essFraction([2, 0, 2, 0])).toBe(0.5);
  });
  it("rejects rows without log-probs, bad modes and NaN rewards", () => {
    expect(() => ipsEstimate(logged, "other", R)).toThrow(/E_ARGUMENT/);
    expect(() => ipsEstimate(logged, "pi", R, { mode: "dm" as "ips" })).toThrow(/E_ARGUMENT/);
    expect(() => ipsEstimate(logged, "pi", [0.1, Number.NaN, 0.2, 0.3])).toThrow(/E_RANGE/);
    expect(() => ipsEstimate(logged, "pi", [0.1])).toThrow(/E_SHAPE/);
  });
});
