import { describe, expect, it } from "vitest";
import { autoCalR, directBootstrap, directEstimate, foldsForPrompts, type Sample } from "../src/index";
import { toyWorld } from "./helpers";

// two policies on the same 300 prompts; 1 in 5 fresh draws carries its oracle label
const world = toyWorld({ n: 300, betas: { a: 0.2, b: 0.6 }, oracleFrac: 0, seed: 9 });
const fresh: Record<string, Sample[]> = {};
for (const [p, rows] of Object.entries(world.fresh)) fresh[p] = rows.map((x, i) => ({ ...x, oracleLabel: (i + (p === "b" ? 2 : 0)) % 5 === 0 ? x.oracleLabel : null }));
const rows = [...fresh.a!, ...fresh.b!];
const fit = autoCalR(rows.map((x) => x.judgeScore), rows.map((x) => x.oracleLabel ?? null), rows.map((x) => x.promptId));

describe("directBootstrap (cluster bootstrap with calibrator refit)", () => {
  const est = directBootstrap(fresh, { nBootstrap: 200 });
  it("point estimate = plug-in f_full mean + mean OOF residual on the policy's oracle rows", () => {
    const direct = directEstimate(fresh, fit.calibrator, { ouaJackknife: false });
    for (const p of ["a", "b"]) {
      const e = est[p]!;
      expect(e.diagnostics.plugIn as number).toBeCloseTo(direct[p]!.value, 13);
      const lab = fresh[p]!.filter((x) => typeof x.oracleLabel === "number");
      const oof = fit.calibrator.predictOOF(lab.map((x) => x.judgeScore), foldsForPrompts(lab.map((x) => x.promptId)));
      const corr = lab.reduce((a, x, i) => a + (x.oracleLabel! - oof[i]!), 0) / lab.length;
      expect(e.diagnostics.residualCorrection as number).toBeCloseTo(corr, 13);
      expect(e.value).toBeCloseTo(direct[p]!.value + corr, 13);
    }
  });
  it("collects B valid replicates, gives an ordered percentile CI around the estimate and covers the truth", () => {
    for (const p of ["a", "b"]) {
      const e = est[p]!;
      expect(e.diagnostics.nValid).toBe(200);
      expect(e.ci[0]).toBeLessThan(e.ci[1]);
      expect(e.se).toBeGreaterThan(0);
      expect(e.ci[0] - 1e-9).toBeLessThanOrEqual(e.value + 3 * e.se);
      expect(Math.abs(e.value - world.truth[p]!)).toBeLessThan(4 * e.se);
    }
    // the refit bootstrap is of the same order as the jackknife-augmented analytic SE
    const oua = directEstimate(fresh, fit.calibrator);
    const ratio = est.a!.se / oua.a!.se;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
  it("is deterministic for a seed, changes with it, and leaves the inputs untouched", () => {
    const before = JSON.stringify(fresh);
    const a = directBootstrap(fresh, { nBootstrap: 50, seed: 3 });
    const b = directBootstrap(fresh, { nBootstrap: 50, seed: 3 });
    const c = directBootstrap(fresh, { nBootstrap: 50, seed: 4 });
    expect(a.a!.ci).toEqual(b.a!.ci);
    expect(a.a!.ci).not.toEqual(c.a!.ci);
    expect(JSON.stringify(fresh)).toBe(before);
  });
  it("redraws replicates below the oracle minimum and reports NaN when none qualifies", () => {
    const e = directBootstrap(fresh, { nBootstrap: 5, minOraclePerReplicate: 10_000 }).a!;
    expect(e.diagnostics.nValid).toBe(0);
    expect(e.diagnostics.nAttempts).toBe(25);
    expect(Number.isNaN(e.ci[0])).toBe(true);
  });
  it("supports the plug-in estimator and fixed two-stage calibration", () => {
    const plug = directBootstrap(fresh, { nBootstrap: 20, augmented: false });
    expect(plug.a!.value).toBe(plug.a!.diagnostics.plugIn);
    const two = directBootstrap(fresh, { nBootstrap: 20, mode: "two_stage" });
    expect(two.a!.diagnostics.mode).toBe("two_stage");
    expect(Math.abs(two.a!.value - world.truth.a!)).toBeLessThan(0.1);
  });
  it("rejects bad input", () => {
    expect(() => directBootstrap({})).toThrow(/E_SHAPE/);
    expect(() => directBootstrap({ a: fresh.a!.map((x) => ({ ...x, oracleLabel: null })) })).toThrow(/E_SHAPE/);
    expect(() => directBootstrap({ a: fresh.a!.map((x, i) => ({ ...x, oracleLabel: i === 0 ? 1.5 : x.oracleLabel })) })).toThrow(/E_RANGE/);
    expect(() => directBootstrap(fresh, { nBootstrap: 1 })).toThrow(/E_RANGE/);
    expect(() => directBootstrap(fresh, { mode: "spline" as never })).toThrow(/E_ARGUMENT/);
    expect(() => directBootstrap(fresh, { alpha: 0 })).toThrow(/E_RANGE/);
    expect(() => directBootstrap({ a: [fresh.a![0]!] })).toThrow(/E_SHAPE/);
  });
});
