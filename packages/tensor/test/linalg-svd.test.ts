import { describe, expect, it } from "vitest";
import { fromNested, isWcError, qr, svd, svdvals, tensor, transpose, zeros } from "../src/index";
import { bdsdc } from "../src/linalg/bidiag-dc";
import { bdsqr } from "../src/linalg/bidiag-svd";
import { diagMul, frob, load, mul, orthErr, randn, rows, seeded, sub, tr, vec, type Rows } from "./fixtures/linalg-helpers";

const F = load<Record<string, { A: Rows; s: number[] }>>("svd");

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-wc";
  }
  return undefined;
}

/**
 * Singular values vs NumPy: relative 1e-10 for every value above 1e-4 * s_max, and for all values
 * the backward-stability bound 1e-14 * s_max (no backward-stable dense SVD, NumPy's included, is
 * more accurate than a few eps * ||A|| for the smallest values of a graded or Hilbert matrix).
 */
function expectValues(s: number[], ref: number[]): void {
  expect(s.length).toBe(ref.length);
  const smax = ref[0] ?? 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(s[i]! - ref[i]!);
    const tol = Math.max(1e-14 * smax, ref[i]! >= 1e-4 * smax ? 1e-10 * ref[i]! : 0);
    expect(err, `value ${i}: ${s[i]} vs ${ref[i]}`).toBeLessThanOrEqual(tol);
  }
  for (let i = 1; i < s.length; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
}

function checkFactors(a: Rows, mode: "thin" | "full"): void {
  const m = a.length;
  const n = m ? a[0]!.length : 0;
  const k = Math.min(m, n);
  const A = m ? fromNested(a) : zeros([0, n]);
  const { U, S, Vt } = svd(A, { vectors: mode });
  const u = rows(U!);
  const vt = rows(Vt!);
  expect(U!.shape).toEqual(mode === "thin" ? [m, k] : [m, m]);
  expect(Vt!.shape).toEqual(mode === "thin" ? [k, n] : [n, n]);
  expect(orthErr(u, U!.shape[1]!)).toBeLessThan(1e-12);
  expect(orthErr(tr(vt, n), Vt!.shape[0]!)).toBeLessThan(1e-12);
  const s = vec(S);
  const uk = u.map((r) => r.slice(0, k));
  const rec = mul(diagMul(uk, s), vt.slice(0, k));
  if (m && n && frob(a) > 0) expect(frob(sub(rec, a)) / frob(a)).toBeLessThan(1e-12);
  // Sign convention: the largest-magnitude entry of each of the first k columns of U is positive.
  for (let j = 0; j < k; j++) {
    const col = uk.map((r) => r[j]!);
    const big = col.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
    expect(big).toBeGreaterThan(0);
  }
}

describe("svd against NumPy fixtures", () => {
  for (const [name, c] of Object.entries(F)) {
    it(`${name}: values match numpy.linalg.svd; thin and full factors reconstruct, orthonormal`, () => {
      const A = fromNested(c.A);
      expectValues(vec(svdvals(A)), c.s);
      expectValues(vec(svd(A).S), c.s);
      checkFactors(c.A, "thin");
      checkFactors(c.A, "full");
    });
  }
});

