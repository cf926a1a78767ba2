import { describe, expect, it } from "vitest";
import {
  fromNested,
  gemmReference,
  matmul,
  matmulBatched,
  slice,
  tensor,
  toNested,
  transpose,
  zeros,
  type FloatArray,
  type FloatTensor,
  type Tensor,
  rng,
} from "../src/index";

/** Seeded uniform source for test data: the package's own Rng. */
const uniformSource = (seed: number): (() => number) => {
  const g = rng(seed);
  return () => g.uniform();
};
function rand(shape: number[], dtype: "float32" | "float64", seed: number): FloatTensor {
  const t = zeros(shape, { dtype }) as FloatTensor;
  const r = uniformSource(seed);
  for (let i = 0; i < t.data.length; i++) t.data[i] = 2 * r() - 1;
  return t;
}
/** Reference product of two 2-D views (any strides), via the triple loop, as nested arrays. */
function refProduct(A: Tensor, B: Tensor): number[][] {
  const [m, k] = A.shape as [number, number];
  const n = B.shape[1]!;
  const c = new Float64Array(m * n);
  gemmReference({
    m, n, k, alpha: 1, beta: 0,
    a: A.data as FloatArray, aOff: A.offset, aRs: A.stride[0]!, aCs: A.stride[1]!,
    b: B.data as FloatArray, bOff: B.offset, bRs: B.stride[0]!, bCs: B.stride[1]!,
    c, cOff: 0, cRs: n, cCs: 1,
  });
  return Array.from({ length: m }, (_, i) => Array.from(c.subarray(i * n, i * n + n)));
}
function expectClose(got: Tensor, want: number[][], tol: number): void {
  const g = toNested(got) as number[][];
  let scale = 0;
  let err = 0;
  want.forEach((row, i) => row.forEach((w, j) => {
    scale = Math.max(scale, Math.abs(w));
    err = Math.max(err, Math.abs(g[i]![j]! - w));
  }));
  expect(err).toBeLessThanOrEqual(tol * scale);
}

