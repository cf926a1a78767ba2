import { describe, expect, it } from "vitest";
import { rangeBasis } from "../src/linalg/sketch";
import { releaseResident, residentOperand } from "../src/gemm/wasm";
import { fromNested, isWcError, linearSumAssignment, lstsq, pinv, qr, randomizedSvd, rng, svdvals, tensor, topSingular } from "../src/index";
import { diagMul, frob, load, mul, orthErr, randn, rows, seeded, sub, tr, vec, type Rows } from "./fixtures/linalg-helpers";

interface Solvers { Ao: Rows; bo: number[]; xo: number[]; Ar: Rows; xr: number[]; pinvR: Rows }
const S = load<Solvers>("solvers");
const LSA = load<{ cost: Rows; maximize: boolean; rows: number[]; cols: number[]; total: number }[]>("lsa");

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-wc";
  }
  return undefined;
}
const relErr = (a: number[], b: number[]): number => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0)) / Math.sqrt(b.reduce((s, x) => s + x * x, 0));

describe("lstsq and pinv", () => {
  it("full-rank overdetermined: SVD and QR methods match numpy.linalg.lstsq", () => {
    const A = fromNested(S.Ao);
    const b = fromNested(S.bo);
    const r = lstsq(A, b);
    expect(relErr(vec(r.x), S.xo)).toBeLessThan(1e-12);
    expect(r.rank).toBe(5);
    const q = lstsq(A, b, { method: "qr" });
    expect(relErr(vec(q.x), S.xo)).toBeLessThan(1e-12);
    // Residual equals ||A x - b||^2 and matches between methods.
    expect(vec(q.residuals)[0]).toBeCloseTo(vec(r.residuals)[0]!, 12);
  });
  it("rank-deficient: minimum-norm solution and pinv match NumPy; QR method refuses", () => {
    const A = fromNested(S.Ar);
    const r = lstsq(A, fromNested(S.bo));
    expect(r.rank).toBe(3);
    expect(relErr(vec(r.x), S.xr)).toBeLessThan(1e-10);
    expect(vec(r.residuals)).toEqual([]);
    const P = rows(pinv(A));
    expect(frob(sub(P, S.pinvR)) / frob(S.pinvR)).toBeLessThan(1e-10);
    expect(code(() => lstsq(A, fromNested(S.bo), { method: "qr" }))).toBe("E_RANGE");
  });
  it("underdetermined systems get the minimum-norm solution; pinv of a wide matrix", () => {
    // np.linalg.lstsq([[1., 1.]], [2.])[0] -> [1, 1]
    const x = vec(lstsq(fromNested([[1, 1]]), fromNested([2])).x);
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[1]).toBeCloseTo(1, 14);
    // np.linalg.pinv([[1., 2], [2, 4]]) -> [[0.04, 0.08], [0.08, 0.16]]
    const p = rows(pinv(fromNested([[1, 2], [2, 4]])));
    expect(p[0]![0]).toBeCloseTo(0.04, 14);
    expect(p[1]![1]).toBeCloseTo(0.16, 14);
    const a = randn(4, 9, 11);
    const Ap = rows(pinv(fromNested(a)));
    // Penrose condition A A+ A = A.
    expect(frob(sub(mul(mul(a, Ap), a), a)) / frob(a)).toBeLessThan(1e-13);
  });
  it("rejects bad options and shapes", () => {
    expect(code(() => lstsq(fromNested([[1, 2]]), fromNested([1, 2])))).toBe("E_SHAPE");
    expect(code(() => lstsq(fromNested([[1, 2]]), fromNested([1]), { method: "qr" }))).toBe("E_ARGUMENT");
    expect(code(() => pinv(fromNested([[1]]), { rcond: -1 }))).toBe("E_RANGE");
  });
});

/** m x n with singular values s via Q factors of seeded Gaussian matrices. */
function planted(m: number, n: number, s: number[], seed: number): { a: Rows; s: number[] } {
  const k = s.length;
  const U = rows(qr(fromNested(randn(m, k, seed))).Q!);
  const V = rows(qr(fromNested(randn(n, k, seed + 1))).Q!);
  return { a: mul(diagMul(U, s), tr(V)), s };
}