describe("svd edge cases", () => {
  it("0-size, 1x1, zero and diagonal matrices", () => {
    for (const [m, n] of [[0, 3], [3, 0], [0, 0]] as const) {
      const r = svd(zeros([m, n]), { vectors: "full" });
      expect(r.S.shape).toEqual([0]);
      expect(r.U!.shape).toEqual([m, m]);
      expect(r.Vt!.shape).toEqual([n, n]);
      const t = svd(zeros([m, n]));
      expect(t.U!.shape).toEqual([m, 0]);
      expect(t.Vt!.shape).toEqual([0, n]);
    }
    expect(vec(svdvals(fromNested([[-4]])))).toEqual([4]);
    const z = svd(zeros([4, 3]));
    expect(vec(z.S)).toEqual([0, 0, 0]);
    expect(orthErr(rows(z.U!), 3)).toBeLessThan(1e-15);
    // Diagonal input: exact values, sorted.
    expect(vec(svdvals(fromNested([[1, 0, 0], [0, -3, 0], [0, 0, 2]])))).toEqual([3, 2, 1]);
  });
  it("a 2x2 example matches NumPy literals", () => {
    // np.linalg.svd([[3.,0],[4,5]], compute_uv=False) -> [6.708203932499369, 2.23606797749979]
    const s = vec(svdvals(fromNested([[3, 0], [4, 5]])));
    expect(s[0]).toBeCloseTo(6.708203932499369, 14);
    expect(s[1]).toBeCloseTo(2.23606797749979, 14);
  });
  it("tall (QR-first path), wide, float32 and strided inputs", () => {
    checkFactors(randn(120, 20, 1), "thin");
    checkFactors(randn(20, 120, 2), "thin");
    checkFactors(randn(45, 20, 3), "full");
    const a = randn(30, 17, 4);
    const f32 = tensor(new Float32Array(a.flat()), [30, 17]);
    const a32 = rows(f32);
    const r = svd(f32);
    const rec = mul(diagMul(rows(r.U!), vec(r.S)), rows(r.Vt!));
    expect(frob(sub(rec, a32)) / frob(a32)).toBeLessThan(1e-12);
    const T = svd(transpose(fromNested(a)));
    const recT = mul(diagMul(rows(T.U!), vec(T.S)), rows(T.Vt!));
    expect(frob(sub(recT, tr(a))) / frob(a)).toBeLessThan(1e-12);
  });
  it("huge and tiny magnitudes do not overflow or underflow", () => {
    const a = [[3e200, 0], [4e200, 5e200]];
    const s = vec(svdvals(fromNested(a)));
    expect(s[0]! / 6.708203932499369e200).toBeCloseTo(1, 13);
    const b = [[3e-200, 0], [4e-200, 5e-200]];
    expect(vec(svdvals(fromNested(b)))[1]! / 2.23606797749979e-200).toBeCloseTo(1, 13);
  });
  it("rejects bad input", () => {
    expect(code(() => svd(fromNested([[1, Infinity]])))).toBe("E_RANGE");
    expect(code(() => svd(fromNested([1, 2])))).toBe("E_SHAPE");
    expect(code(() => svd(fromNested([[1]]), { vectors: "some" as "thin" }))).toBe("E_ARGUMENT");
  });
});

describe("svd, blocked bidiagonalisation path (n >= 128)", () => {
  const ref = load<Record<string, number[]>>("formula")["svd-200x180"]!;
  // A[i][j] = ((37 i + 91 j + i j) % 101) / 101 - 0.5, exactly as linalg_fixtures.py builds it.
  const a = Array.from({ length: 200 }, (_, i) => Array.from({ length: 180 }, (_, j) => ((i * 37 + j * 91 + i * j) % 101) / 101 - 0.5));
  it("200x180: values match NumPy; thin and full factors reconstruct, orthonormal", () => {
    expectValues(vec(svdvals(fromNested(a))), ref);
    checkFactors(a, "thin");
  });
  it("180x200 (wide, transposed internally) gives the same values", () => {
    expectValues(vec(svdvals(fromNested(tr(a)))), ref);
    checkFactors(tr(a), "full");
  });
});

describe("svd, divide-and-conquer bidiagonal path (n > 25)", () => {
  function planted(m: number, n: number, s: number[], seed: number): Rows {
    const U = rows(qr(fromNested(randn(m, s.length, seed))).Q!);
    const V = rows(qr(fromNested(randn(n, s.length, seed + 1))).Q!);
    return mul(diagMul(U, s), tr(V));
  }
  const cases: [string, number, number, number[]][] = [
    ["graded 1..1e-12", 90, 80, Array.from({ length: 80 }, (_, i) => 10 ** (-12 * i / 79))],
    ["rank 30 of 100x90", 100, 90, [...Array.from({ length: 30 }, (_, i) => 1 + i / 10).reverse(), ...new Array<number>(60).fill(0)]],
    ["values repeated 40 times", 120, 120, Array.from({ length: 120 }, (_, i) => (i < 40 ? 3 : i < 80 ? 2 : 1))],
  ];
  for (const [name, m, n, s] of cases) {
    it(`${name}: planted values recovered, factors reconstruct and are orthonormal`, () => {
      const a = planted(m, n, s, m + n);
      const ref = [...s].sort((x, y) => y - x);
      // The planted matrix itself carries rounding of order 1e-16 * ||A|| per entry.
      expectValues(vec(svdvals(fromNested(a))), ref);
      checkFactors(a, "thin");
    });
  }
});

