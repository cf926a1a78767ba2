import { describe, expect, it } from "vitest";
import { invertScores, keepCount, maskDensity, maskFromScores, randomMask, shuffleLayerwise } from "../src/index";
import { codeOf } from "./helpers";

describe("global masks", () => {
  it("maskFromScores keeps exactly floor(kd) highest scores over all layers", () => {
    const s = [Float64Array.of(3, 1, 7), Float64Array.of(2, 9), Float64Array.of(0.5)];
    expect(maskFromScores(s, 0.5).map((m) => Array.from(m))).toEqual([[1, 0, 1], [0, 1], [0]]);
    expect(invertScores(s, 0.5).map((m) => Array.from(m))).toEqual([[0, 1, 0], [1, 0], [1]]);
    expect(maskFromScores(s, 1).flatMap((m) => Array.from(m))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(s[0]![0]).toBe(3);
  });

  it("ties are broken by position, so the count is exact", () => {
    const m = maskFromScores([new Float64Array(5).fill(1), new Float64Array(5).fill(1)], 0.3);
    expect(m.map((a) => Array.from(a))).toEqual([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0]]);
  });

  it("keepCount is floor(kd)", () => {
    expect(keepCount(0.01, 25856)).toBe(258);
    expect(keepCount(0.005, 6032)).toBe(30);
    expect(keepCount(0.1, 30)).toBe(3);
    expect(codeOf(() => keepCount(0.001, 100))).toBe("E_RANGE");
  });

  it("randomMask keeps exactly floor(kd), is seeded and roughly uniform over layers", () => {
    const a = randomMask([1000, 3000], 0.1, 7);
    const b = randomMask([1000, 3000], 0.1, 7);
    expect(maskDensity(a).kept).toBe(400);
    expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
    const per = maskDensity(a).perLayer;
    expect(Math.abs(per[0]! - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(per[1]! - 0.1)).toBeLessThan(0.02);
  });

  it("shuffleLayerwise keeps each layer's count and moves the kept positions", () => {
    const m = maskFromScores([Float64Array.from({ length: 200 }, (_, i) => i), Float64Array.from({ length: 100 }, (_, i) => -i)], 0.2);
    const s = shuffleLayerwise(m, 3);
    expect(maskDensity(s).perLayer).toEqual(maskDensity(m).perLayer);
    expect(Array.from(s[0]!)).not.toEqual(Array.from(m[0]!));
    expect(shuffleLayerwise(m, 3).map((x) => Array.from(x))).toEqual(s.map((x) => Array.from(x)));
  });

  it("rejects bad densities, NaN scores and empty input", () => {
    for (const d of [0, -0.1, 1.01, Number.NaN, Infinity]) expect(codeOf(() => maskFromScores([Float64Array.of(1, 2)], d))).toBe("E_RANGE");
    expect(codeOf(() => maskFromScores([Float64Array.of(1, Number.NaN)], 0.5))).toBe("E_RANGE");
    expect(codeOf(() => maskFromScores([], 0.5))).toBe("E_ARGUMENT");
    expect(codeOf(() => randomMask([10, -1], 0.5, 0))).toBe("E_RANGE");
  });
});
