import { describe, expect, it } from "vitest";
import { fitPowerLaw, layerMetrics } from "../src/index";
import ref from "./fixtures/reference.json";
import { expectRel, mulberry32 } from "./helpers";

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("fitPowerLaw: spec check 1 (exact fit arithmetic)", () => {
  // NumPy loop of spec step 2 over l = np.arange(1, 11.):
  //   for i in range(9): n=10-i; a=1+n/(log(l[i:]).sum()-n*log(l[i])); D=max|1-(l[i:]/l[i])**(1-a)-arange(n)/n|
  // argmin at i=5: alpha 4.681550358521012, D 0.25323780014523245.
  it("'ks' on [1..10] gives alpha 4.681550, xmin 6, D 0.253238", () => {
    const f = fitPowerLaw(ONE_TO_TEN, { xmin: "ks" });
    expect(f.xmin).toBe(6);
    expect(Math.abs(f.alpha - 4.681550358521012)).toBeLessThan(1e-6);
    expect(Math.abs(f.D - 0.25323780014523245)).toBeLessThan(1e-6);
    expect(f.nTail).toBe(5);
    expect(f.xminIndex).toBe(5);
    // sigma = (alpha - 1) / sqrt(5)
    expect(Math.abs(f.sigma - 3.681550358521012 / Math.sqrt(5))).toBeLessThan(1e-9);
  });

  it("'median' on [1..10] is identical (i = floor(10 / 2) = 5)", () => {
    const f = fitPowerLaw(ONE_TO_TEN, { xmin: "median" });
    expect(f.xmin).toBe(6);
    expect(Math.abs(f.alpha - 4.681550358521012)).toBeLessThan(1e-9);
    expect(Math.abs(f.D - 0.25323780014523245)).toBeLessThan(1e-9);
  });

  it("input order does not matter and the input is not modified", () => {
    const shuffled = new Float64Array([7, 3, 10, 1, 5, 9, 2, 8, 4, 6]);
    const copy = shuffled.slice();
    expect(fitPowerLaw(shuffled).alpha).toBeCloseTo(4.681550358521012, 12);
    expect(shuffled).toEqual(copy);
  });

  it("recovers alpha 2.5 from Pareto quantiles (spec reference: ks ~2.50, median ~2.49)", () => {
    const u = Array.from({ length: 5000 }, (_, k) => (k + 0.5) / 5000);
    const x = u.map((v) => (1 - v) ** (-1 / 1.5));
    for (const rule of ["ks", "peak", "median"] as const) {
      const f = fitPowerLaw(x, { xmin: rule });
      const r = ref.pareto[rule];
      expectRel(f.alpha, r.alpha, 1e-9);
      expectRel(f.xmin, r.xmin, 1e-12);
      expect(Math.abs(f.D - r.D)).toBeLessThan(1e-9);
      expect(f.alpha).toBeGreaterThan(2.45);
      expect(f.alpha).toBeLessThan(2.55);
    }
  });

  it("the 'peak' lower-bound quirk: peakLowerBug true vs false match the NumPy transcription", () => {
    const e = ref.peakCase.eigs;
    const bug = fitPowerLaw(e, { xmin: "peak" });
    const fixed = fitPowerLaw(e, { xmin: "peak", peakLowerBug: false });
    expect(bug.xminIndex).toBe(ref.peakCase.bug.i);
    expect(fixed.xminIndex).toBe(ref.peakCase.nobug.i);
    expectRel(bug.alpha, ref.peakCase.bug.alpha, 1e-9);
    expectRel(fixed.alpha, ref.peakCase.nobug.alpha, 1e-9);
    expectRel(bug.D, ref.peakCase.bug.D, 1e-9);
    expectRel(fixed.D, ref.peakCase.nobug.D, 1e-9);
    expect(bug.xminIndex).not.toBe(fixed.xminIndex);
  });

  it("filterZeros drops eigenvalues <= evalsThresh before fitting; metrics still see them", () => {
    const withZeros = [0, 0, 1e-7, ...ONE_TO_TEN];
    const f = fitPowerLaw(withZeros, { filterZeros: true });
    expect(f.numFitted).toBe(10);
    expect(f.alpha).toBeCloseTo(4.681550358521012, 12);
    const m = layerMetrics(withZeros, { filterZeros: true });
    expect(m.numEigs).toBe(13);
    expect(m.normStableRank).toBeCloseTo((55 + 1e-7) / 13, 12);
  });

  it("a flat tail gives alpha = Infinity rather than NaN", () => {
    expect(fitPowerLaw([2, 2, 2, 2], { xmin: "median" }).alpha).toBe(Infinity);
  });
});

describe("layerMetrics", () => {
  it("computes the norm metrics of [1..10]", () => {
    const m = layerMetrics(ONE_TO_TEN);
    expect(m.spectralNorm).toBe(10);
    expect(m.fnorm).toBe(55);
    expect(m.stableRank).toBe(5.5);
    expect(m.normStableRank).toBe(5.5);
    expect(m.logNorm).toBeCloseTo(Math.log10(55), 14);
    expect(m.logSpectralNorm).toBe(1);
    expect(m.alphaHat).toBeCloseTo(4.681550358521012, 12);
    // np.log10(np.sum(np.arange(1, 11.) ** 4.681550358521012)) = 5.043095305671568
    expect(m.logAlphaNorm).toBeCloseTo(5.043095305671568, 10);
    expect(m.numEigs).toBe(10);
  });
});

describe("the pruned KS search equals the exhaustive search", () => {
  // The plain transcription of spec step 2 (every candidate, full D), written independently here.
  function naive(lam: number[]): { i: number; alpha: number; D: number } {
    const x = [...lam].sort((a, b) => a - b);
    const N = x.length;
    let best = { i: 0, alpha: 0, D: 1 };
    for (let i = 0; i < N - 1; i++) {
      const n = N - i;
      let s = 0;
      for (let j = i; j < N; j++) s += Math.log(x[j]!);
      const alpha = 1 + n / (s - n * Math.log(x[i]!));
      if (i === 0) best = { i: 0, alpha, D: 1 };
      if (!(alpha > 1)) continue;
      let D = 0;
      for (let t = 0; t < n; t++) D = Math.max(D, Math.abs(1 - (x[i + t]! / x[i]!) ** (1 - alpha) - t / n));
      if (D < best.D) best = { i, alpha, D };
    }
    return best;
  }

  it("on 12 random spectra of 50..1500 values (uniform, Pareto, lognormal mixtures)", () => {
    const rnd = mulberry32(7);
    for (let c = 0; c < 12; c++) {
      const N = 50 + Math.floor(rnd() * 1450);
      const lam = Array.from({ length: N }, () => {
        const u = rnd();
        return c % 3 === 0 ? 0.01 + u : c % 3 === 1 ? (1 - u) ** (-1 / (0.5 + 2 * rnd())) : Math.exp(3 * (u - 0.5)) * (rnd() < 0.1 ? 20 : 1);
      });
      const want = naive(lam);
      const got = fitPowerLaw(lam);
      expect(got.xminIndex).toBe(want.i);
      expect(Math.abs(got.alpha - want.alpha)).toBeLessThanOrEqual(1e-9 * want.alpha);
      expect(Math.abs(got.D - want.D)).toBeLessThanOrEqual(1e-9);
    }
  });
});
