import { describe, expect, it } from "vitest";
import { isWcError, rng } from "@wc/tensor";
import { bootstrap, clusterBootstrap, clusterJackknife, clusterRobustSE, jackknife, studentTQuantile, variance } from "../src/index";
import { expectClose, testRng } from "./helpers";

const meanOf = (s: Float64Array): number => s.reduce((a, b) => a + b, 0) / s.length;
const data = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 0.7, 2.8, 6.1, 3.9];

describe("jackknife", () => {
  it("of the mean: SE = sd / sqrt(n) exactly, bias 0", () => {
    const j = jackknife(data, meanOf);
    expectClose(j.standardError, Math.sqrt(variance(data) / data.length), 1e-13);
    expect(Math.abs(j.bias)).toBeLessThan(1e-13);
    expect(j.values.length).toBe(10);
  });
  it("bias-corrects the ddof-0 variance into the ddof-1 variance (a known jackknife identity)", () => {
    const v0 = (s: Float64Array): number => {
      const m = meanOf(s);
      return s.reduce((a, b) => a + (b - m) ** 2, 0) / s.length;
    };
    const j = jackknife(data, v0);
    expectClose(j.estimate - j.bias, variance(data), 1e-12);
  });
  it("paired samples are deleted jointly", () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2, 4, 6, 8, 11];
    const j = jackknife([x, y], (a, b) => meanOf(b!) - 2 * meanOf(a!));
    // leave out row i: y_i - 2 x_i = 0 except row 4 (value 1): estimates 0.25 for i<4 and 0 for i=4
    expect(Array.from(j.values)).toEqual([0.25, 0.25, 0.25, 0.25, 0]);
  });
  it("delete-one-cluster with singleton clusters equals the ordinary jackknife", () => {
    const c = clusterJackknife(data.map((_, i) => `c${i}`), (rows) => rows.reduce((a, i) => a + data[i]!, 0) / rows.length);
    const j = jackknife(data, meanOf);
    expectClose(c.standardError, j.standardError, 1e-13);
  });
});

describe("CRV1 cluster-robust SE", () => {
  it("singleton clusters reduce to sd/sqrt(n); t interval uses df = G - 1", () => {
    const r = clusterRobustSE(data, data.map((_, i) => i), { estimate: 3.42 });
    const se = Math.sqrt(variance(data) / data.length);
    expectClose(r.standardError, se, 1e-13);
    expect(r.df).toBe(9);
    const h = studentTQuantile(0.975, 9) * se;
    expectClose(r.ci![0], 3.42 - h, 1e-13);
  });
  it("G = 5 equal clusters: closed form G/(G-1) * sum T_g^2 / n^2 (cje spec check 2)", () => {
    const phi = data.map((v) => v - meanOf(Float64Array.from(data)));
    const cl = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
    const T = [0, 1, 2, 3, 4].map((g) => phi[2 * g]! + phi[2 * g + 1]!);
    const want = Math.sqrt(((5 / 4) * T.reduce((a, b) => a + b * b, 0)) / 100);
    const r = clusterRobustSE(phi, cl);
    expectClose(r.standardError, want, 1e-13);
    expect(r.df).toBe(4);
    expect(r.nClusters).toBe(5);
  });
  it("one cluster falls back to sd/sqrt(n) on n - 1 df", () => {
    const r = clusterRobustSE(data, data.map(() => "a"));
    expectClose(r.standardError, Math.sqrt(variance(data) / data.length), 1e-13);
    expect(r.df).toBe(9);
  });
});