describe("matmul", () => {
  it("matches NumPy on a literal, with transposes", () => {
    const A = fromNested([[1, 2, 3], [4, 5, 6]]);
    const B = fromNested([[7, 8], [9, 10], [11, 12]]);
    // np.array([[1,2,3],[4,5,6]]) @ np.array([[7,8],[9,10],[11,12]])
    expect(toNested(matmul(A, B))).toEqual([[58, 64], [139, 154]]);
    // A.T @ A -> [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
    expect(toNested(matmul(A, A, { transA: true }))).toEqual([[17, 22, 27], [22, 29, 36], [27, 36, 45]]);
    // A @ A.T -> [[14, 32], [32, 77]]
    expect(toNested(matmul(A, A, { transB: true }))).toEqual([[14, 32], [32, 77]]);
  });

  for (const dtype of ["float32", "float64"] as const) {
    const tol = dtype === "float32" ? 1e-5 : 1e-12;
    it(`${dtype}: transposed and sliced views of large matrices go through the fast path correctly`, () => {
      const big = rand([300, 280], dtype, 1);
      const A = slice(big, [[3, 260], [5, 260]]); // 257 x 255, row stride 280
      const B = transpose(slice(rand([270, 260], dtype, 2), [[1, 258], [0, 255]])); // 255 x 257
      expectClose(matmul(A, B), refProduct(A, B), tol);
      // op(A) = A^T: pass A^T's storage with transA
      const At = transpose(A);
      expectClose(matmul(At, B, { transA: true }), refProduct(A, B), tol);
      const Bt = transpose(B);
      expectClose(matmul(A, Bt, { transB: true }), refProduct(A, B), tol);
      // step-2 views: every other row/column
      const S = big.step(2, 2) as Tensor; // 150 x 140
      const T = rand([140, 33], dtype, 3);
      expectClose(matmul(S, T), refProduct(S, T), tol);
    });

    it(`${dtype}: alpha, beta and out`, () => {
      const A = rand([40, 30], dtype, 4);
      const B = rand([30, 20], dtype, 5);
      const out = rand([40, 20], dtype, 6);
      const before = toNested(out) as number[][];
      const want = refProduct(A, B).map((r, i) => r.map((v, j) => 2 * v - 0.5 * before[i]![j]!));
      const got = matmul(A, B, { alpha: 2, beta: -0.5, out });
      expect(got).toBe(out);
      expectClose(got, want, tol);
    });
  }

  it("promotes mixed dtypes to float64", () => {
    const A = fromNested([[1, 2]], { dtype: "float32" });
    const B = fromNested([[3], [4]], { dtype: "float64" });
    const C = matmul(A, B);
    expect(C.data).toBeInstanceOf(Float64Array);
    expect(toNested(C)).toEqual([[11]]);
  });

  it("handles empty extents", () => {
    expect(matmul(zeros([0, 3]), zeros([3, 4])).shape).toEqual([0, 4]);
    // k = 0: the product is all zeros (np.zeros((2,0)) @ np.zeros((0,3)))
    expect(toNested(matmul(zeros([2, 0]), zeros([0, 3])))).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it("rejects bad input with stable codes", () => {
    const A = zeros([2, 3]);
    expect(() => matmul(A, zeros([2, 3]))).toThrow(/E_SHAPE/);
    expect(() => matmul(A, zeros([3]))).toThrow(/E_SHAPE/);
    expect(() => matmul(tensor(new Int32Array(6), [2, 3]), zeros([3, 2]))).toThrow(/E_DTYPE/);
    expect(() => matmul(A, zeros([3, 2]), { out: zeros([3, 3]) as FloatTensor })).toThrow(/E_SHAPE/);
    expect(() => matmul(A, zeros([3, 2]), { out: zeros([2, 2], { dtype: "float32" }) as FloatTensor })).toThrow(/E_DTYPE/);
    const sq = zeros([3, 3]) as FloatTensor;
    expect(() => matmul(sq, zeros([3, 3]), { out: sq })).toThrow(/E_ARGUMENT/);
  });
});

describe("matmulBatched", () => {
  it("matches NumPy literals, including a broadcast 2-D operand", () => {
    const A = tensor(Float64Array.from({ length: 12 }, (_, i) => i), [2, 2, 3]);
    const W = fromNested([[1, 0, -1], [2, 1, 0]]);
    // A = np.arange(12.).reshape(2,2,3); W = [[1,0,-1],[2,1,0]]; A @ W.T
    expect(toNested(matmulBatched(A, W, { transB: true }))).toEqual([[[-2, 1], [-2, 10]], [[-2, 19], [-2, 28]]]);
    const B = tensor(Float64Array.from({ length: 12 }, (_, i) => i - 3), [2, 3, 2]);
    // A @ (np.arange(12.).reshape(2,3,2) - 3)
    expect(toNested(matmulBatched(A, B))).toEqual([[[1, 4], [-8, 4]], [[109, 130], [154, 184]]]);
  });

  for (const dtype of ["float32", "float64"] as const) {
    it(`${dtype}: every batch item equals the 2-D product, with strided views, broadcasting and out`, () => {
      const tol = dtype === "float32" ? 1e-5 : 1e-12;
      const A = rand([3, 40, 37], dtype, 7);
      const Bt = transpose(rand([3, 33, 40], dtype, 8), [0, 2, 1]); // 3 x 40 x 33, strided
      const W = rand([37, 21], dtype, 9);
      const Y = matmulBatched(A, Bt, { transA: true }); // 3 x 37 x 33
      const Z = matmulBatched(W, A, { transA: true, transB: true });
      expect(Y.shape).toEqual([3, 37, 33]);
      expect(Z.shape).toEqual([3, 21, 40]);
      for (let i = 0; i < 3; i++) {
        const Ai = A.pick(i, null, null) as Tensor;
        expectClose(Y.pick(i, null, null) as Tensor, refProduct(transpose(Ai), Bt.pick(i, null, null) as Tensor), tol);
        expectClose(Z.pick(i, null, null) as Tensor, refProduct(transpose(W), transpose(Ai)), tol);
      }
      // batch-1 3-D operand broadcasts too; out is written and returned
      const A1 = slice(A, [[1, 2], null, null]);
      const V = rand([40, 21], dtype, 10);
      const out = zeros([1, 37, 21], { dtype }) as FloatTensor;
      const got = matmulBatched(A1, V, { transA: true, out });
      expect(got).toBe(out);
      expectClose(got.pick(0, null, null) as Tensor, refProduct(transpose(A.pick(1, null, null) as Tensor), V), tol);
    });
  }

  it("rejects bad input with stable codes", () => {
    expect(() => matmulBatched(zeros([2, 3]), zeros([3, 2]))).toThrow(/E_SHAPE/);
    expect(() => matmulBatched(zeros([2, 2, 3]), zeros([3, 3, 2]))).toThrow(/E_SHAPE/);
    expect(() => matmulBatched(zeros([2, 2, 3]), zeros([2, 4, 2]))).toThrow(/E_SHAPE/);
    expect(() => matmulBatched(zeros([2, 2, 3]), zeros([3, 2]), { out: zeros([2, 2, 3]) })).toThrow(/E_SHAPE/);
    expect(() => matmulBatched(tensor(new Int32Array(12), [2, 2, 3]), zeros([3, 2]))).toThrow(/E_DTYPE/);
    expect(() => matmulBatched(zeros([2, 2, 3]), zeros([3, 2]), { out: zeros([2, 2, 2], { dtype: "float32" }) })).toThrow(/E_DTYPE/);
    const x = zeros([2, 3, 3]);
    expect(() => matmulBatched(x, zeros([3, 3]), { out: x })).toThrow(/E_ARGUMENT/);
  });
});