describe("bidiagonal divide and conquer (internal, no QR fallback)", () => {
  function run(d: Float64Array, e: Float64Array): void {
    const n = d.length;
    const r = bdsdc(d, e, "test");
    const B = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? d[i]! : j === i + 1 ? e[i]! : 0)));
    const U = rows(tensor(r.U.d, [n, n]));
    const V = rows(tensor(r.V.d, [n, n]));
    const s = Array.from(r.s);
    expect(frob(sub(mul(diagMul(U, s), tr(V)), B)) / frob(B)).toBeLessThan(1e-13);
    expect(orthErr(U, n)).toBeLessThan(1e-12);
    expect(orthErr(V, n)).toBeLessThan(1e-12);
    const ref = d.slice();
    bdsqr(ref, e.slice(), null, null, "test");
    for (let i = 0; i < n; i++) expect(Math.abs(s[i]! - ref[i]!)).toBeLessThan(1e-13 * ref[0]!);
  }
  const g = seeded(8);
  it("random, with zero diagonal entries, rank-deficient and constant bidiagonals (n = 150)", () => {
    const n = 150;
    run(Float64Array.from({ length: n }, () => g.normal()), Float64Array.from({ length: n - 1 }, () => g.normal()));
    run(Float64Array.from({ length: n }, (_, i) => (i % 9 === 4 ? 0 : g.normal())), Float64Array.from({ length: n - 1 }, () => g.normal()));
    run(Float64Array.from({ length: n }, (_, i) => (i < 70 ? g.normal() : 0)), Float64Array.from({ length: n - 1 }, (_, i) => (i < 69 ? g.normal() : 0)));
    run(new Float64Array(n).fill(1), new Float64Array(n - 1).fill(1));
    run(new Float64Array(n).fill(2), new Float64Array(n - 1));
  });
});

describe("svd with k (only the top-k triplets, exact)", () => {
  const ref = load<Record<string, number[]>>("formula")["svd-200x180"]!;
  const big = Array.from({ length: 200 }, (_, i) => Array.from({ length: 180 }, (_, j) => ((i * 37 + j * 91 + i * j) % 101) / 101 - 0.5));
  /** Top-k checks: values vs NumPy, orthonormal U, V, and A v_i = s_i u_i, A^T u_i = s_i v_i. */
  function checkTop(a: Rows, k: number, refS: number[]): void {
    const m = a.length;
    const n = a[0]!.length;
    const { U, S, Vt } = svd(fromNested(a), { k });
    expect(U!.shape).toEqual([m, k]);
    expect(Vt!.shape).toEqual([k, n]);
    expectValues(vec(S), refS.slice(0, k));
    const u = rows(U!);
    const vt = rows(Vt!);
    expect(orthErr(u, k)).toBeLessThan(1e-12);
    expect(orthErr(tr(vt, n), k)).toBeLessThan(1e-12);
    const s = vec(S);
    const nrm = frob(a);
    expect(frob(sub(mul(a, tr(vt, n)), diagMul(u, s))) / nrm).toBeLessThan(1e-12);
    expect(frob(sub(mul(tr(a, n), u), diagMul(tr(vt, n), s))) / nrm).toBeLessThan(1e-12);
  }
  it("200x180 (blocked path) and its transpose, k = 10", () => {
    checkTop(big, 10, ref);
    checkTop(tr(big), 10, ref);
  });
  it("fixtures: square, tall (QR-first path), rank-deficient", () => {
    for (const [name, k] of [["random-64x64", 5], ["tall-80x6", 3], ["rank5-30x20", 5], ["random-20x30", 1]] as const) {
      checkTop(F[name]!.A, k, F[name]!.s);
    }
  });
  it("k = 0 gives empty factors; k = min(m, n) is the thin SVD; bad k is rejected", () => {
    const r = svd(fromNested(F["random-30x20"]!.A), { k: 0 });
    expect(r.U!.shape).toEqual([30, 0]);
    expect(r.S.shape).toEqual([0]);
    expect(r.Vt!.shape).toEqual([0, 20]);
    checkTop(F["random-30x20"]!.A, 20, F["random-30x20"]!.s);
    expect(vec(svd(fromNested([[3, 0], [4, 5]]), { vectors: "none", k: 1 }).S)[0]).toBeCloseTo(6.708203932499369, 14);
    expect(code(() => svd(fromNested([[1, 2]]), { k: 2 }))).toBe("E_RANGE");
    expect(code(() => svd(fromNested([[1, 2]]), { k: 0.5 }))).toBe("E_RANGE");
    expect(code(() => svd(fromNested([[1, 2]]), { vectors: "full", k: 1 }))).toBe("E_ARGUMENT");
  });
});

