import { describe, expect, it } from "vitest";
import { dimapLayerScores } from "../src/index";
import { Rng } from "@wc/tensor";

describe("dimapLayerScores", () => {
  it("matches the spec's toy (check 6.1)", () => {
    // NumPy: w=np.array([3,-1,2,0.5]); o=np.argsort(-abs(w),kind='stable'); r=np.empty(4); r[o]=w[o]**2/np.cumsum(w[o]**2)
    const want = [1.0, 0.07142857142857142, 0.3076923076923077, 0.017543859649122806];
    const s = dimapLayerScores(new Float32Array([3, -1, 2, 0.5]));
    for (let i = 0; i < 4; i++) expect(s[i]).toBeCloseTo(want[i]!, 15);
  });

  it("scores the spec's module toy layers (check 6.2)", () => {
    // NumPy as above for [10,9,8,7] and [1,.5,.4,.1]
    const a = dimapLayerScores(new Float64Array([10, 9, 8, 7]));
    const b = dimapLayerScores(new Float64Array([1, 0.5, 0.4, 0.1]));
    [1.0, 0.44751381215469616, 0.2612244897959184, 0.16666666666666666].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 15));
    [1.0, 0.2, 0.11347517730496454, 0.007042253521126762].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 15));
  });

  it("gives the largest weight exactly 1, stays in [0, 1], is monotone in |w| and scale free", () => {
    const rng = new Rng(3);
    const w = new Float32Array(500).map(() => rng.normal(0, 0.1));
    const s = dimapLayerScores(w);
    let arg = 0;
    for (let i = 1; i < w.length; i++) if (Math.abs(w[i]!) > Math.abs(w[arg]!)) arg = i;
    expect(s[arg]).toBe(1);
    for (let i = 0; i < w.length; i++) {
      expect(s[i]).toBeGreaterThan(0);
      expect(s[i]).toBeLessThanOrEqual(1);
    }
    const idx = Array.from(w.keys()).sort((i, j) => Math.abs(w[j]!) - Math.abs(w[i]!));
    for (let k = 1; k < idx.length; k++) expect(s[idx[k]!]!).toBeLessThan(s[idx[k - 1]!]!);
    // a power-of-two rescale is exact in float32, so the scores are bit-identical
    const s2 = dimapLayerScores(w.map((v) => v * 1024));
    expect(Array.from(s2)).toEqual(Array.from(s));
  });

  it("orders equal magnitudes by index (stable) and scores an all-zero layer 0", () => {
    // w = [2, -2, 2]: order 0, 1, 2 -> 4/4, 4/8, 4/12
    expect(Array.from(dimapLayerScores(new Float64Array([2, -2, 2])))).toEqual([1, 0.5, 1 / 3]);
    expect(Array.from(dimapLayerScores(new Float32Array([0, 0, 0])))).toEqual([0, 0, 0]);
    expect(Array.from(dimapLayerScores(new Float32Array([0, 5, 0])))).toEqual([0, 1, 0]);
    expect(dimapLayerScores(new Float32Array(0)).length).toBe(0);
  });

  it("rejects NaN/Inf (E_RANGE) and non-float arrays (E_DTYPE)", () => {
    expect(() => dimapLayerScores(new Float32Array([1, Number.NaN]))).toThrow(/E_RANGE/);
    expect(() => dimapLayerScores(new Float64Array([Number.POSITIVE_INFINITY]))).toThrow(/E_RANGE/);
    expect(() => dimapLayerScores([1, 2] as unknown as Float32Array)).toThrow(/E_DTYPE/);
    expect(() => dimapLayerScores(new Int32Array(2) as unknown as Float32Array)).toThrow(/E_DTYPE/);
  });
});
