import { Rng, tensor, type Matrix } from "@wc/tensor";
import type { MonarchFactors, MonarchShape } from "../src/index";

/** Seeded standard-normal factors (float64). */
export function normalFactors(shape: MonarchShape, seed: number): MonarchFactors {
  const g = new Rng(seed);
  const w1 = new Float64Array(shape.k * shape.q * shape.p).map(() => g.normal());
  const w2 = new Float64Array(shape.l * shape.s * shape.r).map(() => g.normal());
  return { shape, w1, w2 };
}

/** Independent dense reference straight from the element formula of spec §3.2 (test-only loops). */
export function denseByFormula(f: MonarchFactors): number[][] {
  const { k, q, p, l, s, r } = f.shape;
  const M = Array.from({ length: l * s }, () => new Array<number>(k * p).fill(0));
  for (let g = 0; g < l; g++)
    for (let e = 0; e < s; e++)
      for (let a = 0; a < k; a++)
        for (let b = 0; b < q; b++) {
          if ((a * q + b) % l !== g) continue;
          const t = (a * q + b - g) / l;
          for (let c = 0; c < p; c++) M[e * l + g]![a * p + c]! += f.w2[(g * s + e) * r + t]! * f.w1[(a * q + b) * p + c]!;
        }
  return M;
}

/** Matrix from a function of (i, j), float64. */
export function fromFn(rows: number, cols: number, fn: (i: number, j: number) => number): Matrix {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) d[i * cols + j] = fn(i, j);
  return tensor(d, [rows, cols]);
}

/** max |a - b| over two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Sylvester Hadamard matrix of size 2^m. */
export function hadamard(n: number): Matrix {
  return fromFn(n, n, (i, j) => {
    let x = i & j;
    let c = 0;
    while (x) {
      c ^= x & 1;
      x >>= 1;
    }
    return c ? -1 : 1;
  });
}

/** Kronecker product of two float64 matrices given as nested arrays. */
export function kron(B: number[][], C: number[][]): Matrix {
  const m = B.length;
  const n = C.length;
  return fromFn(m * n, m * n, (i, j) => B[Math.floor(i / n)]![Math.floor(j / n)]! * C[i % n]![j % n]!);
}
