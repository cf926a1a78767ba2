import { randn } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { esd, farmsEsd, fitPowerLaw } from "../src/index";

// Spec check 3 (the paper's central claim): i.i.d. Gaussian W of growing aspect ratio. The spec's
// NumPy runs give full-ESD 'median' alpha 2.13 -> 3.46 -> 4.48 and FARMS (64 x 64 windows,
// opsPerDim 10) 2.105-2.128 for every shape.
describe("aspect-ratio bias (spec check 3)", () => {
  const shapes: [number, number][] = [
    [256, 256],
    [512, 256],
    [1024, 256],
    [2048, 256],
  ];
  const full: number[] = [];
  const farms: number[] = [];
  for (const [m, n] of shapes) {
    const W = randn(11 + m, [m, n], { dtype: "float64" });
    full.push(fitPowerLaw(esd(W), { xmin: "median" }).alpha);
    farms.push(fitPowerLaw(farmsEsd(W, { windowRows: 64, qRatio: 1, opsPerDim: 10 }).eigs, { xmin: "median" }).alpha);
  }

  it("full-ESD alpha grows monotonically with spread > 2 (about 2.13 -> 4.48)", () => {
    for (let k = 1; k < full.length; k++) expect(full[k]!).toBeGreaterThan(full[k - 1]!);
    expect(full[3]! - full[0]!).toBeGreaterThan(2.0);
    expect(Math.abs(full[0]! - 2.135)).toBeLessThan(0.1);
    expect(Math.abs(full[3]! - 4.49)).toBeLessThan(0.15);
  });

  it("FARMS alpha stays flat: spread < 0.1, all within 2.11 +- 0.05", () => {
    expect(Math.max(...farms) - Math.min(...farms)).toBeLessThan(0.1);
    for (const a of farms) expect(Math.abs(a - 2.11)).toBeLessThan(0.05);
  });
});
