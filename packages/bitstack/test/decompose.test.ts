import { describe, expect, it } from "vitest";
import { WcError, fromNested, tensor, transpose } from "@wc/tensor";
import { decomposeMatrix, reconstruct } from "../src/index";

/** W[i,j] = sin(0.37 i + 1.3 j) + 0.1 cos(i j), 64 x 48 (spec section 5). */
function specMatrix(): Float64Array {
  const W = new Float64Array(64 * 48);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 48; j++) W[i * 48 + j] = Math.sin(0.37 * i + 1.3 * j) + 0.1 * Math.cos(i * j);
  return W;
}

function relErr(A: Float64Array | Float32Array, B: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < A.length; i++) {
    num += (A[i]! - B[i]!) ** 2;
    den += A[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

describe("decomposeMatrix", () => {
  it("recovers W = S ⊙ (a b^T) exactly with one rank-1 block (spec 6.1)", () => {
    const W = new Float64Array(30);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) W[i * 5 + j] = ((i + j) % 3 === 0 ? -1 : 1) * (i + 1) * 0.5 * (j + 1);
    const l = decomposeMatrix(tensor(W, [6, 5]), { nIter: 1, k: 1, storeFp16: false });
    expect(l.residualNorms![1]! / l.residualNorms![0]!).toBeLessThan(1e-12);
    const R = reconstruct(l, 1, { dtype: "float64" }).data;
    expect(relErr(W, R)).toBeLessThan(1e-12);
    expect(Array.from(reconstruct(l, 0).data).every((v) => v === 0)).toBe(true);
  });

  it("matches the NumPy residual table of spec section 5 to 1e-4 relative (fp64 path)", () => {
    // python3: R=W; for t in range(8): S=np.where(R>=0,1.,-1.); U,s,Vt=np.linalg.svd(np.abs(R),full_matrices=False);
    //   R=R-S*((U[:,:k]*np.sqrt(s[:k]))@(np.sqrt(s[:k])[:,None]*Vt[:k])); print(np.linalg.norm(R)/np.linalg.norm(W))
    const table: Record<number, number[]> = {
      1: [0.4417978331, 0.2210984934, 0.1254136857, 0.06812614461, 0.04133445807, 0.02716553532, 0.02047510193, 0.01663175126],
      4: [0.1161451605, 0.05448804261, 0.02692888734, 0.01423103038, 0.007789756629, 0.004620881429, 0.002904917771, 0.00194441663],
      16: [0.06144981657, 0.01925948431, 0.00633817837, 0.002139195738, 0.0006993020794, 0.0002300377758, 7.539693689e-5, 2.446365208e-5],
    };
    const W = specMatrix();
    for (const k of [1, 4, 16]) {
      const l = decomposeMatrix(tensor(W, [64, 48]), { nIter: 8, k, storeFp16: false });
      const r = l.residualNorms!;
      const got = r.slice(1).map((x) => x / r[0]!);
      got.forEach((g, t) => expect(Math.abs(g - table[k]![t]!) / table[k]![t]!).toBeLessThan(1e-4));
      // Residual norms never increase, and the reconstruction from t stored blocks leaves exactly R_t (fp64 storage).
      for (let t = 1; t < r.length; t++) expect(r[t]!).toBeLessThanOrEqual(r[t - 1]! * (1 + 1e-12));
      const W3 = reconstruct(l, 3, { dtype: "float64" }).data;
      expect(Math.abs(relErr(W, W3) - table[k]![2]!) / table[k]![2]!).toBeLessThan(1e-6);
    }
  });

  it("stores fp16 factors whose reconstruction stays close to the fp64 residual", () => {
    const W = specMatrix();
    const l = decomposeMatrix(tensor(W, [64, 48]), { nIter: 4, k: 4 });
    expect(l.blocks[0]!.u).toBeInstanceOf(Uint16Array);
    expect(l.blocks[0]!.signs.length).toBe(384); // 64*48/8
    const err = relErr(W, reconstruct(l, 4).data);
    // fp16 has a relative precision of 2^-11 ~ 4.9e-4 per factor entry: the error moves by at most ~1e-3.
    expect(Math.abs(err - 0.01423103038)).toBeLessThan(2e-3);
  });

  it("treats strided views like their contiguous copy and leaves the input untouched", () => {
    const W = specMatrix();
    const Wt = new Float64Array(48 * 64);
    for (let i = 0; i < 64; i++) for (let j = 0; j < 48; j++) Wt[j * 64 + i] = W[i * 48 + j]!;
    const view = transpose(tensor(Wt, [48, 64]));
    const before = Wt.slice();
    const a = decomposeMatrix(view, { nIter: 2, k: 2, storeFp16: false }).residualNorms!;
    const b = decomposeMatrix(tensor(W, [64, 48]), { nIter: 2, k: 2, storeFp16: false }).residualNorms!;
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 10));
    expect(Wt).toEqual(before);
  });

  it("column scales: decomposes W diag(s) and reconstruct divides them back out", () => {
    const W = specMatrix();
    const s = Float32Array.from({ length: 48 }, (_, j) => 0.5 + j / 10);
    const l = decomposeMatrix(tensor(W, [64, 48]), { nIter: 12, k: 16, storeFp16: false, colScale: s });
    const Ws = new Float64Array(W.length);
    for (let i = 0; i < 64; i++) for (let j = 0; j < 48; j++) Ws[i * 48 + j] = W[i * 48 + j]! * s[j]!;
    expect(l.residualNorms![12]! / l.residualNorms![0]!).toBeLessThan(1e-5);
    expect(relErr(W, reconstruct(l, 12, { dtype: "float64" }).data)).toBeLessThan(1e-4);
    expect(relErr(Ws, reconstruct(l, 12, { dtype: "float64", unscale: false }).data)).toBeLessThan(1e-5);
  });

  it("randomized SVD path approximates the exact one", () => {
    const W = specMatrix();
    const ex = decomposeMatrix(tensor(W, [64, 48]), { nIter: 4, k: 4, storeFp16: false }).residualNorms!;
    const rn = decomposeMatrix(tensor(W, [64, 48]), { nIter: 4, k: 4, storeFp16: false, svd: "randomized", seed: 3 }).residualNorms!;
    // rank-k truncation is optimal: the randomized residual can only be larger, and here by < 5%.
    expect(rn[1]!).toBeGreaterThanOrEqual(ex[1]! * (1 - 1e-9));
    expect(rn[1]! / ex[1]!).toBeLessThan(1.05);
  });

  it("rejects bad input with WcError codes", () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof WcError ? e.code : "not-wc";
      }
      return undefined;
    };
    const W = fromNested([[1, 2], [3, 4]]);
    expect(code(() => decomposeMatrix(tensor(new Float64Array(4), [4])))).toBe("E_SHAPE");
    expect(code(() => decomposeMatrix(tensor(new Float64Array(0), [0, 3])))).toBe("E_SHAPE");
    expect(code(() => decomposeMatrix(tensor(new Int32Array(4), [2, 2])))).toBe("E_DTYPE");
    expect(code(() => decomposeMatrix(fromNested([[1, Number.NaN], [3, 4]])))).toBe("E_RANGE");
    expect(code(() => decomposeMatrix(W, { k: 3 }))).toBe("E_RANGE");
    expect(code(() => decomposeMatrix(W, { k: 1, nIter: 0 }))).toBe("E_RANGE");
    expect(code(() => decomposeMatrix(W, { k: 1, svd: "lanczos" as never }))).toBe("E_ARGUMENT");
    expect(code(() => decomposeMatrix(W, { k: 1, colScale: Float32Array.of(1) }))).toBe("E_SHAPE");
    expect(code(() => decomposeMatrix(W, { k: 1, colScale: Float32Array.of(1, 0) }))).toBe("E_RANGE");
    const l = decomposeMatrix(W, { k: 1, nIter: 2 });
    expect(code(() => reconstruct(l, 3))).toBe("E_RANGE");
    expect(code(() => reconstruct(l, -1))).toBe("E_RANGE");
  });
});
