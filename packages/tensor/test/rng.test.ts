import { describe, expect, it } from "vitest";
import { dtypeOf, erfc, normalCdf, normalQuantile, rand, randint, randn, randTruncatedNormal, Rng, rng, WcError } from "../src/index";

// Golden values from the independent pure-Python reference: python3 test/fixtures/rng_reference.py
describe("Rng golden values (xoshiro128** + splitmix32, from test/fixtures/rng_reference.py)", () => {
  const take = (r: Rng, n: number, f: (r: Rng) => number): number[] => Array.from({ length: n }, () => f(r));
  it("xoshiro128** core from a raw state matches the published algorithm", () => {
    // state {1,2,3,4}: first output rotl(2*5, 7)*9 = 11520
    expect(take(Rng.fromState([1, 2, 3, 4]), 5, (r) => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883]);
  });
  it("nextUint32 for seeds 0, 42 and one above 2^32", () => {
    expect(take(rng(0), 6, (r) => r.nextUint32())).toEqual([3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335]);
    expect(take(rng(42), 6, (r) => r.nextUint32())).toEqual([2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290]);
    expect(take(rng(2 ** 40 + 7), 4, (r) => r.nextUint32())).toEqual([478520240, 2127261916, 2140497564, 17669323]);
  });
  it("uniform (53-bit), integers, permutation, choice", () => {
    expect(take(rng(42), 4, (r) => r.uniform())).toEqual([0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418]);
    expect(take(rng(1), 12, (r) => r.integers(0, 10))).toEqual([8, 1, 1, 9, 6, 8, 0, 9, 5, 8, 4, 2]);
    expect(take(rng(1), 4, (r) => r.integers(-5, 1000003))).toEqual([124617, 73842, 887314, 604992]);
    expect(Array.from(rng(5).permutation(10))).toEqual([2, 7, 5, 0, 1, 9, 6, 4, 3, 8]);
    expect(Array.from(rng(3).choice(100, 5))).toEqual([43, 72, 41, 33, 14]); // sparse (Map) path
    expect(Array.from(rng(3).choice(10, 4))).toEqual([3, 9, 7, 2]); // dense path
  });
  it("normal (Marsaglia polar with spare) to 1 ulp-scale", () => {
    const ref = [0.31875784963858494, -0.7706160167419408, 0.15178267621950975, -0.12624145471928355, -0.3257678439811117];
    const got = take(rng(42), 5, (r) => r.normal());
    got.forEach((g, i) => expect(Math.abs(g - ref[i]!)).toBeLessThan(1e-15));
  });
  it("split and fork", () => {
    const p = rng(9);
    const c = p.split();
    expect(take(c, 4, (r) => r.nextUint32())).toEqual([1568622353, 472681747, 1061680601, 1218616319]);
    expect(take(p, 2, (r) => r.nextUint32())).toEqual([3931261755, 2890839427]);
    const q = rng(9);
    const f = q.fork("dropout");
    expect(take(f, 4, (r) => r.nextUint32())).toEqual([4225465330, 166459147, 1053612443, 3262611630]);
    // fork does not advance the parent: same as rng(9)'s first outputs
    expect(take(q, 2, (r) => r.nextUint32())).toEqual(take(rng(9), 2, (r) => r.nextUint32()));
    expect(take(q.fork("dropout"), 2, (r) => r.nextUint32())).not.toEqual(take(q.fork("dropout2"), 2, (r) => r.nextUint32()));
    expect(take(q.fork(1), 2, (r) => r.nextUint32())).not.toEqual(take(q.fork(2), 2, (r) => r.nextUint32()));
  });
  it("state round-trips through getState/fromState", () => {
    const r = rng(11);
    r.nextUint32();
    const s = r.getState();
    const a = take(r, 3, (x) => x.nextUint32());
    expect(take(Rng.fromState(s), 3, (x) => x.nextUint32())).toEqual(a);
  });
});

/** Mean and variance of n draws must lie within z standard errors of the true values. */
function checkMoments(draws: Float64Array, mean: number, variance: number, excessKurtosis: number, z = 5): void {
  const n = draws.length;
  let m = 0;
  for (const x of draws) m += x;
  m /= n;
  let v = 0;
  for (const x of draws) v += (x - m) * (x - m);
  v /= n - 1;
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt(((excessKurtosis + 2) * variance * variance) / n); // sqrt((mu4 - sigma^4)/n)
  expect(Math.abs(m - mean)).toBeLessThan(z * seMean);
  expect(Math.abs(v - variance)).toBeLessThan(z * seVar);
}

const N = 100_000;
const draws = (seed: number, f: (r: Rng) => number): Float64Array => {
  const r = rng(seed);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = f(r);
  return out;
};

