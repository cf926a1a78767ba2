import { fromNested, toNested } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { alphaPruningRatios, magnitudePrune, tempBalanceLRs } from "../src/index";

describe("tempBalanceLRs (spec check 4)", () => {
  it("linear map [2,3,4] at 0.1 -> [0.05, 0.10, 0.15]", () => {
    // np.interp([2, 3, 4], [2, 4], [0.05, 0.15]) = [0.05, 0.1, 0.15]
    const lr = tempBalanceLRs([2, 3, 4], 0.1);
    expect(lr[0]).toBeCloseTo(0.05, 15);
    expect(lr[1]).toBeCloseTo(0.1, 15);
    expect(lr[2]).toBeCloseTo(0.15, 15);
  });

  it("all-equal alphas give maxRatio * baseLr, as np.interp does", () => {
    // np.interp([3, 3], [3, 3], [0.05, 0.15]) = [0.15, 0.15]
    expect(tempBalanceLRs([3, 3], 0.1)).toEqual([1.5 * 0.1, 1.5 * 0.1]);
  });

  it("sqrt and log2 assignments", () => {
    // np.sqrt(a) / np.sum(np.sqrt(a)) * 3 * 0.1 for a = [1, 4, 9] -> [0.05, 0.1, 0.15]
    const s = tempBalanceLRs([1, 4, 9], 0.1, { assign: "sqrt" });
    [0.05, 0.1, 0.15].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 15));
    // np.log2([2, 4, 8]) / 6 * 3 * 0.1 -> [0.05, 0.1, 0.15]
    const l = tempBalanceLRs([2, 4, 8], 0.1, { assign: "log2" });
    [0.05, 0.1, 0.15].forEach((v, i) => expect(l[i]).toBeCloseTo(v, 15));
  });

  it("step: rank-based, lowest alpha gets minRatio", () => {
    // alphas 4 3 5 -> argsort 1 0 2 -> layer1 0.5, layer0 0.5+1*1/3, layer2 0.5+2/3 (times baseLr 1)
    const s = tempBalanceLRs([4, 3, 5], 1, { assign: "step" });
    expect(s[1]).toBeCloseTo(0.5, 15);
    expect(s[0]).toBeCloseTo(0.5 + 1 / 3, 15);
    expect(s[2]).toBeCloseTo(0.5 + 2 / 3, 15);
  });

  it("rejects bad input", () => {
    expect(() => tempBalanceLRs([], 0.1)).toThrow(/E_RANGE/);
    expect(() => tempBalanceLRs([1, Number.NaN], 0.1)).toThrow(/E_RANGE/);
    expect(() => tempBalanceLRs([1, 2], -1)).toThrow(/E_RANGE/);
    expect(() => tempBalanceLRs([1, 2], 0.1, { minRatio: 2, maxRatio: 1 })).toThrow(/E_RANGE/);
    expect(() => tempBalanceLRs([1, 2], 0.1, { assign: "cubic" as never })).toThrow(/E_ARGUMENT/);
    expect(() => tempBalanceLRs([1, 1], 0.1, { assign: "log2" })).toThrow(/E_RANGE/);
  });
});

describe("alphaPruningRatios (spec check 4)", () => {
  it("block means, linear band, exact global sparsity", () => {
    const P = [100, 300, 100, 300];
    const r = alphaPruningRatios([1.5, 2.5, 3, 5], P, 0.5, { layersPerBlock: 2, epsilon: 0.2 });
    [0.4, 0.4, 0.6, 0.6].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 14));
    const kept = r.reduce((s, x, i) => s + x * P[i]!, 0) / P.reduce((a, b) => a + b, 0);
    expect(kept).toBeCloseTo(0.5, 14);
  });

  it("ratios above 1 become 0.998 (0.99999 at target 0.7)", () => {
    // blocks of 1, eps 1: r = [0, 2] * c, c = 0.9 * 2 / (1 * 0 + 1 * 2) = 0.9 -> [0, 1.8] -> cap
    expect(alphaPruningRatios([1, 2], [1, 1], 0.9, { layersPerBlock: 1, epsilon: 1 })).toEqual([0, 0.998]);
    expect(alphaPruningRatios([1, 2], [1, 1], 0.7, { layersPerBlock: 1, epsilon: 1 })[1]).toBe(0.99999);
  });

  it("equal alphas give the target everywhere; bad input throws", () => {
    expect(alphaPruningRatios([2, 2], [5, 7], 0.3, { layersPerBlock: 1 })).toEqual([0.3, 0.3]);
    expect(() => alphaPruningRatios([1, 2, 3], [1, 1, 1], 0.5, { layersPerBlock: 2 })).toThrow(/E_SHAPE/);
    expect(() => alphaPruningRatios([1, 2], [1], 0.5, { layersPerBlock: 1 })).toThrow(/E_SHAPE/);
    expect(() => alphaPruningRatios([1, 2], [1, 1], 1, { layersPerBlock: 1 })).toThrow(/E_RANGE/);
    expect(() => alphaPruningRatios([1, Infinity], [1, 1], 0.5, { layersPerBlock: 1 })).toThrow(/E_RANGE/);
    expect(() => alphaPruningRatios([1, 2], [1, 0], 0.5, { layersPerBlock: 1 })).toThrow(/E_RANGE/);
    expect(() => alphaPruningRatios([], [], 0.5)).toThrow(/E_RANGE/);
  });
});

describe("magnitudePrune", () => {
  it("zeroes |w| <= sorted|w|[floor(numel * r)] and leaves the input alone", () => {
    const W = fromNested([[1, -4], [3, 2]]);
    expect(toNested(magnitudePrune(W, 0.25))).toEqual([[0, -4], [3, 0]]);
    expect(toNested(W)).toEqual([[1, -4], [3, 2]]);
    expect(toNested(magnitudePrune(W, 0))).toEqual([[1, -4], [3, 2]]);
    expect(toNested(magnitudePrune(W, 1))).toEqual([[0, 0], [0, 0]]);
    expect(() => magnitudePrune(W, 1.5)).toThrow(/E_RANGE/);
  });
});
