import { describe, expect, it } from "vitest";
import { quadraticWeightedKappa } from "../src/index";
import { expectWcError } from "./helpers";

// NumPy reference (independent of the code): with a, b rounded half to even, clipped to [lo, hi], K = hi - lo + 1,
//   O = confusion counts; W = (i - j)^2 / (K - 1)^2; E = outer(O.sum(1), O.sum(0)) / O.sum()
//   qwk = 1 - (W * O).sum() / (W * E).sum()
describe("quadraticWeightedKappa", () => {
  it("matches scikit-learn cohen_kappa_score(weights='quadratic', labels=1..5) on the spec example", () => {
    // sklearn cohen_kappa_score([1,2,3,4,5,3,2], [1,3,3,5,5,4,2], weights="quadratic", labels=[1,2,3,4,5]) = 0.88268156424581
    expect(quadraticWeightedKappa([1, 2, 3, 4, 5, 3, 2], [1, 3, 3, 5, 5, 4, 2], [1, 5])).toBeCloseTo(0.88268156424581, 12);
  });
  it("weights over the full scale: labels never observed do not change the value", () => {
    // sklearn cohen_kappa_score([2,3,4], [3,3,4], weights="quadratic", labels=range(1, 11)) = 0.6666666666666667
    expect(quadraticWeightedKappa([2, 3, 4], [3, 3, 4], [1, 10])).toBeCloseTo(2 / 3, 12);
  });
  it("rounds half to even and clips to the scale before counting", () => {
    // NumPy formula above with np.clip(np.round(a), 1, 10): 0.9915492957746479
    expect(quadraticWeightedKappa([0.5, 1.5, 2.5, 11, 3.5, 7], [1, 2, 2, 10, 4, 6], [1, 10])).toBeCloseTo(0.9915492957746479, 12);
  });
  it("is 1 for identical ratings, -1 for a reversed uniform scale, NaN for constant equal raters", () => {
    expect(quadraticWeightedKappa([1, 4, 7], [1, 4, 7])).toBe(1);
    expect(quadraticWeightedKappa([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [1, 5])).toBeCloseTo(-1, 12);
    expect(quadraticWeightedKappa([3, 3], [3, 3])).toBeNaN();
  });
  it("does not mutate its inputs", () => {
    const a = [1.5, 2, 3];
    const b = [2, 2, 3];
    quadraticWeightedKappa(a, b, [1, 5]);
    expect(a).toEqual([1.5, 2, 3]);
    expect(b).toEqual([2, 2, 3]);
  });
  it("rejects bad input", () => {
    expectWcError(() => quadraticWeightedKappa([1], [1], [3, 3]), "E_RANGE");
    expectWcError(() => quadraticWeightedKappa([1], [1], [1.5, 3]), "E_RANGE");
    expectWcError(() => quadraticWeightedKappa([1, 2], [1]), "E_SHAPE");
    expectWcError(() => quadraticWeightedKappa([], []), "E_SHAPE");
    expectWcError(() => quadraticWeightedKappa([1, Number.NaN], [1, 2]), "E_RANGE");
    expectWcError(() => quadraticWeightedKappa(null as unknown as number[], [1]), "E_ARGUMENT");
  });
});
