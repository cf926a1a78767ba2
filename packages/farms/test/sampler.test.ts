import { randn, slice, svdvals, transpose } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { farmsEsd, farmsWindows } from "../src/index";

describe("spec check 2: sampler geometry", () => {
  it("256 x 1024, windowRows 64, qRatio 1, opsPerDim 10: row starts 0,21,..,189, col starts 0,106,..,954", () => {
    const W = randn(3, [256, 1024]);
    const r = farmsEsd(W, { windowRows: 64, qRatio: 1, opsPerDim: 10 });
    const rows = [...new Set(r.windows.map((w) => w[0]))];
    const cols = [...new Set(r.windows.map((w) => w[1]))];
    // rowStep = max(1, (256 - 64) // 9) = 21; colStep = (1024 - 64) // 9 = 106
    expect(rows).toEqual(Array.from({ length: 10 }, (_, a) => 21 * a));
    expect(cols).toEqual(Array.from({ length: 10 }, (_, b) => 106 * b));
    expect(r.windows.length).toBe(100);
    expect(r.eigs.length).toBe(6400);
    // Pooled eigenvalues = concatenation of the per-window squared singular values (sorted).
    const manual: number[] = [];
    for (const [r0, c0] of r.windows) for (const s of svdvals(slice(W, [[r0, r0 + 64], [c0, c0 + 64]])).data) manual.push(s * s);
    manual.sort((a, b) => a - b);
    for (let k = 0; k < manual.length; k++) expect(Math.abs(r.eigs[k]! - manual[k]!)).toBeLessThanOrEqual(1e-9 * manual[k]! + 1e-12);
    for (let k = 1; k < r.eigs.length; k++) expect(r.eigs[k]!).toBeGreaterThanOrEqual(r.eigs[k - 1]!);
  });

  it("100 x 512 with windowRows 2000 clamps to 100 x 100 windows at one row position", () => {
    const g = farmsWindows(100, 512, { windowRows: 2000 });
    expect([g.windowRows, g.windowCols]).toEqual([100, 100]);
    expect(new Set(g.starts.map((s) => s[0]))).toEqual(new Set([0]));
    // colStep = (512 - 100) // 9 = 45, ten starts 0..405
    expect(g.starts.map((s) => s[1])).toEqual(Array.from({ length: 10 }, (_, b) => 45 * b));
  });

  it("starts are clamped to the last fitting position when steps overshoot", () => {
    // rows 30, r 25: rowStep = max(1, 5 // 9) = 1, nR = min(10, 5 // 1 + 1) = 6 starts 0..5
    const g = farmsWindows(30, 30, { windowRows: 25 });
    expect([...new Set(g.starts.map((s) => s[0]))]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("stride mode: starts every stepSize while the window fits", () => {
    const g = farmsWindows(100, 130, { mode: "stride", windowRows: 50, stepSize: 20 });
    // nR = (100 - 50) // 20 + 1 = 3, nC = (130 - 50) // 20 + 1 = 5
    expect([...new Set(g.starts.map((s) => s[0]))]).toEqual([0, 20, 40]);
    expect([...new Set(g.starts.map((s) => s[1]))]).toEqual([0, 20, 40, 60, 80]);
  });

  it("clampWindow: false throws E_RANGE when the window does not fit", () => {
    expect(() => farmsWindows(50, 80, { windowRows: 64, clampWindow: false })).toThrow(/E_RANGE/);
    expect(() => farmsWindows(100, 100, { windowRows: 80, qRatio: 1.5, clampWindow: false })).toThrow(/does not fit/);
    // with clamping the window shrinks instead
    expect(farmsWindows(100, 100, { windowRows: 80, qRatio: 1.5 }).windowCols).toBe(100);
  });

  it("reads strided (transposed) views and does not modify the input", () => {
    const W = randn(5, [80, 60], { dtype: "float64" });
    const before = Float64Array.from(W.data as Float64Array);
    const a = farmsEsd(transpose(W), { windowRows: 30, opsPerDim: 3 });
    expect(a.windows.length).toBe(9);
    expect(a.eigs.length).toBe(9 * 30);
    expect(Float64Array.from(W.data as Float64Array)).toEqual(before);
  });
});
