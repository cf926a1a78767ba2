import { describe, expect, it } from "vitest";
import { gemm, gemmReference, gemmVector, type FloatArray, type GemmArgs, rng } from "../src/index";

/** Seeded uniform source for test data: the package's own Rng. */
const uniformSource = (seed: number): (() => number) => {
  const g = rng(seed);
  return () => g.uniform();
};

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
/** row: unit column stride; col: unit row stride; strided: neither; reversed: negative column stride. */
type Layout = "row" | "col" | "strided" | "reversed";
const LAYOUTS: Layout[] = ["row", "col", "strided", "reversed"];

/** A logical r x c operand stored with the given layout inside a padded buffer with an offset. */
function operand(T: Ctor, r: number, c: number, layout: Layout, rnd: () => number) {
  let rs: number;
  let cs: number;
  let off = 5;
  if (layout === "row") [rs, cs] = [c + 3, 1];
  else if (layout === "col") [rs, cs] = [1, r + 2];
  else if (layout === "strided") [rs, cs] = [2 * c + 1, 2];
  else {
    [rs, cs] = [c + 1, -1];
    off += c - 1; // element (0, 0) sits at the end of its row
  }
  const size = off + Math.max(0, (r - 1) * rs) + Math.max(0, (c - 1) * Math.max(cs, 0)) + 4;
  const data = new T(size);
  for (let i = 0; i < size; i++) data[i] = rnd() * 2 - 1;
  return { data, off, rs, cs };
}

function maxAbs(x: FloatArray): number {
  let s = 0;
  for (const v of x) s = Math.max(s, Math.abs(v));
  return s;
}

/** Runs `kernel` and the reference on copies of C; returns the max error relative to max |C|. */
function compare(kernel: (g: GemmArgs) => void, g: GemmArgs): number {
  const c0 = g.c.slice();
  const c1 = g.c.slice();
  kernel({ ...g, c: c0 });
  gemmReference({ ...g, c: c1 });
  let err = 0;
  for (let i = 0; i < c0.length; i++) {
    const d = Math.abs(c0[i]! - c1[i]!);
    err = Math.max(err, Number.isNaN(d) ? Infinity : d);
  }
  return err / Math.max(maxAbs(c1), 1e-300);
}

function build(T: Ctor, m: number, n: number, k: number, la: Layout, lb: Layout, lc: Layout, alpha: number, beta: number, seed: number): GemmArgs {
  const rnd = uniformSource(seed);
  const A = operand(T, m, k, la, rnd);
  const B = operand(T, k, n, lb, rnd);
  const C = operand(T, m, n, lc, rnd);
  return {
    m, n, k, alpha, beta,
    a: A.data, aOff: A.off, aRs: A.rs, aCs: A.cs,
    b: B.data, bOff: B.off, bRs: B.rs, bCs: B.cs,
    c: C.data, cOff: C.off, cRs: C.rs, cCs: C.cs,
  };
}

const DTYPES: [string, Ctor, number][] = [
  ["float32", Float32Array, 1e-5],
  ["float64", Float64Array, 1e-12],
];
// (m, n, k): one row or one column of C, lengths around the 4-row blocks, odd/even/short k.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 1, 7], [1, 5, 1], [1, 7, 3], [1, 9, 5], [1, 16, 6], [1, 33, 65], [1, 128, 344],
  [1, 1, 300], [5, 1, 1], [7, 1, 3], [9, 1, 5], [16, 1, 6], [33, 1, 65], [344, 1, 128],
];

