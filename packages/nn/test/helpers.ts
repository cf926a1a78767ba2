import { tensor, type FloatTensor } from "@wc/tensor";
import { Rng } from "@wc/tensor";

/** A float64 tensor of uniform values in [lo, hi) from a seed. */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): FloatTensor {
  const u = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = lo + (hi - lo) * u.uniform();
  return tensor(d, shape) as FloatTensor;
}

/** Values bounded away from zero (for kinks like relu / max). */
export function randAway(shape: number[], seed: number): FloatTensor {
  const t = rand(shape, seed);
  for (let i = 0; i < t.data.length; i++) t.data[i] = Math.sign(t.data[i]!) * (0.1 + Math.abs(t.data[i]!));
  return t;
}