describe("bootstrap", () => {
  it("is reproducible with a seed and differs across seeds", () => {
    const a = bootstrap(data, meanOf, { seed: 5, nResamples: 300 });
    const b = bootstrap(data, meanOf, { seed: 5, nResamples: 300 });
    const c = bootstrap(data, meanOf, { seed: 6, nResamples: 300 });
    expect(Array.from(a.distribution)).toEqual(Array.from(b.distribution));
    expect(a.ci).toEqual(b.ci);
    expect(a.ci).not.toEqual(c.ci);
    expect(a.estimate).toBe(meanOf(Float64Array.from(data)));
  });
  it("a numeric seed is @wc/tensor's rng(seed): row i of a replicate is floor(n u_i)", () => {
    const a = bootstrap(data, meanOf, { seed: 5, nResamples: 300 });
    expect(Array.from(bootstrap(data, meanOf, { seed: rng(5), nResamples: 300 }).distribution)).toEqual(Array.from(a.distribution));
    const r = rng(5);
    const first = Float64Array.from(data, () => data[Math.floor(data.length * r.uniform())]!);
    expect(a.distribution[0]).toBe(meanOf(first));
  });
  it("bootstrap SE of the mean is near sd*sqrt((n-1)/n)/sqrt(n); intervals contain the estimate", () => {
    const r = bootstrap(data, meanOf, { nResamples: 4000, seed: 1 });
    const ideal = Math.sqrt((variance(data) * 9) / 10 / 10);
    expect(Math.abs(r.standardError / ideal - 1)).toBeLessThan(0.06);
    const bca = bootstrap(data, meanOf, { nResamples: 4000, seed: 1, method: "bca" });
    for (const ci of [r.ci, bca.ci]) {
      expect(ci[0]).toBeLessThan(r.estimate);
      expect(ci[1]).toBeGreaterThan(r.estimate);
    }
  });
  it("percentile and BCa intervals cover a normal mean at about the nominal rate", () => {
    const rng = testRng(21);
    let covP = 0;
    let covB = 0;
    const reps = 60;
    for (let t = 0; t < reps; t++) {
      const x = Array.from({ length: 25 }, () => 1 + rng.normal());
      const p = bootstrap(x, meanOf, { nResamples: 400, seed: t });
      const b = bootstrap(x, meanOf, { nResamples: 400, seed: t, method: "bca" });
      if (p.ci[0] <= 1 && 1 <= p.ci[1]) covP++;
      if (b.ci[0] <= 1 && 1 <= b.ci[1]) covB++;
    }
    expect(covP / reps).toBeGreaterThan(0.83);
    expect(covB / reps).toBeGreaterThan(0.83);
  });
  it("cluster bootstrap resamples whole clusters", () => {
    // two clusters with constant values 0 and 10: every replicate mean is 0, 5 or 10
    const y = [0, 0, 0, 10, 10, 10];
    const r = clusterBootstrap([1, 1, 1, 2, 2, 2], (rows) => rows.reduce((a, i) => a + y[i]!, 0) / rows.length, { nResamples: 200, seed: 2 });
    for (const v of r.distribution) expect([0, 5, 10]).toContain(v);
    expect(r.estimate).toBe(5);
  });
  it("bad inputs", () => {
    const cases: [() => unknown, string][] = [
      [() => bootstrap([1], meanOf), "E_SHAPE"],
      [() => bootstrap([1, 2], () => Number.NaN), "E_RANGE"],
      [() => bootstrap([1, 2, 3], meanOf, { nResamples: 1 }), "E_RANGE"],
      [() => bootstrap([[1, 2], [1]], meanOf), "E_SHAPE"],
      // degenerate BCa: the estimate (first call, on the data as given) is -1 and every later call
      // (replicates, jackknife) is 10, whatever rows the seed draws, so no replicate lies below it
      [() => {
        let calls = 0;
        return bootstrap([1, 2, 3], () => (calls++ === 0 ? -1 : 10), { method: "bca", nResamples: 2, seed: 0 });
      }, "E_RANGE"],
      [() => clusterBootstrap([1, 1], () => 0), "E_SHAPE"],
      [() => clusterRobustSE([1, 2], [1]), "E_SHAPE"],
      [() => bootstrap([1, 2], meanOf, { seed: 1.5 }), "E_ARGUMENT"],
      [() => bootstrap([1, 2], meanOf, { seed: -1 }), "E_RANGE"],
      [() => bootstrap([1, 2], meanOf, { seed: {} as unknown as number }), "E_ARGUMENT"],
    ];
    for (const [f, code] of cases) {
      try {
        f();
        expect.fail("no throw");
      } catch (e) {
        expect(isWcError(e, code as "E_RANGE"), `${String(f)}: ${String(e)}`).toBe(true);
      }
    }
  });
});