// Moments from scipy.stats: d.stats('mvsk') -> mean, variance, excess kurtosis
describe("distribution checks over 1e5 draws (mean/variance within 5 standard errors)", () => {
  it("uniform [0,1) and [-3, 5)", () => {
    checkMoments(draws(1, (r) => r.uniform()), 0.5, 1 / 12, -1.2); // stats.uniform()
    const d = draws(2, (r) => r.uniform(-3, 5));
    checkMoments(d, 1, 64 / 12, -1.2);
    expect(d.every((x) => x >= -3 && x < 5)).toBe(true);
  });
  it("normal(2, 3)", () => checkMoments(draws(3, (r) => r.normal(2, 3)), 2, 9, 0));
  it("truncatedNormal: default [-2, 2], asymmetric, far tail, half-infinite", () => {
    // stats.truncnorm(-2, 2).stats('mvsk')
    const d = draws(4, (r) => r.truncatedNormal());
    checkMoments(d, 0, 0.7737413035499232, -0.6344632828703505);
    expect(d.every((x) => x >= -2 && x <= 2)).toBe(true);
    // stats.truncnorm(0.5, 2.5, loc=0.5): mean 0.5, std 1, absolute bounds [1, 3]
    const e = draws(5, (r) => r.truncatedNormal({ mean: 0.5, std: 1, a: 1, b: 3 }));
    checkMoments(e, 1.6065371595026006, 0.21288852406002712, -0.06251283540359465);
    expect(e.every((x) => x >= 1 && x <= 3)).toBe(true);
    // stats.truncnorm(5, 6): bounds 5 and 6 standard deviations out
    const f = draws(6, (r) => r.truncatedNormal({ a: 5, b: 6 }));
    checkMoments(f, 5.183147090477182, 0.029452430768436844, 2.4918697900933315);
    // stats.truncnorm(-np.inf, -0.5, scale=2): std 2, b = -1
    const g = draws(7, (r) => r.truncatedNormal({ std: 2, a: -Infinity, b: -1 }));
    checkMoments(g, -2.2821555407361296, 1.0739216286235136, 1.4290982118716347);
  });
  it("gamma (shape < 1 and > 1), beta, gumbel, exponential", () => {
    checkMoments(draws(8, (r) => r.gamma(0.5)), 0.5, 0.5, 12); // stats.gamma(0.5)
    checkMoments(draws(9, (r) => r.gamma(3, 2)), 6, 12, 2); // stats.gamma(3, scale=2)
    checkMoments(draws(10, (r) => r.beta(2, 5)), 0.2857142857142857, 0.025510204081632654, -0.12); // stats.beta(2,5)
    checkMoments(draws(11, (r) => r.gumbel(1, 2)), 2.1544313298030655, 6.579736267392906, 2.4); // stats.gumbel_r(1,2)
    checkMoments(draws(12, (r) => r.exponential(2)), 0.5, 0.25, 6); // stats.expon(scale=0.5)
  });
  it("integers(0, 10): each bucket within 5 binomial standard errors", () => {
    const counts = new Array<number>(10).fill(0);
    const r = rng(13);
    for (let i = 0; i < N; i++) counts[r.integers(0, 10)]!++;
    const se = Math.sqrt(N * 0.1 * 0.9);
    for (const c of counts) expect(Math.abs(c - N / 10)).toBeLessThan(5 * se);
  });
  it("integers over a range above 2^32 stays in range and is roughly uniform", () => {
    const r = rng(14);
    const hi = 2 ** 40;
    let s = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.integers(0, hi);
      expect(x >= 0 && x < hi && Number.isInteger(x)).toBe(true);
      s += x / hi;
    }
    expect(Math.abs(s / 20000 - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 20000));
  });
  it("permutation: element 0 lands uniformly over 5 positions", () => {
    const r = rng(15);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 20000; i++) counts[r.permutation(5).indexOf(0)]!++;
    const se = Math.sqrt(20000 * 0.2 * 0.8);
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(5 * se);
  });
});

