import { tensor, type Matrix, type Tensor } from "@wc/tensor";
import { expect } from "vitest";

/** The deterministic matrix of fixtures/make-reference.py `formula(rows, cols, k)` (exact integer noise). */
export function formula(rows: number, cols: number, k = 0): Matrix {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const noise = ((i * i * j * 13 + j * j * 7 + i * 104729 + j * 7919 + k * 17) % 1013) / 1013 - 0.5;
      d[i * cols + j] = noise * (1 + (j % 3)) + 0.3 * Math.sin(0.7 * i + 1.3 * j + k);
    }
  }
  return tensor(d, [rows, cols]) as Matrix;
}

/** The conv kernel of make-reference.py: K[p, q, a, b] = formula(o*kh, i*kw, 1)[p*kh + a, q*kw + b]. */
export function formulaKernel(o: number, i: number, kh: number, kw: number): Tensor {
  const G = formula(o * kh, i * kw, 1);
  const d = new Float64Array(o * i * kh * kw);
  for (let p = 0; p < o; p++)
    for (let q = 0; q < i; q++)
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++) d[((p * i + q) * kh + a) * kw + b] = G.get(p * kh + a, q * kw + b);
  return tensor(d, [o, i, kh, kw]);
}

/** Elementwise |a - b| <= tol * max|b| (relative to the largest reference value). */
export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThanOrEqual(tol * scale);
}

/** |a - b| <= tol * |b|. */
export function expectRel(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.abs(b));
}

/** mulberry32: a tiny seeded uniform source for tests only. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
