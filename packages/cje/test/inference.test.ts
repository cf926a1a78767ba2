import { describe, expect, it } from "vitest";
import { ouaVariance, simplexMinVariance, stackEstimates } from "../src/index";
import { crv1, finishEstimate } from "../src/inference";

// phi = np.arange(20)**1.5 % 7, clusters np.repeat(range(5), 4)
const PHI = [0.0, 1.0, 2.8284271247461903, 5.196152422706632, 1.0, 4.180339887498949, 0.6969384566990691, 4.520259177452132, 1.6274169979695223, 6.0, 3.6227766016837926, 1.4828726939093997, 6.569219381653056, 4.872166581031863, 3.3832034148351795, 2.0947501931112527, 1.0, 0.09279563550022374, 6.367532368147138, 5.819079927272796];
const CL = PHI.map((_, i) => Math.floor(i / 4));

describe("OUA and CRV1", () => {
  it("reproduces cje test_oua_jackknife_formula: Var_OUA([.50,.60,.55,.52,.58]) = 0.00544", () => {
    expect(ouaVariance([0.5, 0.6, 0.55, 0.52, 0.58])).toBeCloseTo(0.00544, 14);
    expect(ouaVariance([0.4, 0.4, 0.4])).toBe(0);
    expect(() => ouaVariance([1])).toThrow(/E_SHAPE/);
  });
  it("CRV1 with G = 5 equal clusters equals sqrt(G/(G-1) sum T^2 / n^2)", () => {
    // NumPy: p = phi - phi.mean(); T = cluster sums, centred; sqrt(5/4 * (T**2).sum() / 400) = 0.33859538637994496
    const r = crv1(Float64Array.from(PHI), CL);
    expect(r.se).toBeCloseTo(0.33859538637994496, 13);
    expect(r.df).toBe(4);
  });
  it("total SE adds Var_OUA; df = min(G - 1, K - 1); t quantile from SciPy", () => {
    const jack = Float64Array.from([0.5, 0.6, 0.55, 0.52, 0.58, 0.5, 0.6]); // K = 7
    const e = finishEstimate(0.5, new Float64Array(20), 0.1, 4, jack, 0.05, {});
    expect(e.se).toBeCloseTo(Math.sqrt(0.01 + ouaVariance(jack)), 14);
    expect(e.df).toBe(4);
    const e2 = finishEstimate(0.5, new Float64Array(20), 0.1, 19, Float64Array.from([0.5, 0.6, 0.55, 0.52, 0.58]), 0.05, {});
    expect(e2.df).toBe(4);
    // scipy.stats.t.ppf(0.975, 4) = 2.7764451051977934
    expect(e2.ci[1] - 0.5).toBeCloseTo(2.7764451051977934 * Math.sqrt(0.01 + 0.00544), 12);
    const noOua = finishEstimate(0.5, new Float64Array(20), 0.1, 19, null, 0.05, {});
    expect(noOua.varOUA).toBe(0);
    expect(noOua.df).toBe(19);
  });
});

describe("simplexMinVariance", () => {
  it("gives pi proportional to 1/var for a diagonal covariance", () => {
    const pi = simplexMinVariance(new Float64Array([1, 0, 0, 4]), 2, 20);
    expect(pi[0]).toBeCloseTo(0.8, 14);
    expect(pi[1]).toBeCloseTo(0.2, 14);
  });
  it("drops the component with a negative unconstrained weight", () => {
    // Sigma = [[1, 1.2], [1.2, 2]]: Sigma^-1 1 is proportional to [2 - 1.2, 1 - 1.2] = [0.8, -0.2] -> drop 1 -> [1, 0]
    const pi = simplexMinVariance(new Float64Array([1, 1.2, 1.2, 2]), 2, 20);
    expect(Array.from(pi)).toEqual([1, 0]);
  });
  it("falls back to uniform for a singular covariance", () => {
    expect(Array.from(simplexMinVariance(new Float64Array([1, 1, 1, 1]), 2, 20))).toEqual([0.5, 0.5]);
  });
});

describe("stackEstimates", () => {
  const mk = (value: number, infl: number[], jack: number[]) => finishEstimate(value, Float64Array.from(infl), 0.01, 4, Float64Array.from(jack), 0.05, {});
  it("mixes independent components by inverse variance and combines values, IFs and jackknives", () => {
    const a = Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1));
    const b = Array.from({ length: 40 }, (_, i) => (Math.floor(i / 2) % 2 ? 2 : -2)); // orthogonal to a, var 4x
    const st = stackEstimates([mk(0.3, a, [0.3, 0.31, 0.29]), mk(0.5, b, [0.5, 0.52, 0.48, 0.5])], a.map((_, i) => i % 5), { ridge: 0 });
    expect(st.mix[0]).toBeCloseTo(0.8, 12);
    expect(st.mix[1]).toBeCloseTo(0.2, 12);
    expect(st.value).toBeCloseTo(0.8 * 0.3 + 0.2 * 0.5, 14);
    expect(st.jack.length).toBe(3); // truncated to the shortest K
    expect(st.jack[1]).toBeCloseTo(0.8 * 0.31 + 0.2 * 0.52, 14);
    expect(st.influence[3]).toBeCloseTo(0.8 * a[3]! + 0.2 * b[3]!, 14);
  });
  it("rejects too few finite rows and mismatched lengths", () => {
    const e = mk(0.3, [1, -1, 1, -1], [0.3, 0.3]);
    expect(() => stackEstimates([e], [0, 1, 2, 3])).toThrow(/E_SHAPE/);
    expect(() => stackEstimates([e], [0, 1, 2])).toThrow(/E_SHAPE/);
    expect(() => stackEstimates([], [])).toThrow(/E_SHAPE/);
  });
});
