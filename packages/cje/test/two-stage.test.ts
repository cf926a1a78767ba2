import { describe, expect, it } from "vitest";
import { autoCalR, fitSplineRidge, RIDGE_ALPHAS, splineBasis } from "../src/index";
import fx from "./fixtures/two_stage.json";

// Literals: fixtures/make_two_stage.py (scikit-learn 1.2 SplineTransformer + RidgeCV + IsotonicRegression).
const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
const close = (a: ArrayLike<number>, b: readonly number[], digits: number) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits));
};

describe("spline + ridge (two-stage stage one)", () => {
  const lo = Math.min(...fx.s);
  const hi = Math.max(...fx.s);
  it("uses n_knots = min(max(5, 8), n/4) and the logspace(-3, 3, 13) grid", () => {
    expect(fx.nKnots).toBe(8);
    expect(RIDGE_ALPHAS.length).toBe(13);
    expect(RIDGE_ALPHAS[0]).toBeCloseTo(1e-3, 15);
    expect(RIDGE_ALPHAS[12]).toBeCloseTo(1e3, 10);
  });
  it("matches SplineTransformer(degree 3, include_bias False, constant extrapolation) to 1e-12", () => {
    const B = splineBasis(fx.grid, lo, hi, fx.nKnots);
    close(B, fx.basisGrid.flat(), 12);
  });
  it("matches RidgeCV's LOO alpha, coefficients, intercept and predictions", () => {
    const g = fitSplineRidge(fx.s, fx.y, { nKnots: fx.nKnots });
    expect(g.alpha).toBeCloseTo(fx.alpha, 12);
    close(g.coef, fx.coef, 9);
    expect(g.intercept).toBeCloseTo(fx.intercept, 9);
    close(g.predict(fx.grid), fx.gGrid, 9);
  });
  it("chooses the alpha of smallest LOO error among the candidates", () => {
    const g = fitSplineRidge(fx.s, fx.y);
    const best = Math.min(...g.looMse);
    expect(g.looMse[RIDGE_ALPHAS.indexOf(g.alpha)]).toBe(best);
  });
  it("rejects bad input", () => {
    expect(() => fitSplineRidge([1, 1, 1, 1], [0, 1, 0, 1])).toThrow(/E_RANGE/);
    expect(() => fitSplineRidge([1, 2], [0, 1])).toThrow(/E_SHAPE/);
    expect(() => fitSplineRidge([1, 2, 3], [0, 1])).toThrow(/E_SHAPE/);
    expect(() => fitSplineRidge([1, 2, Number.NaN], [0, 1, 1])).toThrow(/E_RANGE/);
    expect(() => fitSplineRidge([1, 2, 3], [0, 1, 1], { alphas: [0] })).toThrow(/E_RANGE/);
    expect(() => splineBasis([0.5], 0, 1, 1)).toThrow(/E_RANGE/);
  });
});

describe("autoCalR two-stage and auto", () => {
  it("two_stage global map equals g -> ECDF mid-rank -> isotonic (sklearn) on rows and off-grid points", () => {
    const r = autoCalR(fx.s, fx.y.map((v) => v), ids(fx.s.length), { mode: "two_stage" });
    expect(r.selectedMode).toBe("two_stage");
    close(r.calibrator.predict(fx.grid), fx.twoStageGrid, 10);
    close(r.calibrator.predict(fx.s), fx.twoStageRows, 10);
    // mean preservation of the isotonic stage on the training index
    const m = fx.twoStageRows.reduce((a, b) => a + b, 0) / fx.s.length;
    expect(m).toBeCloseTo(fx.y.reduce((a, b) => a + b, 0) / fx.y.length, 12);
  });
  it("routes fold predictions through the fold's own spline and ECDF (cje's fixed OUA routing)", () => {
    const folds = new Map(ids(fx.s.length).map((p, i) => [p, i % 5]));
    const r = autoCalR(fx.s, fx.y, ids(fx.s.length), { mode: "two_stage", foldOf: (p) => folds.get(p)! });
    close(r.calibrator.predictFold(fx.grid, 0), fx.twoStageFold0, 10);
    // the final isotonic stage alone, fed raw scores (the pre-fix bug), would give something else
    const wrong = r.calibrator.model.predict(fx.grid);
    expect(Math.max(...fx.twoStageFold0.map((v, i) => Math.abs(v - wrong[i]!)))).toBeGreaterThan(0.05);
  });
  it("auto picks two-stage on a U-shaped judge and monotone on a monotone one, with sklearn's OOF RMSEs", () => {
    const folds = new Map(ids(fx.s.length).map((p, i) => [p, i % 5]));
    const foldOf = (p: string) => folds.get(p)!;
    const u = autoCalR(fx.s, fx.y, ids(fx.s.length), { mode: "auto", foldOf });
    expect(u.selectedMode).toBe("two_stage");
    expect(u.selection!.rmseMonotone).toBeCloseTo(fx.autoU.rmseMono, 10);
    expect(u.selection!.rmseTwoStage).toBeCloseTo(fx.autoU.rmseTwoStage, 10);
    expect(u.selection!.seRmse).toBeCloseTo(fx.autoU.seRmse, 10);
    expect(u.selection!.tercilesBetter).toBe(fx.autoU.better);
    expect(u.rmseOOF).toBeCloseTo(fx.autoU.rmseTwoStage, 10);
    const m = autoCalR(fx.s2, fx.y2, ids(fx.s2.length), { mode: "auto", foldOf });
    expect(m.selectedMode).toBe(fx.autoMono.selected);
    expect(m.selection!.rmseMonotone).toBeCloseTo(fx.autoMono.rmseMono, 10);
    expect(m.selection!.rmseTwoStage).toBeCloseTo(fx.autoMono.rmseTwoStage, 10);
    expect(m.selection!.tercilesBetter).toBe(fx.autoMono.better);
    expect(m.calibrator.mode).toBe("monotone");
  });
  it("keeps outputs in [0, 1], does not mutate inputs, and falls back to monotone below 20 oracle rows", () => {
    const s = fx.s.slice(0, 15);
    const y = fx.y.slice(0, 15);
    const copy = s.slice();
    const r = autoCalR(s, y, ids(15), { mode: "two_stage" });
    expect(s).toEqual(copy);
    expect(r.calibrator.mode).toBe("two_stage");
    // full map falls back to plain isotonic on S: equal to the monotone fit
    const mono = autoCalR(s, y, ids(15));
    expect(Array.from(r.calibrator.predict(fx.grid))).toEqual(Array.from(mono.calibrator.predict(fx.grid)));
    const p = autoCalR(fx.s, fx.y, ids(fx.s.length), { mode: "auto" }).calibrator.predict([-100, 0, 5, 100]);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
  });
  it("rejects an unknown mode", () => {
    expect(() => autoCalR([1, 2], [0, 1], ids(2), { mode: "spline" as never })).toThrow(/E_ARGUMENT/);
  });
});
