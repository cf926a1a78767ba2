import { describe, expect, it } from "vitest";
import { cholesky, det, eigh, eigvalsh, fromNested, inv, isWcError, lu, qr, slogdet, solve, tensor, transpose, zeros } from "../src/index";
import { stedc } from "../src/linalg/tridiag-dc";
import { diagMul, frob, load, mul, orthErr, randn, rows, sub, t64, tr, vec, type Rows } from "./fixtures/linalg-helpers";

interface Solvers {
  A: Rows; b: number[]; x: number[]; B2: Rows; X2: Rows; det: number; logabsdet: number; sign: number; inv: Rows;
  spd: Rows; chol: Rows;
}
const S = load<Solvers>("solvers");
const E = load<Record<string, { A: Rows; w: number[] }>>("eigh");

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-wc";
  }
  return undefined;
}

function maxRel(a: number[], b: number[]): number {
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]!) / Math.abs(b[i]!)));
}

describe("qr", () => {
  const shapes: [number, number][] = [[50, 30], [30, 50], [40, 40], [100, 70], [1, 5], [5, 1], [0, 3], [3, 0]];
  for (const [m, n] of shapes) {
    it(`reconstructs a ${m}x${n} matrix with orthonormal Q and triangular R (reduced and complete)`, () => {
      const a = randn(m, n, m * 100 + n);
      const A = t64(a, n);
      const k = Math.min(m, n);
      const red = qr(A);
      expect(red.Q!.shape).toEqual([m, k]);
      expect(red.R.shape).toEqual([k, n]);
      const q = rows(red.Q!);
      const r = rows(red.R);
      for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) expect(r[i]![j]).toBe(0);
      if (m > 0 && n > 0) expect(frob(sub(mul(q, r), a)) / frob(a)).toBeLessThan(1e-13);
      expect(orthErr(q, k)).toBeLessThan(1e-13);
      const full = qr(A, { mode: "complete" });
      expect(full.Q!.shape).toEqual([m, m]);
      expect(full.R.shape).toEqual([m, n]);
      expect(orthErr(rows(full.Q!), m)).toBeLessThan(1e-13);
      if (m > 0 && n > 0) expect(frob(sub(mul(rows(full.Q!), rows(full.R)), a)) / frob(a)).toBeLessThan(1e-13);
      const onlyR = qr(A, { mode: "r" });
      expect(onlyR.Q).toBeNull();
      expect(rows(onlyR.R)).toEqual(r);
    });
  }

  it("matches NumPy's R (LAPACK signs) on a 3x2 example", () => {
    // np.linalg.qr(np.array([[1.,2],[3,4],[5,6]]))[1] -> [[-5.916079783099616, -7.437357441610946], [0, 0.8280786712108251]]
    const { R } = qr(fromNested([[1, 2], [3, 4], [5, 6]]));
    const r = rows(R);
    expect(r[0]![0]).toBeCloseTo(-5.916079783099616, 13);
    expect(r[0]![1]).toBeCloseTo(-7.437357441610946, 13);
    expect(r[1]![1]).toBeCloseTo(0.8280786712108251, 13);
  });

  it("accepts float32 and strided (transposed) input without modifying it", () => {
    const a = randn(20, 12, 7);
    const f32 = tensor(new Float32Array(a.flat()), [20, 12]);
    const before = Array.from(f32.data);
    const { Q, R } = qr(f32);
    expect(Array.from(f32.data)).toEqual(before);
    const a32 = rows(f32);
    expect(frob(sub(mul(rows(Q!), rows(R)), a32)) / frob(a32)).toBeLessThan(1e-13);
    const T = transpose(fromNested(a));
    const t = qr(T);
    expect(frob(sub(mul(rows(t.Q!), rows(t.R)), tr(a))) / frob(a)).toBeLessThan(1e-13);
  });

  it("rejects bad input with stable codes", () => {
    expect(code(() => qr(fromNested([[1, NaN]])))).toBe("E_RANGE");
    expect(code(() => qr(fromNested([1, 2])))).toBe("E_SHAPE");
    expect(code(() => qr(tensor(new Int32Array(4), [2, 2])))).toBe("E_DTYPE");
    expect(code(() => qr(fromNested([[1]]), { mode: "x" as "r" }))).toBe("E_ARGUMENT");
  });
});

