import { Rng, tensor, type FloatTensor } from "@wc/tensor";

/** A seeded float64 tensor with N(0, 1) entries (test data only). */
export function randn64(shape: number[], seed: number): FloatTensor {
  const r = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: n }, () => r.normal()), shape) as FloatTensor;
}

/** Seeded integer labels in [0, c). */
export function labels(n: number, c: number, seed: number): Int32Array {
  const r = new Rng(seed);
  return Int32Array.from({ length: n }, () => r.integers(0, c));
}

/** Relative error ||a - b|| / ||b||. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** Expects `fn` to throw a WcError with `code`. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
