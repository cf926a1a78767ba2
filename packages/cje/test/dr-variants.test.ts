import { describe, expect, it } from "vitest";
import { autoCalR, drEstimate, importanceWeights, mrdrOmega, solveLogisticFluctuation, stackedDrEstimate, type Sample } from "../src/index";
import { toyWorld } from "./helpers";

const world = toyWorld({ n: 1200, betas: { base: 0, mild: 0.4, strong: 0.8 }, oracleFrac: 0.15, seed: 5 });
const all = [...world.logged, ...Object.values(world.fresh).flat()];
const cal = autoCalR(all.map((s) => s.judgeScore), all.map((s) => s.oracleLabel ?? null), all.map((s) => s.promptId)).calibrator;
const n = world.logged.length;

describe("solveLogisticFluctuation (TMLE targeting)", () => {
  it("solves a constant-covariate case in closed form: eps = logit(mean R) - logit(g)", () => {
    // g = 0.5 everywhere, H = 1: expit(eps) = mean R = 0.7 -> eps = log(0.7 / 0.3)
    const f = solveLogisticFluctuation([0.5, 0.5], [0.6, 0.8], [1, 1]);
    expect(f.epsilon).toBeCloseTo(Math.log(0.7 / 0.3), 12);
    expect(f.converged).toBe(true);
    expect(f.normalizedScore).toBeLessThanOrEqual(1e-8);
  });
  it("meets |score| / sqrt(Fisher) <= 1e-8 on a non-trivial problem, and H = 0 gives eps = 0", () => {
    const g = [0.2, 0.4, 0.6, 0.8, 0.3];
    const r = [0.3, 0.2, 0.9, 0.7, 0.6];
    const h = [0.5, 1.5, 2, 0.7, 1.1];
    const f = solveLogisticFluctuation(g, r, h);
    let score = 0;
    let fisher = 0;
    g.forEach((gi, i) => {
      const mu = 1 / (1 + Math.exp(-(Math.log(gi / (1 - gi)) + f.epsilon * h[i]!)));
      score += h[i]! * (r[i]! - mu);
      fisher += h[i]! ** 2 * mu * (1 - mu);
    });
    expect(Math.abs(score) / Math.sqrt(fisher)).toBeLessThanOrEqual(1e-8);
    expect(solveLogisticFluctuation(g, r, [0, 0, 0, 0, 0]).epsilon).toBe(0);
  });
  it("rejects bad input", () => {
    expect(() => solveLogisticFluctuation([0.5], [0.5, 0.1], [1])).toThrow(/E_SHAPE/);
    expect(() => solveLogisticFluctuation([], [], [])).toThrow(/E_SHAPE/);
    expect(() => solveLogisticFluctuation([0.5], [Number.NaN], [1])).toThrow(/E_RANGE/);
    expect(() => solveLogisticFluctuation([0.5], [0.5], [1], { tol: 0 })).toThrow(/E_RANGE/);
    expect(() => solveLogisticFluctuation([0.5], [0.5], [1], { maxIter: 0 })).toThrow(/E_RANGE/);
  });
});