describe("solve, lu, det, inv, cholesky", () => {
  const A = fromNested(S.A);
  it("solve matches numpy.linalg.solve for a vector and a matrix right-hand side", () => {
    expect(maxRel(vec(solve(A, fromNested(S.b))), S.x)).toBeLessThan(1e-12);
    const X = rows(solve(A, fromNested(S.B2)));
    expect(frob(sub(X, S.X2)) / frob(S.X2)).toBeLessThan(1e-12);
  });
  it("det, slogdet and inv match NumPy", () => {
    expect(Math.abs(det(A) - S.det) / Math.abs(S.det)).toBeLessThan(1e-12);
    const s = slogdet(A);
    expect(s.sign).toBe(S.sign);
    expect(Math.abs(s.logabsdet - S.logabsdet)).toBeLessThan(1e-12);
    expect(frob(sub(rows(inv(A)), S.inv)) / frob(S.inv)).toBeLessThan(1e-12);
    expect(det(zeros([0, 0]))).toBe(1);
  });
  it("lu gives A = P L U with |L| <= 1 (also rectangular)", () => {
    for (const [m, n] of [[6, 6], [8, 5], [5, 8]] as const) {
      const a = randn(m, n, 31 * m + n);
      const { P, L, U, perm } = lu(fromNested(a));
      expect(frob(sub(mul(rows(P), mul(rows(L), rows(U))), a))).toBeLessThan(1e-13 * frob(a));
      for (const r of rows(L)) for (const x of r) expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(vec(perm).slice().sort((x, y) => x - y)).toEqual(Array.from({ length: m }, (_, i) => i));
    }
    // scipy.linalg.lu([[1,2],[3,4]]) -> P=[[0,1],[1,0]], L=[[1,0],[1/3,1]], U=[[3,4],[0,2/3]]
    const r = lu(fromNested([[1, 2], [3, 4]]));
    expect(rows(r.P)).toEqual([[0, 1], [1, 0]]);
    expect(rows(r.L)[1]![0]).toBeCloseTo(1 / 3, 15);
    expect(rows(r.U)[1]![1]).toBeCloseTo(2 / 3, 15);
  });
  it("singular systems: solve/inv throw E_RANGE, slogdet reports sign 0", () => {
    const sing = fromNested([[1, 2], [2, 4]]);
    expect(code(() => solve(sing, fromNested([1, 1])))).toBe("E_RANGE");
    expect(code(() => inv(sing))).toBe("E_RANGE");
    expect(slogdet(sing)).toEqual({ sign: 0, logabsdet: -Infinity });
    expect(code(() => solve(fromNested([[1, 2], [3, 4]]), fromNested([1, 2, 3])))).toBe("E_SHAPE");
    expect(code(() => solve(fromNested([[1, 2, 3]]), fromNested([1])))).toBe("E_SHAPE");
  });
  it("cholesky matches numpy.linalg.cholesky and rejects indefinite matrices", () => {
    expect(frob(sub(rows(cholesky(fromNested(S.spd))), S.chol)) / frob(S.chol)).toBeLessThan(1e-13);
    expect(code(() => cholesky(fromNested([[1, 2], [2, 1]])))).toBe("E_RANGE");
    expect(code(() => cholesky(fromNested([[1, 2, 3]])))).toBe("E_SHAPE");
  });
});