describe("randomizedSvd", () => {
  const sv = Array.from({ length: 60 }, (_, i) => Math.exp(-i / 6));
  const { a } = planted(300, 200, sv, 3);
  it("recovers the leading singular values of a decaying spectrum within the power-iteration bound", () => {
    const { U, S, Vt } = randomizedSvd(fromNested(a), 20, { seed: 1 });
    const s = vec(S);
    // Expected relative error ~ (s_{l+1} / s_i)^(2 (2q + 1)) with l = k + p = 30, q = 2 (Halko et al.
    // sec. 10.4; Saibaba 2018); allow a constant of 10. For i = 0 this is far below rounding.
    for (let i = 0; i < 20; i++) {
      const bound = Math.max(1e-13, 10 * (sv[30]! / sv[i]!) ** 10);
      expect(Math.abs(s[i]! - sv[i]!) / sv[i]!).toBeLessThan(bound);
    }
    expect(orthErr(rows(U), 20)).toBeLessThan(1e-12);
    expect(orthErr(tr(rows(Vt)), 20)).toBeLessThan(1e-12);
    // Rank-20 approximation error is close to the optimal sqrt(sum_{i>=20} s_i^2).
    const rec = mul(diagMul(rows(U), s), rows(Vt));
    const opt = Math.sqrt(sv.slice(20).reduce((t, x) => t + x * x, 0));
    expect(frob(sub(rec, a))).toBeLessThan(1.001 * opt);
  });
  it("is exact (to rounding) for an exactly low-rank matrix, in float32 too", () => {
    const low = planted(120, 90, [5, 4, 3, 2, 1], 9);
    const r = randomizedSvd(fromNested(low.a), 5, { powerIters: 0, oversample: 5 });
    const s = vec(r.S);
    for (let i = 0; i < 5; i++) expect(Math.abs(s[i]! - low.s[i]!)).toBeLessThan(1e-12);
    const f32 = tensor(new Float32Array(low.a.flat()), [120, 90]);
    const s32 = vec(randomizedSvd(f32, 5, { seed: 4 }).S);
    for (let i = 0; i < 5; i++) expect(Math.abs(s32[i]! - low.s[i]!) / low.s[i]!).toBeLessThan(1e-5);
  });
  it("large inputs (kept resident in the GEMM memory) give the same bits as the plain path, and exact values", () => {
    // 1100 x 1000 >= RESIDENT_MIN elements: A is copied into the wasm memory once for all products.
    // Holding another resident operand forces the plain path, for a bit-for-bit comparison.
    const low = planted(1100, 1000, [6, 5, 4, 3, 2], 12);
    const A = tensor(new Float32Array(low.a.flat()), [1100, 1000]);
    const viaResident = randomizedSvd(A, 5, { seed: 3 });
    const hold = residentOperand(new Float32Array(16), 0, 4, 1, 4, 4);
    let plain: ReturnType<typeof randomizedSvd>;
    try {
      plain = randomizedSvd(A, 5, { seed: 3 });
    } finally {
      if (hold) releaseResident(hold);
    }
    expect(hold).not.toBeNull();
    expect(Array.from(viaResident.S.data)).toEqual(Array.from(plain.S.data));
    expect(Array.from(viaResident.U.data)).toEqual(Array.from(plain.U.data));
    const s = vec(viaResident.S);
    for (let i = 0; i < 5; i++) expect(Math.abs(s[i]! - low.s[i]!) / low.s[i]!).toBeLessThan(1e-5);
  });
  it("is deterministic for a seed, accepts an Rng, and validates k", () => {
    const A = fromNested(randn(40, 30, 5));
    const x = vec(randomizedSvd(A, 4, { seed: 7 }).S);
    expect(vec(randomizedSvd(A, 4, { seed: 7 }).S)).toEqual(x);
    const y = vec(randomizedSvd(A, 4, { rng: rng(7) }).S);
    expect(y.length).toBe(4);
    // With all 30 columns sketched (k + p >= n) the values are exact.
    const full = vec(randomizedSvd(A, 30, { seed: 2 }).S);
    const ex = vec(svdvals(A));
    for (let i = 0; i < 30; i++) expect(Math.abs(full[i]! - ex[i]!)).toBeLessThan(1e-12 * ex[0]!);
    expect(code(() => randomizedSvd(A, 0))).toBe("E_RANGE");
    expect(code(() => randomizedSvd(A, 31))).toBe("E_RANGE");
    expect(code(() => randomizedSvd(fromNested([[NaN, 1]]), 1))).toBe("E_RANGE");
  });
});

function bruteForce(c: Rows): number {
  const n = c.length;
  const perm = Array.from({ length: n }, (_, i) => i);
  let best = Infinity;
  const rec = (k: number, acc: number): void => {
    if (acc >= best) return;
    if (k === n) {
      best = acc;
      return;
    }
    for (let t = k; t < n; t++) {
      [perm[k], perm[t]] = [perm[t]!, perm[k]!];
      rec(k + 1, acc + c[k]![perm[k]!]!);
      [perm[k], perm[t]] = [perm[t]!, perm[k]!];
    }
  };
  rec(0, 0);
  return best;
}

