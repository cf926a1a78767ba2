import { fromNested, randn, tensor, zeros } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { esd, esdConv2d, farmsConv2d, farmsEsd, fitPowerLaw, layerMetrics, resolveFarmsOptions, resolveFitOptions } from "../src/index";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe("bad input gets a WcError with a stable code", () => {
  it("fitPowerLaw", () => {
    expect(code(() => fitPowerLaw([1]))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([]))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([1, Number.NaN, 3]))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([1, Infinity]))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([-1, 2, 3]))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([0, 1, 2], { xmin: "peak" }))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([0, 0, 0, 1], { xmin: "median" }))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([1, 2, 3], { xmin: "mid" as never }))).toBe("E_ARGUMENT");
    expect(code(() => fitPowerLaw([1, 2, 3], { xminPos: 1 }))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([1, 2, 3], { bins: 0 }))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw([1, 2, 3], { evalsThresh: -1 }))).toBe("E_RANGE");
    expect(code(() => fitPowerLaw(null as never))).toBe("E_ARGUMENT");
    // a message says what was expected and what was found
    expect(() => fitPowerLaw([1])).toThrow(/at least 2 eigenvalues, got 1/);
  });

  it("layerMetrics on an all-zero spectrum", () => {
    expect(code(() => layerMetrics([0, 0, 0]))).toBe("E_RANGE");
  });

  it("esd / farmsEsd", () => {
    expect(code(() => esd(zeros([2, 2, 2]) as never))).toBe("E_SHAPE");
    expect(code(() => esd(tensor(new Int32Array(4), [2, 2]) as never))).toBe("E_DTYPE");
    expect(code(() => esd(fromNested([[1, Number.NaN], [0, 1]])))).toBe("E_RANGE");
    expect(code(() => esd("W" as never))).toBe("E_ARGUMENT");
    expect(code(() => farmsEsd(zeros([0, 5]) as never))).toBe("E_RANGE");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { windowRows: 0 }))).toBe("E_RANGE");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { opsPerDim: 1 }))).toBe("E_RANGE");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { qRatio: 0 }))).toBe("E_RANGE");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { windowRows: 1, qRatio: 0.5 }))).toBe("E_RANGE");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { mode: "random" as never }))).toBe("E_ARGUMENT");
    expect(code(() => farmsEsd(randn(0, [10, 10]), { clampWindow: "yes" as never }))).toBe("E_ARGUMENT");
  });

  it("conv paths", () => {
    expect(code(() => esdConv2d(randn(0, [4, 4])))).toBe("E_SHAPE");
    expect(code(() => esdConv2d(randn(0, [4, 4, 3, 3]), { convNorm: 0 }))).toBe("E_RANGE");
    expect(code(() => farmsConv2d(randn(0, [4, 4, 3, 3]), { qRatio: -1 }))).toBe("E_RANGE");
    expect(code(() => farmsConv2d(zeros([0, 4, 3, 3])))).toBe("E_RANGE");
  });

  it("resolved options are new frozen objects with the spec defaults", () => {
    const f = resolveFitOptions({});
    expect(f).toEqual({ xmin: "ks", xminPos: 2, bins: 100, filterZeros: false, evalsThresh: 1e-5, peakLowerBug: true });
    expect(Object.isFrozen(f)).toBe(true);
    const input = { windowRows: 64 };
    const s = resolveFarmsOptions(input);
    expect(s).toEqual({ windowRows: 64, qRatio: 1, mode: "fixedOps", opsPerDim: 10, stepSize: 10, clampWindow: true });
    expect(input).toEqual({ windowRows: 64 });
  });
});