describe("eigh / eigvalsh", () => {
  for (const [name, c] of Object.entries(E)) {
    it(`${name}: values match numpy.linalg.eigvalsh; vectors reconstruct and are orthonormal`, () => {
      const A = fromNested(c.A);
      const n = c.A.length;
      const w = vec(eigvalsh(A));
      const { values, vectors } = eigh(A);
      const scale = Math.max(...c.w.map(Math.abs));
      for (let i = 0; i < n; i++) {
        // Relative 1e-10 where the value is not dominated by rounding (|w| >= 1e-4 max|w|),
        // and a backward-error bound of 1e-14 * ||A|| for every value.
        const err = Math.abs(w[i]! - c.w[i]!);
        expect(err).toBeLessThanOrEqual(Math.max(1e-14 * scale, Math.abs(c.w[i]!) >= 1e-4 * scale ? 1e-10 * Math.abs(c.w[i]!) : 0));
        expect(Math.abs(values.get(i) - c.w[i]!)).toBeLessThanOrEqual(Math.max(1e-14 * scale, 1e-10 * Math.abs(c.w[i]!)));
      }
      const V = rows(vectors);
      expect(orthErr(V, n)).toBeLessThan(1e-12);
      const rec = mul(diagMul(V, vec(values)), tr(V));
      expect(frob(sub(rec, c.A)) / frob(c.A)).toBeLessThan(1e-12);
      // Sign convention: the largest-magnitude entry of each vector is positive.
      for (let j = 0; j < n; j++) {
        const col = V.map((r) => r[j]!);
        const big = col.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
        expect(big).toBeGreaterThan(0);
      }
    });
  }
  it("handles 0x0, 1x1, diagonal and reads only the lower triangle", () => {
    expect(vec(eigvalsh(zeros([0, 0])))).toEqual([]);
    expect(vec(eigh(fromNested([[-3]])).values)).toEqual([-3]);
    expect(vec(eigvalsh(fromNested([[3, 0, 0], [0, 1, 0], [0, 0, 2]])))).toEqual([1, 2, 3]);
    // numpy.linalg.eigvalsh([[2, 99], [1, 2]]) -> [1, 3]  (upper triangle ignored)
    const w = vec(eigvalsh(fromNested([[2, 99], [1, 2]])));
    expect(w[0]).toBeCloseTo(1, 14);
    expect(w[1]).toBeCloseTo(3, 14);
  });
  it("rejects NaN, non-square and integer input", () => {
    expect(code(() => eigh(fromNested([[1, NaN], [NaN, 1]])))).toBe("E_RANGE");
    expect(code(() => eigvalsh(fromNested([[1, 2, 3]])))).toBe("E_SHAPE");
    expect(code(() => eigh(tensor(new Uint8Array(4), [2, 2])))).toBe("E_DTYPE");
  });
  it("a larger random symmetric matrix (n = 150) stays accurate", () => {
    const a = randn(150, 150, 5);
    const s = a.map((r, i) => r.map((x, j) => (x + a[j]![i]!) / 2));
    const { values, vectors } = eigh(fromNested(s));
    const V = rows(vectors);
    expect(orthErr(V, 150)).toBeLessThan(1e-12);
    expect(frob(sub(mul(diagMul(V, vec(values)), tr(V)), s)) / frob(s)).toBeLessThan(1e-12);
    const w = vec(eigvalsh(fromNested(s)));
    expect(maxRel(w, vec(values))).toBeLessThan(1e-9);
    for (let i = 1; i < 150; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
  });
  it("divide and conquer: Wilkinson W201+ (pairs equal to 1e-13) matches NumPy", () => {
    const m = 100;
    const n = 2 * m + 1;
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? Math.abs(i - m) : Math.abs(i - j) === 1 ? 1 : 0)));
    // np.linalg.eigvalsh(W)[-4:] and [:2] for W = diag(|-100..100|) + ones on the off-diagonals
    const top = [99.21067864733304, 99.21067864733321, 100.74619418290337, 100.7461941829034];
    const bottom = [-1.125441522120011, 0.2538058170965414];
    const { values, vectors } = eigh(fromNested(a));
    const w = vec(values);
    for (let i = 0; i < 4; i++) expect(Math.abs(w[n - 4 + i]! - top[i]!)).toBeLessThan(1e-12);
    for (let i = 0; i < 2; i++) expect(Math.abs(w[i]! - bottom[i]!)).toBeLessThan(1e-12);
    const V = rows(vectors);
    expect(orthErr(V, n)).toBeLessThan(1e-12);
    expect(frob(sub(mul(diagMul(V, w), tr(V)), a)) / frob(a)).toBeLessThan(1e-13);
  });
  it("divide and conquer: heavily repeated eigenvalues (deflation) and the identity", () => {
    const n = 201;
    const ev = Array.from({ length: n }, (_, i) => (i < 100 ? 1 : i < 200 ? 2 : 3));
    const Q = rows(qr(fromNested(randn(n, n, 77))).Q!);
    const a = mul(diagMul(Q, ev), tr(Q));
    const { values, vectors } = eigh(fromNested(a));
    const w = vec(values);
    for (let i = 0; i < n; i++) expect(Math.abs(w[i]! - ev[i]!)).toBeLessThan(1e-13);
    const V = rows(vectors);
    expect(orthErr(V, n)).toBeLessThan(1e-12);
    expect(frob(sub(mul(diagMul(V, w), tr(V)), a)) / frob(a)).toBeLessThan(1e-13);
    const I = Array.from({ length: 80 }, (_, i) => Array.from({ length: 80 }, (_, j) => (i === j ? 1 : 0)));
    const e = eigh(fromNested(I));
    expect(vec(e.values).every((x) => x === 1)).toBe(true);
    expect(orthErr(rows(e.vectors), 80)).toBeLessThan(1e-15);
  });
  it("n = 200 (blocked tridiagonalisation, divide and conquer) matches NumPy", () => {
    const ref = load<Record<string, number[]>>("formula")["eigh-200"]!;
    // S[i][j] = ((i j + 3 (i + j)) % 97) / 97 - 0.5, exactly as linalg_fixtures.py builds it.
    const s = Array.from({ length: 200 }, (_, i) => Array.from({ length: 200 }, (_, j) => ((i * j + 3 * (i + j)) % 97) / 97 - 0.5));
    const { values, vectors } = eigh(fromNested(s));
    const w = vec(eigvalsh(fromNested(s)));
    const scale = Math.max(...ref.map(Math.abs));
    for (let i = 0; i < 200; i++) {
      const tol = Math.max(1e-14 * scale, Math.abs(ref[i]!) >= 1e-4 * scale ? 1e-10 * Math.abs(ref[i]!) : 0);
      expect(Math.abs(w[i]! - ref[i]!)).toBeLessThanOrEqual(tol);
      expect(Math.abs(values.get(i) - ref[i]!)).toBeLessThanOrEqual(tol);
    }
    const V = rows(vectors);
    expect(orthErr(V, 200)).toBeLessThan(1e-12);
    expect(frob(sub(mul(diagMul(V, vec(values)), tr(V)), s)) / frob(s)).toBeLessThan(1e-13);
  });
});