describe("gemmVector: every layout against the reference triple loop", () => {
  for (const [name, T, tol] of DTYPES) {
    it(`${name}: all A/B/C layouts, offsets and shapes, alpha = 1, beta = 0`, () => {
      let seed = 1;
      for (const [m, n, k] of SHAPES) {
        for (const la of LAYOUTS) for (const lb of LAYOUTS) for (const lc of LAYOUTS) {
          const g = build(T, m, n, k, la, lb, lc, 1, 0, seed++);
          const e1 = compare(gemmVector, g);
          const e2 = compare(gemm, g);
          expect(e1, `${m}x${n}x${k} ${la}/${lb}/${lc}`).toBeLessThanOrEqual(tol);
          expect(e2, `gemm ${m}x${n}x${k} ${la}/${lb}/${lc}`).toBeLessThanOrEqual(tol);
        }
      }
    });

    it(`${name}: alpha/beta combinations on every layout`, () => {
      let seed = 1000;
      for (const [alpha, beta] of [[1, 1], [-0.5, 2.5], [2, -1], [0.25, 0]] as const) {
        for (const [m, n, k] of [[1, 13, 10], [13, 1, 10], [1, 4, 4]] as const) {
          for (const la of LAYOUTS) for (const lb of LAYOUTS) {
            const g = build(T, m, n, k, la, lb, "strided", alpha, beta, seed++);
            expect(compare(gemmVector, g), `${alpha},${beta} ${m}x${n}x${k} ${la}/${lb}`).toBeLessThanOrEqual(tol);
          }
        }
      }
    });

    it(`${name}: beta = 0 ignores NaN in C; empty k scales C; alpha = 0 skips the product`, () => {
      for (const [m, n] of [[1, 9], [9, 1]] as const) {
        for (const la of LAYOUTS) for (const lb of LAYOUTS) {
          const g = build(T, m, n, 6, la, lb, "row", 1.5, 0, 7);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) g.c[g.cOff + i * g.cRs + j * g.cCs] = NaN;
          expect(compare(gemmVector, g), `${m}x${n} ${la}/${lb}`).toBeLessThanOrEqual(tol);
        }
        const e = build(T, m, n, 0, "row", "row", "col", 1, 3, 11);
        const before = e.c.slice();
        gemmVector(e);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          const q = e.cOff + i * e.cRs + j * e.cCs;
          expect(e.c[q]).toBe(T === Float32Array ? Math.fround(3 * before[q]!) : 3 * before[q]!);
        }
        const z = build(T, m, n, 0, "row", "row", "row", 1, 0, 12);
        z.c.fill(NaN);
        gemmVector(z);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(z.c[z.cOff + i * z.cRs + j * z.cCs]).toBe(0);
        const a0 = build(T, m, n, 5, "row", "col", "row", 0, 0.5, 13);
        a0.a.fill(NaN); // alpha = 0: A is not read (as in BLAS)
        const c0 = a0.c.slice();
        gemmVector(a0);
        const q = a0.cOff;
        expect(a0.c[q]).toBe(T === Float32Array ? Math.fround(0.5 * c0[q]!) : 0.5 * c0[q]!);
      }
    });

    it(`${name}: entries of C outside the product are untouched`, () => {
      for (const [m, n] of [[1, 11], [11, 1]] as const) {
        for (const lb of LAYOUTS) {
          const g = build(T, m, n, 9, "row", lb, "strided", 1, 0, 21);
          const before = g.c.slice();
          gemmVector(g);
          const inside = new Set<number>();
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) inside.add(g.cOff + i * g.cRs + j * g.cCs);
          for (let q = 0; q < before.length; q++) if (!inside.has(q)) expect(g.c[q]).toBe(before[q]);
        }
      }
    });
  }

  it("x @ W^T and x @ W on a hand-checked 1 x 3 by 3 x 2 example (both dtypes)", () => {
    // x = [1, 2, 3]; W (2 x 3, out x in) = [[1, 0, -1], [2, 1, 0.5]]; x @ W^T = [-2, 5.5]
    for (const T of [Float32Array, Float64Array]) {
      const x = new T([1, 2, 3]);
      const w = new T([1, 0, -1, 2, 1, 0.5]);
      const y = new T(2);
      gemm({ m: 1, n: 2, k: 3, alpha: 1, a: x, aOff: 0, aRs: 3, aCs: 1, b: w, bOff: 0, bRs: 1, bCs: 3, beta: 0, c: y, cOff: 0, cRs: 2, cCs: 1 });
      expect(Array.from(y)).toEqual([-2, 5.5]);
      // x @ V with V = W^T stored row-major (3 x 2): same numbers through the axpy kernel
      const v = new T([1, 2, 0, 1, -1, 0.5]);
      const y2 = new T([7, 7]);
      gemm({ m: 1, n: 2, k: 3, alpha: 2, a: x, aOff: 0, aRs: 3, aCs: 1, b: v, bOff: 0, bRs: 2, bCs: 1, beta: -1, c: y2, cOff: 0, cRs: 2, cCs: 1 });
      expect(Array.from(y2)).toEqual([-4 - 7, 11 - 7]);
    }
  });

  it("large k and n: f32 x @ W^T at 1 x 1024 x 512 matches the float64 reference within 1e-5", () => {
    const g = build(Float32Array, 1, 512, 1024, "row", "col", "row", 1, 0, 99);
    expect(compare(gemmVector, g)).toBeLessThanOrEqual(1e-5);
    const h = build(Float32Array, 1, 512, 1024, "row", "row", "row", 1, 0, 98);
    expect(compare(gemmVector, h)).toBeLessThanOrEqual(1e-5);
  });
});
