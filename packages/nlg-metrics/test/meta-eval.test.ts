import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { normalQuantile as normalPpf, normalSf, regularizedBeta, studentTSf } from "@wc/stats";
import {
  bootstrapCI, fisherCI, groupedCorrelation, kendall, pearson, percentileSorted, rankAverage, spearman, tauLike, williamsTest,
} from "../src/index";

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-a-WcError";
  }
  return undefined;
};

describe("correlations (SciPy 1.17 literals)", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const y = [2, 1, 4, 3, 7, 8, 6, 9, 10, 5];
  it("no ties: Pearson = Spearman = 0.757576, Kendall tau-b 0.6 with exact p", () => {
    // stats.pearsonr(x,y) -> (0.7575757575757572, 0.011143446799694229); kendalltau -> (0.6, 0.016666115520282188)
    expect(pearson(x, y).r).toBeCloseTo(0.7575757575757572, 12);
    expect(pearson(x, y).p).toBeCloseTo(0.011143446799694229, 12);
    expect(spearman(x, y).rho).toBeCloseTo(0.7575757575757575, 12);
    expect(kendall(x, y).tau).toBeCloseTo(0.6, 12);
    expect(kendall(x, y).p).toBeCloseTo(0.016666115520282188, 14);
  });
  it("ties: Pearson 0.811444, Spearman 0.855498, tau-b 0.750652 (asymptotic p 0.017316), tau-c 0.75", () => {
    const a = [1, 1, 2, 2, 3, 3, 4, 5];
    const b = [1, 2, 1, 3, 3, 4, 4, 4];
    // stats.pearsonr(a,b) -> (0.8114438056608713, 0.014478843475836545); spearmanr -> (0.8554982035759169, 0.006749385809356531)
    expect(pearson(a, b).r).toBeCloseTo(0.8114438056608713, 12);
    expect(pearson(a, b).p).toBeCloseTo(0.014478843475836545, 12);
    expect(spearman(a, b).rho).toBeCloseTo(0.8554982035759169, 12);
    expect(spearman(a, b).p).toBeCloseTo(0.006749385809356531, 12);
    // kendalltau(a,b) -> (0.7506518906054692, 0.017315600388161698); variant='c' -> 0.75
    expect(kendall(a, b).tau).toBeCloseTo(0.7506518906054692, 12);
    expect(kendall(a, b).p).toBeCloseTo(0.017315600388161698, 12);
    expect(kendall(a, b, { variant: "c" }).tau).toBeCloseTo(0.75, 12);
    expect(code(() => kendall(a, b, { method: "exact" }))).toBe("E_ARGUMENT");
  });
  it("exact p for n = 12 and the min(C, D) <= 1 rule for n = 40", () => {
    // kendalltau(range(12), [1,0,2,3,5,4,6,8,7,9,11,10]) -> (0.8787878787878787, 5.319397680508792e-06)
    const k = kendall([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 0, 2, 3, 5, 4, 6, 8, 7, 9, 11, 10]);
    expect(k.tau).toBeCloseTo(0.8787878787878787, 12);
    expect(k.p / 5.319397680508792e-6).toBeCloseTo(1, 10);
    const a = Array.from({ length: 40 }, (_, i) => i);
    const b = a.slice();
    [b[0], b[1]] = [b[1]!, b[0]!];
    // -> (0.9974358974358974, 9.804939513027087e-47)
    const k40 = kendall(a, b);
    expect(k40.tau).toBeCloseTo(0.9974358974358974, 12);
    expect(k40.p / 9.804939513027087e-47).toBeCloseTo(1, 8);
  });
  it("n = 50 without ties uses the asymptotic p under 'auto', exact when asked", () => {
    const x50 = Array.from({ length: 50 }, (_, i) => i);
    const y50 = x50.map((i) => ((i * 37) % 50) + (i % 3) * 0.5);
    // kendalltau -> (-0.05795918367346938, 0.5525757204938558); method='exact' p 0.5600703044243671
    expect(kendall(x50, y50).tau).toBeCloseTo(-0.05795918367346938, 12);
    expect(kendall(x50, y50).p).toBeCloseTo(0.5525757204938558, 12);
    expect(kendall(x50, y50, { method: "exact" }).p).toBeCloseTo(0.5600703044243671, 12);
    const t = x50.map((i) => (i * i) % 17);
    // kendalltau(x, (i*i)%17) -> (0.07470976972958725, 0.4633299408930732); variant c 0.0783; spearmanr 0.10410794870321466 p 0.47183686271932734
    expect(kendall(x50, t).tau).toBeCloseTo(0.07470976972958725, 12);
    expect(kendall(x50, t).p).toBeCloseTo(0.4633299408930732, 12);
    expect(kendall(x50, t, { variant: "c" }).tau).toBeCloseTo(0.0783, 12);
    expect(spearman(x50, t).rho).toBeCloseTo(0.10410794870321466, 12);
    expect(spearman(x50, t).p).toBeCloseTo(0.47183686271932734, 12);
    expect(pearson(x50, t).p).toBeCloseTo(0.5150509425354701, 12);
  });
  it("invariants: identical monotone ranks give 1 for all three; tau-a counts ties in the denominator", () => {
    const a = [3, 1, 4, 1.5, 9, 2.6];
    const b = a.map((v) => 2 * v + 1);
    expect(pearson(a, b).r).toBeCloseTo(1, 14);
    expect(spearman(a, b).rho).toBeCloseTo(1, 14);
    expect(kendall(a, b).tau).toBeCloseTo(1, 14);
    expect(kendall([1, 1, 2], [1, 2, 3], { variant: "a" }).tau).toBeCloseTo(2 / 3, 14);
    expect(rankAverage([10, 20, 10, 5])).toEqual(new Float64Array([2.5, 4, 2.5, 1]));
  });
  it("constant input gives NaN", () => {
    expect(pearson([1, 1, 1], [1, 2, 3]).r).toBeNaN();
    expect(kendall([1, 1, 1], [1, 2, 3]).tau).toBeNaN();
  });
  it("bad input: lengths, NaN, too few pairs, unknown variant", () => {
    expect(code(() => pearson([1, 2], [1, 2, 3]))).toBe("E_SHAPE");
    expect(code(() => spearman([1], [1]))).toBe("E_SHAPE");
    expect(code(() => kendall([1, NaN, 3], [1, 2, 3]))).toBe("E_RANGE");
    expect(code(() => pearson([1, Infinity], [1, 2]))).toBe("E_RANGE");
    expect(code(() => kendall([1, 2], [1, 2], { variant: "d" as "a" }))).toBe("E_ARGUMENT");
  });
});