describe("sampling helpers", () => {
  it("shuffle returns a new permuted array; shuffleInPlace mutates", () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    const s = rng(1).shuffle(a);
    expect(a).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...s].sort()).toEqual(a);
    const f = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const t = rng(1).shuffle(f);
    expect(Array.from(f)).toEqual(a);
    expect(Array.from(t)).toEqual(s); // same draws for array and typed array
    const b = a.slice();
    expect(rng(1).shuffleInPlace(b)).toBe(b);
    expect(b).toEqual(s);
  });
  it("choice gives distinct in-range indices; the sparse and dense paths agree", () => {
    const c = rng(2).choice(1000, 50);
    expect(new Set(c).size).toBe(50);
    expect(c.every((x) => x >= 0 && x < 1000)).toBe(true);
    // choice(100, 5) takes the Map path (5*16 < 100), choice(100, 7) the dense one (7*16 >= 100): same draws
    expect(Array.from(rng(3).choice(100, 5))).toEqual(Array.from(rng(3).choice(100, 7)).slice(0, 5));
    expect(Array.from(rng(4).choice(5, 5)).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(rng(4).choice(0, 0).length).toBe(0);
  });
  it("bad arguments throw E_RANGE / E_ARGUMENT", () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof WcError ? e.code : "not-wc";
      }
      return undefined;
    };
    expect(code(() => rng(-1))).toBe("E_RANGE");
    expect(code(() => rng(1.5))).toBe("E_RANGE");
    expect(code(() => rng(1).integers(3, 3))).toBe("E_RANGE");
    expect(code(() => rng(1).uniform(2, 1))).toBe("E_RANGE");
    expect(code(() => rng(1).normal(0, -1))).toBe("E_RANGE");
    expect(code(() => rng(1).gamma(0))).toBe("E_RANGE");
    expect(code(() => rng(1).beta(1, Number.NaN))).toBe("E_RANGE");
    expect(code(() => rng(1).choice(3, 4))).toBe("E_RANGE");
    expect(code(() => rng(1).truncatedNormal({ a: 1, b: 1 }))).toBe("E_RANGE");
    expect(code(() => rng(1).truncatedNormal({ a: 40, b: 41 }))).toBe("E_RANGE");
    expect(code(() => Rng.fromState([0, 0, 0, 0]))).toBe("E_ARGUMENT");
  });
});

describe("normal CDF helpers (literals from scipy.special)", () => {
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  it("erfc", () => {
    // [erfc(x) for x in [-1, 0.1, 1.2, 1.5, 3, 10, 26]]
    const xs = [-1, 0.1, 1.2, 1.5, 3, 10, 26];
    const ref = [1.8427007929497148, 0.8875370839817152, 0.08968602177036462, 0.03389485352468927, 2.2090496998585445e-5, 2.0884875837625446e-45, 5.663192408856145e-296];
    xs.forEach((x, i) => expect(rel(erfc(x), ref[i]!)).toBeLessThan(1e-13));
  });
  it("normalCdf and normalQuantile", () => {
    // [ndtr(x) for x in [-30, -12, -8, -1.5, 0, 2.5]]
    const xs = [-30, -12, -8, -1.5, 0, 2.5];
    const ref = [4.906713927147908e-198, 1.776482112077653e-33, 6.22096057427174e-16, 0.06680720126885807, 0.5, 0.9937903346742238];
    xs.forEach((x, i) => expect(rel(normalCdf(x), ref[i]!)).toBeLessThan(1e-13));
    // [ndtri(p) for p in [1e-300, 1e-10, 0.01, 0.3, 0.975, 1-1e-12]]
    const ps = [1e-300, 1e-10, 0.01, 0.3, 0.975, 1 - 1e-12];
    const q = [-37.0470962993612, -6.361340902404056, -2.3263478740408408, -0.5244005127080409, 1.959963984540054, 7.0344869100478356];
    ps.forEach((p, i) => expect(rel(normalQuantile(p), q[i]!)).toBeLessThan(1e-12));
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe("tensor fillers", () => {
  it("rand/randn/randint/randTruncatedNormal: shape, dtype, determinism, ranges", () => {
    const u = rand(1, [3, 4], { dtype: "float32", lo: -1, hi: 1 });
    expect(u.shape).toEqual([3, 4]);
    expect(dtypeOf(u)).toBe("float32");
    expect(Array.from(u.data).every((x) => x >= -1 && x < 1)).toBe(true);
    // float64 rand consumes the same stream as Rng.uniform(lo, hi)
    const r = rng(2);
    expect(Array.from(rand(2, [5], { lo: 3, hi: 4 }).data)).toEqual([0, 1, 2, 3, 4].map(() => r.uniform(3, 4)));
    const n = randn(rng(3), [200, 500], { mean: 1, std: 2 });
    let m = 0;
    for (const x of n.data) m += x;
    expect(Math.abs(m / 1e5 - 1)).toBeLessThan(5 * 2 / Math.sqrt(1e5));
    const q = rng(3);
    expect(n.data[0]).toBe(1 + 2 * q.normal());
    const k = randint(4, [1000], -2, 3);
    expect(dtypeOf(k)).toBe("int32");
    expect(new Set(k.data)).toEqual(new Set([-2, -1, 0, 1, 2]));
    const t = randTruncatedNormal(5, [10000], { std: 0.02, a: -0.04, b: 0.04, dtype: "float32" });
    expect(Array.from(t.data).every((x) => x >= -0.04 && x <= 0.04)).toBe(true);
    expect(rand(6, [0, 3]).size).toBe(0);
  });
  it("fillers reject bad arguments", () => {
    expect(() => rand(1, [2], { lo: 1, hi: 1 })).toThrow(/E_RANGE/);
    expect(() => randn(1, [-1])).toThrow(/E_SHAPE/);
    expect(() => randint(1, [2], 0, 2 ** 32)).toThrow(/E_RANGE/);
    expect(() => randn(1, [2], { dtype: "int32" as "float32" })).toThrow(/E_DTYPE/);
  });
});