describe("tridiagonal divide and conquer (internal, no QR fallback)", () => {
  it("the [-1, 2, -1] matrix of order 300: eigenvalues 2 - 2 cos(k pi / 301), orthonormal vectors", () => {
    const n = 300;
    const r = stedc(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1), "test");
    for (let k = 1; k <= n; k++) expect(Math.abs(r.w[k - 1]! - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-13);
    expect(orthErr(rows(tensor(r.Z.d, [n, n])), n)).toBeLessThan(1e-12);
  });
  it("glued blocks with 1e-12 couplings and a zero matrix", () => {
    const n = 240;
    const d = Float64Array.from({ length: n }, (_, i) => (i % 7) * 0.5);
    const e = Float64Array.from({ length: n - 1 }, (_, i) => (i % 40 === 39 ? 1e-12 : 1));
    const r = stedc(d, e, "test");
    const Z = rows(tensor(r.Z.d, [n, n]));
    expect(orthErr(Z, n)).toBeLessThan(1e-12);
    const T = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? d[i]! : Math.abs(i - j) === 1 ? e[Math.min(i, j)]! : 0)));
    expect(frob(sub(mul(diagMul(Z, Array.from(r.w)), tr(Z)), T)) / frob(T)).toBeLessThan(1e-13);
    const z = stedc(new Float64Array(64), new Float64Array(63), "test");
    expect(Array.from(z.w).every((x) => x === 0)).toBe(true);
  });
});
