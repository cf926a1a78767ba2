/**
 * Internal lane kernels: reduce `n` values at `d[off + i*st]`. Sums are pairwise (blocks of 128
 * summed in order, halves combined recursively), so the rounding error grows like O(log n)
 * rather than O(n). All accumulation is in double, also for float32 data.
 */
import type { TensorData } from "../types";

/** A lane reducer. */
export type Lane = (d: TensorData, off: number, st: number, n: number) => number;

const SUM = 0;
const ABS = 1;
const SQDEV = 2;

function block(d: TensorData, off: number, st: number, n: number, mode: number, m: number): number {
  let s = 0;
  let p = off;
  switch (mode) {
    case SUM:
      for (let i = 0; i < n; i++, p += st) s += d[p]!;
      return s;
    case ABS:
      for (let i = 0; i < n; i++, p += st) s += Math.abs(d[p]!);
      return s;
    default:
      for (let i = 0; i < n; i++, p += st) {
        const v = d[p]! - m;
        s += v * v;
      }
      return s;
  }
}

function pairwise(d: TensorData, off: number, st: number, n: number, mode: number, m: number): number {
  if (n <= 128) return block(d, off, st, n, mode, m);
  const h = n >>> 1;
  return pairwise(d, off, st, h, mode, m) + pairwise(d, off + h * st, st, n - h, mode, m);
}

/** Pairwise sum of a lane. */
export const laneSum: Lane = (d, off, st, n) => pairwise(d, off, st, n, SUM, 0);
/** Pairwise sum of |x|. */
export const laneAbsSum: Lane = (d, off, st, n) => pairwise(d, off, st, n, ABS, 0);
/** Pairwise sum of (x - m)^2. */
export function laneSqDev(d: TensorData, off: number, st: number, n: number, m: number): number {
  return pairwise(d, off, st, n, SQDEV, m);
}

/** Product of a lane (plain loop). */
export const laneProd: Lane = (d, off, st, n) => {
  let s = 1;
  for (let i = 0, p = off; i < n; i++, p += st) s *= d[p]!;
  return s;
};

/** Minimum; NaN if any element is NaN. */
export const laneMin: Lane = (d, off, st, n) => {
  let m = Infinity;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]!;
    if (v < m) m = v;
    else if (v !== v) return Number.NaN;
  }
  return m;
};

/** Maximum; NaN if any element is NaN. */
export const laneMax: Lane = (d, off, st, n) => {
  let m = -Infinity;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]!;
    if (v > m) m = v;
    else if (v !== v) return Number.NaN;
  }
  return m;
};

/** Index of the first minimum; index of the first NaN if any (as NumPy). */
export const laneArgmin: Lane = (d, off, st, n) => {
  let m = Infinity;
  let k = 0;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]!;
    if (v < m) {
      m = v;
      k = i;
    } else if (v !== v) return i;
  }
  return k;
};

/** Index of the first maximum; index of the first NaN if any (as NumPy). */
export const laneArgmax: Lane = (d, off, st, n) => {
  let m = -Infinity;
  let k = 0;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]!;
    if (v > m) {
      m = v;
      k = i;
    } else if (v !== v) return i;
  }
  return k;
};

/** max |x|; NaN if any element is NaN. */
export const laneAbsMax: Lane = (d, off, st, n) => {
  let m = 0;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = Math.abs(d[p]!);
    if (v > m) m = v;
    else if (v !== v) return Number.NaN;
  }
  return m;
};

/**
 * Euclidean norm: pairwise sum of squares, falling back to a scaled sum `a * sqrt(sum (x/a)^2)`
 * with `a = max|x|` when the plain sum overflows or may have underflowed.
 */
export const laneNorm2: Lane = (d, off, st, n) => {
  const s = pairwise(d, off, st, n, SQDEV, 0);
  if (s > 1e-280 && s < Infinity) return Math.sqrt(s);
  if (s === 0 && laneAbsMax(d, off, st, n) === 0) return 0;
  const a = laneAbsMax(d, off, st, n);
  if (!(a > 0) || a === Infinity) return a;
  let t = 0;
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]! / a;
    t += v * v;
  }
  return a * Math.sqrt(t);
};