describe("drEstimate variants", () => {
  it("TMLE's targeted correction term solves its score equation (H = w for S-calibrated weights)", () => {
    for (const p of ["mild", "strong"]) {
      const e = drEstimate(world.logged, world.fresh[p]!, p, cal, { variant: "tmle" });
      expect(e.diagnostics.tmleConverged).toBe(true);
      expect(e.diagnostics.tmleNormalizedScore as number).toBeLessThanOrEqual(1e-8);
      // sum w (R - g*) = n * correction; Fisher <= sum w^2 / 4 <= n (1 + varCap) / 4 with varCap 1
      expect(Math.abs(n * (e.diagnostics.correctionTerm as number))).toBeLessThanOrEqual((1e-8 * Math.sqrt(2 * n)) / 2);
    }
    // Hajek weights with distinct scores: H_i = w_i exactly, so the same bound holds with sum w^2
    const e = drEstimate(world.logged, world.fresh.mild!, "mild", cal, { variant: "tmle", calibrateWeights: false });
    const w = importanceWeights(world.logged.map((x) => x.baseLogprob!), world.logged.map((x) => x.targetLogprobs!.mild!)).hajek;
    const sw2 = w.reduce((a, b) => a + b * b, 0);
    expect(Math.abs(n * (e.diagnostics.correctionTerm as number))).toBeLessThanOrEqual((1e-8 * Math.sqrt(sw2)) / 2);
  });
  it("TMLE and MRDR (every omega) recover the closed-form values within 4 SE and agree with DR-CPO to first order", () => {
    for (const p of ["mild", "strong"]) {
      const cpo = drEstimate(world.logged, world.fresh[p]!, p, cal);
      for (const o of [{ variant: "tmle" as const }, { variant: "mrdr" as const }, { variant: "mrdr" as const, omega: "w2" as const }, { variant: "mrdr" as const, omega: "snips" as const }]) {
        const e = drEstimate(world.logged, world.fresh[p]!, p, cal, o);
        expect(Math.abs(e.value - world.truth[p]!)).toBeLessThan(4 * e.se);
        expect(Math.abs(e.value - cpo.value)).toBeLessThan(cpo.se);
        expect(e.df).toBe(4);
        expect(e.varOUA).toBeGreaterThan(0);
        expect(e.influence.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
      }
    }
  });
  it("with uniform weights every MRDR omega is the same fit and TMLE's correction term vanishes", () => {
    const est = (omega: "w" | "w2" | "snips") => drEstimate(world.logged, world.fresh.base!, "base", cal, { variant: "mrdr", omega, calibrateWeights: false }).value;
    expect(est("w2")).toBe(est("w"));
    expect(est("snips")).toBe(est("w"));
    const t = drEstimate(world.logged, world.fresh.base!, "base", cal, { variant: "tmle", calibrateWeights: false });
    expect(Math.abs(n * (t.diagnostics.correctionTerm as number))).toBeLessThanOrEqual((1e-8 * Math.sqrt(n)) / 2);
  });
  it("with a perfect outcome model (Y = S on a shared grid) all variants and the stack equal DR-CPO", () => {
    // every fold holds every grid score, so each leave-fold-out isotonic map is the identity on [0.05, 0.95]
    const m = 500;
    const grid = (i: number) => 0.05 + (0.9 * ((Math.floor(i / 5) * 8) % 91)) / 90;
    const logged: Sample[] = Array.from({ length: m }, (_, i) => ({
      promptId: `q${i}`, judgeScore: grid(i), oracleLabel: grid(i), baseLogprob: -3, targetLogprobs: { t: -3 + 0.8 * (grid(i) - 0.5) + 0.3 * Math.sin(i) },
    }));
    const fresh: Sample[] = logged.map((x, i) => ({ promptId: x.promptId, judgeScore: grid(i + 35) }));
    const rows = [...logged, ...fresh];
    const fold = (p: string) => Number(p.slice(1)) % 5;
    const c = autoCalR(rows.map((x) => x.judgeScore), rows.map((x) => x.oracleLabel ?? null), rows.map((x) => x.promptId), { foldOf: fold }).calibrator;
    const probe = Float64Array.from({ length: 37 }, (_, i) => 0.05 + (0.9 * i) / 36);
    for (let k = 0; k < 5; k++) Array.from(c.predictFold(probe, k)).forEach((v, i) => expect(v).toBeCloseTo(probe[i]!, 14));
    const cpo = drEstimate(logged, fresh, "t", c);
    const mean = fresh.reduce((a, x) => a + x.judgeScore, 0) / m;
    expect(cpo.value).toBeCloseTo(mean, 13);
    for (const variant of ["tmle", "mrdr"] as const) {
      const e = drEstimate(logged, fresh, "t", c, { variant });
      expect(e.value).toBeCloseTo(cpo.value, 12);
      expect(e.varOUA).toBeCloseTo(0, 20);
    }
    const st = stackedDrEstimate(logged, fresh, "t", c);
    expect(st.value).toBeCloseTo(cpo.value, 12);
  });
  it("rejects unknown variants and omega modes", () => {
    expect(() => drEstimate(world.logged, world.fresh.mild!, "mild", cal, { variant: "mrdr", omega: "abs" as never })).toThrow(/E_ARGUMENT/);
    expect(() => drEstimate(world.logged, world.fresh.mild!, "mild", cal, { variant: "tmle", tmleTol: -1 })).toThrow(/E_RANGE/);
    expect(() => stackedDrEstimate(world.logged, world.fresh.mild!, "mild", cal, { components: [] })).toThrow(/E_ARGUMENT/);
  });
});

describe("mrdrOmega and stackedDrEstimate", () => {
  it("omega modes: |w|, w^2, (w - 1)^2 floored at 1e-8", () => {
    expect(Array.from(mrdrOmega([0.5, 1, 1.5]))).toEqual([0.5, 1, 1.5]);
    expect(Array.from(mrdrOmega([0.5, 1, 1.5], "w2"))).toEqual([0.25, 1, 2.25]);
    expect(Array.from(mrdrOmega([0.5, 1, 1.5], "snips"))).toEqual([0.25, 1e-8, 0.25]);
  });
  it("stacks dr-cpo, tmle and mrdr by default: simplex mix, value = mix . component values, covers the truth", () => {
    const st = stackedDrEstimate(world.logged, world.fresh.strong!, "strong", cal);
    expect(st.mix.length).toBe(3);
    expect(st.mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const a of st.mix) expect(a).toBeGreaterThanOrEqual(0);
    const v = ["dr-cpo", "tmle", "mrdr"].reduce((a, c, i) => a + st.mix[i]! * (st.diagnostics[`value:${c}`] as number), 0);
    expect(st.value).toBeCloseTo(v, 13);
    expect(Math.abs(st.value - world.truth.strong!)).toBeLessThan(4 * st.se);
    expect(st.df).toBe(4);
  });
});