describe("linearSumAssignment", () => {
  it("matches brute force on 50 seeded random 6x6 cases (with ties from integer costs)", () => {
    const g = seeded(123);
    for (let t = 0; t < 50; t++) {
      const c = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => (t % 2 ? Math.floor(g.uniform() * 5) : g.uniform())));
      const r = linearSumAssignment(fromNested(c));
      const cols = vec(r.cols);
      expect(new Set(cols).size).toBe(6);
      expect(r.total).toBeCloseTo(bruteForce(c), 12);
      expect(r.total).toBeCloseTo(cols.reduce((s, j, i) => s + c[i]![j]!, 0), 12);
    }
  });
  it("matches scipy.optimize.linear_sum_assignment totals (and assignments) on larger cases", () => {
    for (const f of LSA) {
      const r = linearSumAssignment(fromNested(f.cost), { maximize: f.maximize });
      expect(Math.abs(r.total - f.total)).toBeLessThan(1e-9 * Math.abs(f.total));
      expect(vec(r.rows)).toEqual(f.rows);
      expect(vec(r.cols)).toEqual(f.cols);
    }
  });
  it("the SciPy docs example, empty input and bad values", () => {
    // linear_sum_assignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]) -> rows [0,1,2], cols [1,0,2], total 5
    const r = linearSumAssignment(fromNested([[4, 1, 3], [2, 0, 5], [3, 2, 2]]));
    expect(vec(r.cols)).toEqual([1, 0, 2]);
    expect(r.total).toBe(5);
    expect(linearSumAssignment(tensor(new Float64Array(0), [0, 4])).rows.shape).toEqual([0]);
    expect(code(() => linearSumAssignment(fromNested([[1, NaN]])))).toBe("E_RANGE");
  });
});

describe("topSingular", () => {
  it("converges to the planted top values and matches the exact SVD", () => {
    const sv = Array.from({ length: 40 }, (_, i) => 10 * 0.8 ** i);
    const { a } = planted(150, 100, sv, 21);
    const { U, S, Vt } = topSingular(fromNested(a), 3, { seed: 5 });
    const s = vec(S);
    for (let i = 0; i < 3; i++) expect(Math.abs(s[i]! - sv[i]!) / sv[i]!).toBeLessThan(1e-10);
    expect(orthErr(rows(U), 3)).toBeLessThan(1e-12);
    expect(orthErr(tr(rows(Vt)), 3)).toBeLessThan(1e-12);
    const b = randn(60, 40, 9);
    const top = vec(topSingular(fromNested(b)).S)[0]!;
    const exact = vec(svdvals(fromNested(b)))[0]!;
    expect(Math.abs(top - exact) / exact).toBeLessThan(1e-10);
  });
  it("throws E_NOT_CONVERGED at the iteration limit and E_RANGE for bad k", () => {
    const b = fromNested(randn(60, 40, 9));
    expect(code(() => topSingular(b, 1, { maxIters: 2, oversample: 0 }))).toBe("E_NOT_CONVERGED");
    expect(code(() => topSingular(b, 41))).toBe("E_RANGE");
    expect(code(() => topSingular(fromNested([[Infinity, 1]]), 1))).toBe("E_RANGE");
  });
});

describe("rangeBasis (intermediate subspace-iteration bases)", () => {
  /** ||(I - Q Q^T) Y|| / ||Y||: how much of Y lies outside span(Q) (valid for near-orthonormal Q). */
  const outside = (q: number[][], y: number[][]): number => frob(sub(y, mul(q, mul(tr(q), y)))) / frob(y);
  const asMat = (a: number[][]): { m: number; n: number; d: Float64Array } => ({ m: a.length, n: a[0]!.length, d: Float64Array.from(a.flat()) });
  const toRows = (M: { m: number; n: number; d: Float64Array }): number[][] =>
    Array.from({ length: M.m }, (_, i) => Array.from(M.d.subarray(i * M.n, i * M.n + M.n)));
  it("well conditioned, graded (cond 1e8: two rounds) and rank-deficient (Householder fallback) inputs", () => {
    const y = randn(200, 10, 3);
    const graded = y.map((r) => r.map((v, j) => v * 10 ** (-0.9 * j)));
    const deficient = y.map((r) => [...r.slice(0, 9), r[0]!]);
    for (const a of [y, graded, deficient]) {
      const Q = toRows(rangeBasis(asMat(a)));
      expect(orthErr(Q, 10)).toBeLessThan(1e-8);
      expect(outside(Q, a)).toBeLessThan(1e-12);
    }
    expect(orthErr(toRows(rangeBasis(asMat(y))), 10)).toBeLessThan(1e-12);
  });
});
