import { describe, expect, it } from "vitest";
import { autoCalR, normalizeToUnit } from "../src/index";
import fx from "./fixtures/isotonic.json";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe("autoCalR (monotone)", () => {
  const all = autoCalR(fx.s, fx.y, ids(fx.s.length));
  it("fits scipy.optimize.isotonic_regression on tie-pooled labels (fixtures/make_fixtures.py) to 1e-12", () => {
    const r = all.rewards; // 100 % coverage -> R = Y, so check the model directly
    const pred = all.calibrator.predict(fx.s);
    fx.fittedRows.forEach((v, i) => expect(pred[i]).toBeCloseTo(v, 12));
    expect(Array.from(r)).toEqual(fx.y);
  });
  it("preserves the mean of the labels", () => {
    const pred = all.calibrator.predict(fx.s);
    expect(pred.reduce((a, b) => a + b, 0) / pred.length).toBeCloseTo(fx.meanY, 13);
  });
  it("interpolates linearly between knots and is constant outside the fitted range", () => {
    const { xThresholds: x, yThresholds: y } = all.calibrator.model;
    const i = x.findIndex((_, j) => j > 0 && y[j] !== y[j - 1]);
    const mid = (x[i - 1]! + x[i]!) / 2;
    expect(all.calibrator.predict([mid])[0]).toBeCloseTo((y[i - 1]! + y[i]!) / 2, 14);
    expect(all.calibrator.predict([-5, 5])).toEqual(new Float64Array([y[0]!, y[y.length - 1]!]));
  });
  it("at 100 % coverage sets R = Y; at partial coverage R = f_all(S) and fold models exist", () => {
    expect(all.calibrator.oracleCoverage).toBe(1);
    const labels = fx.y.map((v, i) => (i % 4 === 0 ? v : null));
    const part = autoCalR(fx.s, labels, ids(fx.s.length));
    expect(part.calibrator.oracleCoverage).toBe(0.25);
    expect(part.calibrator.foldModels()).toBe(5);
    expect(Array.from(part.rewards)).toEqual(Array.from(part.calibrator.predict(fx.s)));
    expect(part.rmseOOF).toBeGreaterThan(0);
    expect(part.rmseOOF).toBeLessThan(0.6);
  });
  it("fold model k ignores the oracle rows of fold k (injected folds)", () => {
    // fold 0 holds the only high labels: without it the fold-0 model is flat 0
    const s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.95, 0.85];
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const pid = s.map((_, i) => `r${i}`);
    const fold = new Map(pid.map((p, i) => [p, i >= 8 ? 0 : 1 + (i % 4)]));
    const r = autoCalR(s, y, pid, { foldOf: (p) => fold.get(p)! });
    expect(Array.from(r.calibrator.predictFold([0.95], 0))).toEqual([0]);
    expect(r.calibrator.predictOOF([0.95, 0.95], [0, 1])[1]).toBe(1);
  });
  it("skips cross-fitting below max(10, 2K) oracle rows", () => {
    const r = autoCalR([1, 2, 3, 4, 5], [0, 0.2, 0.4, 0.6, 1], ids(5));
    expect(r.calibrator.foldModels()).toBe(0);
    expect(Number.isNaN(r.rmseOOF)).toBe(true);
  });
  it("rejects bad input with WcError codes", () => {
    expect(() => autoCalR([1, 2], [0], ids(2))).toThrow(/E_SHAPE/);
    expect(() => autoCalR([1, Number.NaN], [0, 1], ids(2))).toThrow(/E_RANGE/);
    expect(() => autoCalR([1, 2], [0, 1.5], ids(2))).toThrow(/E_RANGE/);
    expect(() => autoCalR([1, 2, 3], [0, null, null], ids(3))).toThrow(/E_SHAPE/);
    expect(autoCalR([1, 2], [0, 1], ids(2), { mode: "auto" }).selectedMode).toBe("monotone"); // no cross-fitting: nothing to compare
    expect(() => autoCalR([1, 2], [0, 1], ids(2), { nFolds: 1 })).toThrow(/E_RANGE/);
    expect(() => autoCalR([1, 2], [0, 1], ids(2), { foldOf: () => 7 })).toThrow(/E_ARGUMENT/);
  });
});

describe("normalizeToUnit", () => {
  it("maps declared bounds to [0, 1] and back", () => {
    const u = normalizeToUnit([1, 5, 10], { min: 0, max: 10 });
    expect(Array.from(u.values)).toEqual([0.1, 0.5, 1]);
    expect(u.inverse(0.5)).toBe(5);
    expect(Array.from(normalizeToUnit([2, 4, 6]).values)).toEqual([0, 0.5, 1]);
    expect(() => normalizeToUnit([3, 3])).toThrow(/E_RANGE/);
  });
});
