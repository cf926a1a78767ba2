import { afterAll, describe, expect, it } from "vitest";
import { gemm, gemmReference, getThreads, setThreads, THREAD_MIN_WORK, type GemmArgs, rng } from "../src/index";

/** Seeded uniform source for test data: the package's own Rng. */
const uniformSource = (seed: number): (() => number) => {
  const g = rng(seed);
  return () => g.uniform();
};

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** A random product with a transposed A, padded rows and a column-strided C. */
function problem(T: Ctor, m: number, n: number, k: number, beta: number, seed: number): GemmArgs {
  const r = uniformSource(seed);
  const fill = (len: number) => {
    const x = new T(len);
    for (let i = 0; i < len; i++) x[i] = 2 * r() - 1;
    return x;
  };
  return {
    m, n, k, alpha: 0.75, beta,
    a: fill(k * m + 1), aOff: 1, aRs: 1, aCs: m, // op(A) = stored A^T
    b: fill(k * (n + 3)), bOff: 0, bRs: n + 3, bCs: 1,
    c: fill(m * n * 2), cOff: 0, cRs: 2 * n, cCs: 2,
  };
}

describe("threaded GEMM (setThreads)", () => {
  afterAll(() => setThreads(1));

  it("defaults to 1 thread and validates the count", () => {
    expect(getThreads()).toBe(1);
    expect(() => setThreads(0)).toThrow(/E_RANGE/);
    expect(() => setThreads(1.5)).toThrow(/E_RANGE/);
    expect(() => setThreads(65)).toThrow(/E_RANGE/);
    expect(getThreads()).toBe(1);
  });

  for (const T of [Float32Array, Float64Array] as Ctor[]) {
    it(`${T.name}: 2 and 3 threads match the reference (row split, several k-slices and column blocks)`, () => {
      const tol = T === Float32Array ? 1e-5 : 1e-12;
      for (const threads of [2, 3]) {
        setThreads(threads);
        expect(getThreads()).toBe(threads);
        for (const [m, n, k, beta] of [
          [257, 300, 300, 0],
          [130, 97, 513, -1.5],
          [1030, 2100, 5, 0.5], // padded C block above the cap: several column blocks
        ] as const) {
          expect(m * n * k).toBeGreaterThanOrEqual(THREAD_MIN_WORK);
          const g = problem(T, m, n, k, beta, m + n + k);
          const want = { ...g, c: g.c.slice() };
          gemmReference(want);
          gemm(g);
          let err = 0;
          let scale = 0;
          for (let i = 0; i < g.c.length; i++) {
            err = Math.max(err, Math.abs(g.c[i]! - want.c[i]!));
            scale = Math.max(scale, Math.abs(want.c[i]!));
          }
          expect(err / scale, `${threads} threads ${m}x${n}x${k}`).toBeLessThanOrEqual(tol);
          // Still threaded: the pool did not fail over to the single-thread path.
          expect(getThreads()).toBe(threads);
        }
      }
      setThreads(1);
      expect(getThreads()).toBe(1);
    });
  }
});