// The special functions moved to @wc/stats; these literals stay as a check on the p-values this package relies on.
describe("special functions behind the p-values, from @wc/stats (SciPy literals)", () => {
  it("normal and t", () => {
    // stats.norm.ppf([0.975, 0.5, 1e-10, 0.9]) ; stats.norm.sf([0, 1.96, 8.5, -3])
    expect(normalPpf(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalPpf(0.5)).toBeCloseTo(0, 14);
    expect(normalPpf(1e-10)).toBeCloseTo(-6.3613409, 6);
    expect(normalPpf(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalSf(0)).toBe(0.5);
    expect(normalSf(1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normalSf(8.5) / 9.47953482e-18).toBeCloseTo(1, 7);
    expect(normalSf(-3)).toBeCloseTo(0.9986501019683699, 14);
    // special.betainc(2.5, 0.5, 0.3) ; stats.t.sf(-1.2, 7)
    expect(regularizedBeta(2.5, 0.5, 0.3)).toBeCloseTo(0.018927124071945658, 14);
    expect(studentTSf(-1.2, 7)).toBeCloseTo(0.8654140315863967, 12);
  });
});

describe("meta-evaluation helpers", () => {
  it("tauLike counts ties as discordant; NaN or empty gives NaN", () => {
    expect(tauLike([0.9, 0.5, 0.7, 0.2, 0.4], [0.1, 0.5, 0.3, 0.6, 0.1])).toBeCloseTo(0.2, 15);
    expect(tauLike([1], [NaN])).toBeNaN();
    expect(tauLike([], [])).toBeNaN();
    expect(tauLike([2, 3], [1, 1])).toBe(1);
    expect(tauLike([1, 1], [1, 1])).toBe(-1);
    expect(code(() => tauLike([1], [1, 2]))).toBe("E_SHAPE");
  });
  it("groupedCorrelation averages per-group coefficients (groups of r = 1 and r = -1 -> 0)", () => {
    // stats.pearsonr([1,2,3],[1,2,3]) = 1; stats.pearsonr([3,2,1],[1,2,3]) = -1
    expect(groupedCorrelation([1, 2, 3, 3, 2, 1], [1, 2, 3, 1, 2, 3], ["a", "a", "a", "b", "b", "b"], "pearson")).toBeCloseTo(0, 14);
    expect(groupedCorrelation([1, 2, 3, 4, 9, 8], [1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], "kendall")).toBeCloseTo((1 + 1 / 3) / 2, 14);
    expect(code(() => groupedCorrelation([1], [1, 2], ["a"], "pearson"))).toBe("E_SHAPE");
  });
  it("fisherCI and williamsTest (NumPy/SciPy one-liners)", () => {
    // np.tanh(np.arctanh(0.5) -+ stats.norm.ppf(0.975)/np.sqrt(25)) -> 0.15602836252908606, 0.7358184794439376
    const [lo, hi] = fisherCI(0.5, 28);
    expect(lo).toBeCloseTo(0.15602836252908606, 12);
    expect(hi).toBeCloseTo(0.7358184794439376, 12);
    // t from the Williams formula, p = stats.t.sf(t, 47)
    const w = williamsTest(0.6, 0.4, 0.5, 50);
    expect(w.t).toBeCloseTo(1.7050785771525379, 12);
    expect(w.p).toBeCloseTo(0.04739101991024816, 12);
    expect(code(() => fisherCI(1.5, 10))).toBe("E_RANGE");
    expect(code(() => williamsTest(0.1, 0.2, 0.3, 3))).toBe("E_RANGE");
  });
  it("bootstrapCI brackets the statistic, is deterministic per seed, validates input", () => {
    const x = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const stat = (idx: Int32Array) => idx.reduce((s, i) => s + x[i]!, 0) / idx.length;
    const [lo, hi] = bootstrapCI(stat, x.length, { seed: 3 });
    expect(lo).toBeLessThan(mean);
    expect(hi).toBeGreaterThan(mean);
    // a 95% interval of a mean of 200 values spans about 2*1.96*sd/sqrt(200)
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(hi - lo).toBeGreaterThan(2 * 1.96 * (sd / Math.sqrt(200)) * 0.8);
    expect(hi - lo).toBeLessThan(2 * 1.96 * (sd / Math.sqrt(200)) * 1.2);
    expect(bootstrapCI(stat, x.length, { seed: 3 })).toEqual([lo, hi]);
    expect(code(() => bootstrapCI(stat, 0))).toBe("E_RANGE");
    expect(code(() => bootstrapCI(stat, 5, { ci: 1 }))).toBe("E_RANGE");
  });
  it("bootstrapCI drops NaN statistics, rejects infinite ones, honours random and validates the seed", () => {
    const x = [4, 8, 15, 16, 23, 42];
    const mean = (idx: Int32Array) => idx.reduce((s, i) => s + x[i]!, 0) / idx.length;
    const [lo, hi] = bootstrapCI((idx) => (idx.includes(0) ? NaN : mean(idx)), x.length, { seed: 5 });
    expect(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi).toBe(true);
    expect(lo).toBeGreaterThanOrEqual(8); // resamples holding item 0 (the only value below 8) were dropped
    expect(bootstrapCI(() => NaN, 5)).toEqual([NaN, NaN]);
    expect(bootstrapCI(mean, x.length, { random: () => 0.999 })).toEqual([42, 42]); // floor(0.999 * 6) = 5 every draw
    expect(code(() => bootstrapCI(() => Infinity, 5))).toBe("E_RANGE");
    expect(code(() => bootstrapCI(mean, 5, { seed: -1 }))).toBe("E_RANGE");
    expect(code(() => bootstrapCI(mean, 5, { seed: 0.5 }))).toBe("E_RANGE");
  });
  it("percentileSorted equals NumPy's percentile; kendall passes alternative through (SciPy literals)", () => {
    // np.percentile([3,1,4,1,5,9,2,6], [25, 90]) -> 1.75, 6.8999999999999995
    expect(percentileSorted([1, 1, 2, 3, 4, 5, 6, 9], 25)).toBeCloseTo(1.75, 14);
    expect(percentileSorted([1, 1, 2, 3, 4, 5, 6, 9], 90)).toBeCloseTo(6.8999999999999995, 14);
    expect(percentileSorted([], 50)).toBeNaN();
    // stats.kendalltau(range(1,11), [2,1,4,3,7,8,6,9,10,5], alternative='greater'/'less') -> p 0.008333057760141094 / 0.9954257605820106
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [2, 1, 4, 3, 7, 8, 6, 9, 10, 5];
    expect(kendall(x, y, { alternative: "greater" }).p).toBeCloseTo(0.008333057760141094, 14);
    expect(kendall(x, y, { alternative: "less" }).p).toBeCloseTo(0.9954257605820106, 14);
    // |R| = 1 - 0.81 - 0 - 0.81 + 0 < 0: not a correlation matrix
    expect(code(() => williamsTest(0.9, 0, 0.9, 30))).toBe("E_RANGE");
  });
});
