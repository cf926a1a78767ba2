import { WcError, type Matrix } from "@wc/tensor";

/** Points as a 2-D tensor (n x d) or an array of equal-length rows. */
export type PointsInput = Matrix | readonly ArrayLike<number>[];

/** Internal: copies points into a row-major Float64Array, rejecting NaN/Inf and ragged rows. */
export function toRows(x: PointsInput, where: string): { data: Float64Array; n: number; d: number } {
  if (Array.isArray(x)) {
    const rows = x as readonly ArrayLike<number>[];
    const n = rows.length;
    const d = n > 0 ? rows[0]!.length : 0;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (r.length !== d) throw new WcError("E_SHAPE", `${where}: row ${i} has ${r.length} entries, expected ${d} like row 0`);
      for (let j = 0; j < d; j++) data[i * d + j] = r[j] as number;
    }
    return check(data, n, d, where);
  }
  const t = x as Matrix;
  if (!t || !t.shape || t.shape.length !== 2) throw new WcError("E_SHAPE", `${where}: expected a 2-D tensor (n x d) or an array of rows`);
  const [n, d] = t.shape as [number, number];
  const [s0, s1] = t.stride as [number, number];
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = t.data[t.offset + i * s0 + j * s1] as number;
  return check(data, n, d, where);
}

function check(data: Float64Array, n: number, d: number, where: string): { data: Float64Array; n: number; d: number } {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) throw new WcError("E_RANGE", `${where}: entry (${Math.floor(i / d)}, ${i % d}) = ${data[i]} is not finite`);
  }
  return { data, n, d };
}

/** Internal: maps arbitrary labels to dense integer codes 0..k-1 (first-seen order). */
export function encodeLabels(labels: ArrayLike<number | string>, where: string): { codes: Int32Array; k: number } {
  const map = new Map<number | string, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number | string;
    if (typeof l === "number" && Number.isNaN(l)) throw new WcError("E_RANGE", `${where}: label ${i} is NaN`);
    let c = map.get(l);
    if (c === undefined) {
      c = map.size;
      map.set(l, c);
    }
    codes[i] = c;
  }
  return { codes, k: map.size };
}