describe("svd with small k: inverse iteration on the Golub-Kahan tridiagonal", () => {
  /** `U diag(s) V^T` with orthonormal `U` (m x r), `V` (n x r) from QR of seeded Gaussians. */
  function built(m: number, n: number, s: number[], seed: number): Rows {
    const r = s.length;
    const Q1 = rows(qr(fromNested(randn(m, r, seed))).Q!);
    const Q2 = rows(qr(fromNested(randn(n, r, seed + 1))).Q!);
    return mul(diagMul(Q1, s), tr(Q2, r));
  }
  /** Values equal to the construction's, orthonormal factors, `A v = s u` and `A^T u = s v`, tail energy. */
  function check(a: Rows, k: number, s: number[]): void {
    const n = a[0]!.length;
    const r = svd(fromNested(a), { k });
    const got = vec(r.S);
    for (let i = 0; i < k; i++) expect(Math.abs(got[i]! - s[i]!)).toBeLessThan(1e-12 * s[0]!);
    const u = rows(r.U!);
    const vt = rows(r.Vt!);
    expect(orthErr(u, k)).toBeLessThan(1e-12);
    expect(orthErr(tr(vt, n), k)).toBeLessThan(1e-12);
    const nrm = frob(a);
    expect(frob(sub(mul(a, tr(vt, n)), diagMul(u, got))) / nrm).toBeLessThan(1e-12);
    expect(frob(sub(mul(tr(a, n), u), diagMul(tr(vt, n), got))) / nrm).toBeLessThan(1e-12);
    const tail = s.slice(k).reduce((t, x) => t + x * x, 0);
    expect(Math.abs(r.tailEnergy - tail)).toBeLessThan(1e-12 * nrm * nrm);
  }
  it("well separated, tight cluster (1e-9 apart), exact triple value, and a cluster cut by k", () => {
    check(built(60, 50, Array.from({ length: 50 }, (_, i) => 50 - i), 3), 5, Array.from({ length: 50 }, (_, i) => 50 - i));
    const tight = [5, 4 + 2e-9, 4 + 1e-9, 4, 3, 2, 1, 0.5, 0.25, 0.125, 0.1, 0.05];
    check(built(48, 48, [...tight, ...Array(36).fill(0.01)], 5), 4, [...tight, ...Array(36).fill(0.01)]);
    const triple = [7, 7, 7, 2, ...Array.from({ length: 36 }, (_, i) => 1 / (i + 1))];
    check(built(40, 40, triple, 7), 3, triple);
    check(built(40, 40, triple, 9), 2, triple);
  });
  it("the identity (all values equal, zero superdiagonal) and a graded matrix (1 .. 1e-12)", () => {
    const I = Array.from({ length: 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => (i === j ? 1 : 0)));
    check(I, 4, Array(40).fill(1));
    const graded = Array.from({ length: 40 }, (_, i) => 10 ** (-12 * i / 39));
    check(built(40, 40, graded, 11), 6, graded);
  });
  it("k above the numerical rank falls back to divide and conquer and stays exact", () => {
    // Rank 3: the 4th value is ~1e-16, too close to zero for the +s/-s pairs of the tridiagonal.
    const s = [3, 2, 1];
    const a = built(40, 36, s, 13);
    const r = svd(fromNested(a), { k: 4 });
    for (let i = 0; i < 3; i++) expect(Math.abs(vec(r.S)[i]! - s[i]!)).toBeLessThan(1e-13);
    expect(vec(r.S)[3]!).toBeLessThan(1e-14);
    expect(orthErr(rows(r.U!), 4)).toBeLessThan(1e-12);
    expect(orthErr(tr(rows(r.Vt!), 36), 4)).toBeLessThan(1e-12);
  });
  it("tailEnergy is the sum of the dropped squared values (0 without k)", () => {
    const s = [4, 3, 2, 1e-9, 1e-10];
    const a = built(12, 10, s, 17);
    expect(svd(fromNested(a)).tailEnergy).toBe(0);
    // 1e-9^2 + 1e-10^2 = 1.01e-18: far below eps * ||A||_F^2, so only a sum of values gets it right
    // (relative 1e-5: a backward-stable SVD resolves a value of 1e-9 to about eps * ||A|| / 1e-9).
    expect(Math.abs(svd(fromNested(a), { k: 3 }).tailEnergy / 1.01e-18 - 1)).toBeLessThan(1e-5);
  });
});
