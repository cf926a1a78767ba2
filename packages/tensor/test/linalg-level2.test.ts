import { afterEach, describe, expect, it } from "vitest";
import { eigvalsh, fromNested, svdvals } from "../src/index";
import { blockGemvN, blockGemvT, blockSymvL, loadBlock, setLevel2Wasm } from "../src/linalg/level2";
import { structuredProduct } from "../src/linalg/dc-product";
import { load, vec } from "./fixtures/linalg-helpers";

describe("WASM level-2 kernels (level2.ts)", () => {
  // B = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]] (3 x 5), a block of a 4 x 6 source.
  const src = Float64Array.from([99, 99, 99, 99, 99, 99, 99, 1, 2, 3, 4, 5, 99, 6, 7, 8, 9, 10, 99, 11, 12, 13, 14, 15]);
  it("loads a strided block and multiplies corners of it by vectors (exact integer results)", () => {
    const B = loadBlock(src, 7, 6, 3, 5, [[2, 3]]);
    expect(B).not.toBeNull();
    const f = B!.f64;
    // B x with x = [1, 0, -1, 2, 1]: rows [1-3+8+5, 6-8+18+10, 11-13+28+15] = [11, 26, 41]
    f.set([1, 0, -1, 2, 1], B!.x);
    blockGemvN(B!, B!.a, 0, 0, 3, 5);
    expect(Array.from(f.subarray(B!.y, B!.y + 3))).toEqual([11, 26, 41]);
    // Corner B[1:, 2:] = [[8, 9, 10], [13, 14, 15]] times [1, 1, 1] = [27, 42]
    f.set([1, 1, 1], B!.x);
    blockGemvN(B!, B!.a, 1, 2, 2, 3);
    expect(Array.from(f.subarray(B!.y, B!.y + 2))).toEqual([27, 42]);
    // x^T B with x = [1, -1, 2]: [1-6+22, 2-7+24, 3-8+26, 4-9+28, 5-10+30] = [17, 19, 21, 23, 25]
    f.set([1, -1, 2], B!.x);
    blockGemvT(B!, B!.a, 0, 0, 3, 5);
    expect(Array.from(f.subarray(B!.y, B!.y + 5))).toEqual([17, 19, 21, 23, 25]);
    // x^T B[0:2, 3:5] with x = [2, 1]: [8 + 9, 10 + 10] = [17, 20]
    f.set([2, 1], B!.x);
    blockGemvT(B!, B!.a, 0, 3, 2, 2);
    expect(Array.from(f.subarray(B!.y, B!.y + 2))).toEqual([17, 20]);
    // Scratch matrices start zeroed: y = S x = 0.
    const R = B!.extra[0]!;
    f.set([1, 2, 3], B!.x);
    blockGemvN(B!, R, 0, 0, 2, 3);
    expect(Array.from(f.subarray(B!.y, B!.y + 2))).toEqual([0, 0]);
  });
  it("symmetric products read only the lower triangle (exact integer results)", () => {
    // S[i][j] = 1 + i + j + (i === j ? 10 : 0), 8 x 8; the upper triangle of the source is poisoned.
    const n = 8;
    const src = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) src[i * n + j] = j > i ? NaN : 1 + i + j + (i === j ? 10 : 0);
    const B = loadBlock(src, 0, n, n, n, [], true)!;
    const f = B.f64;
    // Whole matrix times x = [1, -1, 2, 0, 1, 1, -2, 3]: row i = sum_j (1 + i + j) x_j + 10 x_i
    //   = 5 (1 + i) + 21 + 10 x_i  (sum x = 5, sum j x_j = 21) -> [36, 21, 56, 41, 56, 61, 36, 91]
    //   (numpy: S = np.add.outer(np.arange(8), np.arange(8)) + 1 + 10 * np.eye(8); S @ x)
    f.set([1, -1, 2, 0, 1, 1, -2, 3], B.x);
    blockSymvL(B, B.a, 0, n);
    expect(Array.from(f.subarray(B.y, B.y + n))).toEqual([36, 21, 56, 41, 56, 61, 36, 91]);
    // Corner rows/columns 2..7 (h = 6, a partial diagonal group) times x = [1, 1, 1, 1, 1, 1]:
    //   row i: sum_{j=2..7} (1 + i + j) + 10 = 6 (1 + i) + 27 + 10 -> i = 2..7: [55, 61, 67, 73, 79, 85]
    f.set([1, 1, 1, 1, 1, 1], B.x);
    blockSymvL(B, B.a, 2, 6);
    expect(Array.from(f.subarray(B.y, B.y + 6))).toEqual([55, 61, 67, 73, 79, 85]);
  });
  it("returns null when turned off (callers then run their TS loops)", () => {
    setLevel2Wasm(false);
    expect(loadBlock(src, 7, 6, 3, 5)).toBeNull();
    setLevel2Wasm(true);
  });
});

describe("blocked reductions give NumPy's values with and without the WASM level-2 kernels", () => {
  afterEach(() => setLevel2Wasm(true));
  const F = load<Record<string, number[]>>("formula");
  // Same matrices as linalg_fixtures.py builds for these references.
  const a = Array.from({ length: 200 }, (_, i) => Array.from({ length: 180 }, (_, j) => ((i * 37 + j * 91 + i * j) % 101) / 101 - 0.5));
  const s = Array.from({ length: 200 }, (_, i) => Array.from({ length: 200 }, (_, j) => ((i * j + 3 * (i + j)) % 97) / 97 - 0.5));
  const close = (got: number[], ref: number[]): void => {
    const scale = Math.max(...ref.map(Math.abs));
    expect(got.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i++) {
      const tol = Math.max(1e-14 * scale, Math.abs(ref[i]!) >= 1e-4 * scale ? 1e-10 * Math.abs(ref[i]!) : 0);
      expect(Math.abs(got[i]! - ref[i]!)).toBeLessThanOrEqual(tol);
    }
  };
  for (const wasm of [true, false]) {
    it(`svdvals 200x180 and eigvalsh 200 (${wasm ? "wasm" : "TS"} level-2)`, () => {
      setLevel2Wasm(wasm);
      close(vec(svdvals(fromNested(a))), F["svd-200x180"]!);
      close(vec(eigvalsh(fromNested(s))), F["eigh-200"]!);
    });
  }
});

describe("divide-and-conquer merge product (dc-product.ts)", () => {
  it("B[:, K] X with top-only, bottom-only and dense columns equals the plain product", () => {
    // Rows 0-1 are the top half: column 0 is top-only, column 1 bottom-only, column 2 dense.
    const B = { m: 4, n: 3, d: Float64Array.from([1, 0, 2, 3, 0, 0, 0, 4, 5, 0, 6, 0]) };
    const X = { m: 3, n: 3, d: Float64Array.from([1, 2, 0, 0, 1, 1, 1, 0, 2]) };
    const C = new Float64Array(12).fill(NaN);
    structuredProduct(B, [2, 0, 1], X, 2, { d: C, off: 0, ld: 3 });
    // numpy: (B[:, [2, 0, 1]] @ X).tolist() -> [[2, 5, 1], [0, 3, 3], [9, 10, 8], [6, 0, 12]]
    expect(Array.from(C)).toEqual([2, 5, 1, 0, 3, 3, 9, 10, 8, 6, 0, 12]);
  });
});
