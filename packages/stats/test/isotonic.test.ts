import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { fitIsotonic, isotonicRegression } from "../src/index";
import fx from "./fixtures/isotonic.json";
import { expectClose, testRng } from "./helpers";

// Reference values: test/fixtures/make_fixtures.py (scikit-learn IsotonicRegression(out_of_bounds='clip')).
const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string, tol = 1e-12): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expectClose(a[i] as number, b[i] as number, tol, 1e-14, `${what}[${i}]`);
};

describe("isotonic regression vs scikit-learn", () => {
  for (const c of fx.models) {
    it(`model '${c.name}': knots, fitted values and clipped predictions`, () => {
      const m = fitIsotonic(c.x, c.y, {
        weights: c.w ?? undefined,
        increasing: c.increasing as boolean | "auto",
        yMin: c.yMin ?? undefined,
        yMax: c.yMax ?? undefined,
      });
      expect(m.increasing).toBe(c.increasingUsed);
      close(m.xThresholds, c.xThresholds, "xThresholds");
      close(m.yThresholds, c.yThresholds, "yThresholds");
      close(m.fitted, c.fitted, "fitted");
      close(m.predict(c.q), c.pred, "predict");
    });
  }
  it("ordered sequence, weighted, both directions with bounds", () => {
    const s = fx.sequence;
    close(isotonicRegression(s.y, { weights: s.w }), s.inc, "inc");
    close(isotonicRegression(s.y, { weights: s.w, increasing: false, yMin: -1, yMax: 1.5 }), s.dec, "dec");
  });
});

describe("isotonic invariants", () => {
  it("KKT: weighted mean of the fit equals the weighted mean of y; output monotone; input untouched", () => {
    const r = testRng(3);
    const y = Array.from({ length: 500 }, (_, i) => i / 100 + 3 * r.normal());
    const w = Array.from({ length: 500 }, () => 0.1 + r.uniform());
    const before = y.slice();
    const f = isotonicRegression(y, { weights: w });
    let a = 0;
    let b = 0;
    let sw = 0;
    for (let i = 0; i < y.length; i++) {
      a += w[i]! * y[i]!;
      b += w[i]! * f[i]!;
      sw += w[i]!;
      if (i > 0) expect(f[i]!).toBeGreaterThanOrEqual(f[i - 1]!);
    }
    expectClose(b / sw, a / sw, 1e-12);
    expect(y).toEqual(before);
  });
  it("known small case and a monotone input is returned unchanged", () => {
    expect(Array.from(isotonicRegression([1, 3, 2, 4]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(isotonicRegression([1, 2, 5]))).toEqual([1, 2, 5]);
    const m = fitIsotonic([3, 1, 2, 4], [2, 1, 3, 4]);
    expect(Array.from(m.predict([0, 2.5, 9]))).toEqual([1, 2.5, 4]);
  });
  it("single unique x predicts its mean everywhere", () => {
    const m = fitIsotonic([2, 2, 2], [1, 2, 6]);
    expect(Array.from(m.predict([-5, 2, 7]))).toEqual([3, 3, 3]);
  });
  it("bad inputs", () => {
    const codes: [() => unknown, string][] = [
      [() => isotonicRegression([1, Number.NaN]), "E_RANGE"],
      [() => isotonicRegression([1, 2], { weights: [1] }), "E_SHAPE"],
      [() => isotonicRegression([1, 2], { weights: [1, 0] }), "E_RANGE"],
      [() => fitIsotonic([1, 2], [1]), "E_SHAPE"],
      [() => fitIsotonic([1, 2], [1, 2], { weights: [0, 0] }), "E_SHAPE"],
      [() => fitIsotonic([1, 2], [1, 2], { yMin: 2, yMax: 1 }), "E_RANGE"],
      [() => fitIsotonic([1, 2], [1, 2], { outOfBounds: "raise" }).predict([3]), "E_RANGE"],
    ];
    for (const [f, code] of codes) {
      try {
        f();
        expect.fail("no throw");
      } catch (e) {
        expect(isWcError(e, code as "E_RANGE")).toBe(true);
      }
    }
    expect(Number.isNaN(fitIsotonic([1, 2], [1, 2], { outOfBounds: "nan" }).predict([3])[0])).toBe(true);
  });
});
