import { describe, expect, it } from "vitest";
import { autoCalR, directEstimate, drEstimate, foldsForPrompts, ipsEstimate, stackEstimates } from "../src/index";
import { toyWorld } from "./helpers";

const world = toyWorld({ n: 1500, betas: { base: 0, mild: 0.4, strong: 1.0 }, oracleFrac: 0.1, seed: 3 });
const all = [...world.logged, ...Object.values(world.fresh).flat()];
const fit = autoCalR(all.map((s) => s.judgeScore), all.map((s) => s.oracleLabel ?? null), all.map((s) => s.promptId));
const cal = fit.calibrator;
const rewards = fit.rewards.slice(0, world.logged.length);

describe("directEstimate", () => {
  const est = directEstimate(world.fresh, cal);
  it("recovers the closed-form policy values within 4 SE, with OUA and prompt clustering", () => {
    for (const [p, truth] of Object.entries(world.truth)) {
      const e = est[p]!;
      expect(Math.abs(e.value - truth)).toBeLessThan(4 * e.se);
      expect(e.varOUA).toBeGreaterThan(0);
      expect(e.df).toBe(4); // min(G - 1, K - 1)
      expect(e.diagnostics.paired).toBe(true);
      expect(e.se).toBeCloseTo(Math.sqrt(e.seIF ** 2 + e.varOUA), 14);
    }
    expect(est.strong!.value).toBeGreaterThan(est.mild!.value);
  });
  it("is the mean calibrated reward with centred influence values", () => {
    const s = world.fresh.mild!.map((x) => x.judgeScore);
    const r = cal.predict(s);
    expect(est.mild!.value).toBeCloseTo(r.reduce((a, b) => a + b, 0) / r.length, 14);
    expect(est.mild!.influence.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
  });
  it("uses the iid SE for unpaired policies and skips OUA when asked", () => {
    const e = directEstimate({ a: world.fresh.mild!.slice(0, 100), b: world.fresh.base!.slice(50, 200) }, cal, { ouaJackknife: false });
    expect(e.a!.diagnostics.paired).toBe(false);
    expect(e.a!.df).toBe(99);
    expect(e.a!.varOUA).toBe(0);
  });
  it("uses the labels and skips OUA at 100 % coverage", () => {
    const fresh = world.fresh.mild!.slice(0, 200);
    const full = autoCalR(fresh.map((s) => s.judgeScore), fresh.map((s) => s.oracleLabel!), fresh.map((s) => s.promptId));
    const e = directEstimate({ mild: fresh }, full.calibrator).mild!;
    expect(e.value).toBeCloseTo(fresh.reduce((a, s) => a + s.oracleLabel!, 0) / 200, 14);
    expect(e.varOUA).toBe(0);
  });
  it("rejects bad input", () => {
    expect(() => directEstimate({}, cal)).toThrow(/E_SHAPE/);
    expect(() => directEstimate({ a: world.fresh.mild!.slice(0, 1) }, cal)).toThrow(/E_SHAPE/);
    expect(() => directEstimate(world.fresh, cal, { alpha: 1 })).toThrow(/E_RANGE/);
    expect(() => directEstimate({ a: [{ promptId: "x", judgeScore: Number.NaN }, { promptId: "y", judgeScore: 1 }] }, cal)).toThrow(/E_RANGE/);
  });
});

describe("ipsEstimate", () => {
  it("with identical policies (w = 1) every mode returns the mean reward", () => {
    const m = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    for (const mode of ["ips", "snips", "calibrated"] as const) expect(ipsEstimate(world.logged, "base", rewards, { mode, cal }).value).toBeCloseTo(m, 12);
  });
  it("calibrated IPS recovers the mild policy within 4 SE with CRV1 over 5 outer folds and ESS >= 0.5", () => {
    const e = ipsEstimate(world.logged, "mild", rewards, { cal });
    expect(Math.abs(e.value - world.truth.mild!)).toBeLessThan(4 * e.se);
    expect(e.df).toBe(4);
    expect(e.diagnostics.calibratedFolds).toBe(5);
    expect(e.diagnostics.essFraction as number).toBeGreaterThanOrEqual(0.5);
    expect(e.influence.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
  });
  it("stabilised weights have a smaller SE than SNIPS under poor overlap", () => {
    const sn = ipsEstimate(world.logged, "strong", rewards, { mode: "snips", cal, ouaJackknife: false });
    const ca = ipsEstimate(world.logged, "strong", rewards, { cal, ouaJackknife: false });
    expect(ca.seIF).toBeLessThan(sn.seIF);
  });
});

describe("drEstimate", () => {
  it("equals mean gbar + mean w (R - g) with Hajek weights (hand computation)", () => {
    const logged = world.logged.slice(0, 300);
    const fresh = world.fresh.base!.slice(0, 300);
    const e = drEstimate(logged, fresh, "base", cal, { calibrateWeights: false });
    const folds = foldsForPrompts(logged.map((s) => s.promptId));
    const s = logged.map((x) => x.judgeScore);
    const g = cal.predictOOF(s, folds);
    const r = cal.predict(s);
    const gbar = cal.predictOOF(fresh.map((x) => x.judgeScore), folds); // one draw per prompt, same order
    let v = 0;
    for (let i = 0; i < 300; i++) v += gbar[i]! + (r[i]! - g[i]!); // w = 1 for the base policy
    expect(e.value).toBeCloseTo(v / 300, 13);
    expect(e.df).toBe(4);
  });
  it("recovers the policy values within 4 SE and stacks with itself to the same value", () => {
    for (const p of ["mild", "strong"]) {
      const e = drEstimate(world.logged, world.fresh[p]!, p, cal);
      expect(Math.abs(e.value - world.truth[p]!)).toBeLessThan(4 * e.se);
      const folds = foldsForPrompts(world.logged.map((s) => s.promptId));
      const st = stackEstimates([e, e], folds);
      expect(st.value).toBeCloseTo(e.value, 13);
    }
  });
  it("rejects missing fresh draws, calibrators without fold models and unknown variants", () => {
    expect(() => drEstimate(world.logged, world.fresh.mild!.slice(0, 10), "mild", cal)).toThrow(/E_ARGUMENT/);
    const tiny = autoCalR([0.1, 0.5, 0.9], [0, 0.5, 1], ["a", "b", "c"]).calibrator;
    expect(() => drEstimate(world.logged, world.fresh.mild!, "mild", tiny)).toThrow(/E_STATE/);
    expect(() => drEstimate(world.logged, world.fresh.mild!, "mild", cal, { variant: "tr-cpo" as never })).toThrow(/E_ARGUMENT/);
  });
});
