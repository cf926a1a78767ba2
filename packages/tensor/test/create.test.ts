import { describe, expect, it } from "vitest";
import { arange, copy, eye, fromNested, isContiguous, linspace, reshape, slice, toNested, transpose, WcError, zeros } from "../src/index";

describe("create", () => {
  it("round-trips nested arrays", () => {
    const t = fromNested([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(toNested(t)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toNested(transpose(t))).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
  it("rejects ragged input with E_SHAPE", () => {
    expect(() => fromNested([[1, 2], [3]])).toThrowError(WcError);
  });
  it("copies strided views contiguously", () => {
    const t = fromNested([[1, 2, 3], [4, 5, 6]]);
    const v = slice(transpose(t), [[1, 3], null]);
    expect(isContiguous(v)).toBe(false);
    const c = copy(v);
    expect(isContiguous(c)).toBe(true);
    expect(Array.from(c.data)).toEqual([2, 5, 3, 6]);
  });
  it("arange/linspace match NumPy", () => {
    // np.arange(0, 1, 0.25) -> [0, .25, .5, .75]; np.linspace(0, 1, 5)
    expect(Array.from(arange(0, 1, 0.25).data)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(linspace(0, 1, 5).data)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it("reshape refuses strided views and wrong sizes", () => {
    const t = zeros([2, 3]);
    expect(reshape(t, [3, -1]).shape).toEqual([3, 2]);
    expect(() => reshape(t, [4, 2])).toThrow(/E_SHAPE/);
    expect(() => reshape(transpose(t), [6])).toThrow(/contiguous/);
  });
  it("eye is the identity", () => {
    expect(toNested(eye(2, { m: 3 }))).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
});
