// Test helpers for the ops tests (not a test file itself).
import ndarray from "ndarray";
import { expect } from "vitest";
import { dtypeOf, toNested, type FloatTensor, type Nested, type Tensor } from "../src/index";

/** grid(n, a, b, m, s)[i] = ((i*a + b) % m - s) / 4, the formula of test/fixtures/ops_reference.py. */
export function grid(n: number, a: number, b: number, m: number, s: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * a + b) % m) - s) / 4);
}

/**
 * The same logical row-major values in several memory layouts and both float dtypes: contiguous,
 * stored with reversed axes and viewed back through a transpose (non-unit strides), and embedded
 * with padding and an offset in a larger buffer (a sliced view).
 */
export function layouts(values: readonly number[], shape: readonly number[]): { name: string; t: FloatTensor }[] {
  const out: { name: string; t: FloatTensor }[] = [];
  const nd = shape.length;
  const cstr = (sh: readonly number[]): number[] => {
    const st = new Array<number>(sh.length);
    let s = 1;
    for (let i = sh.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= sh[i]!;
    }
    return st;
  };
  for (const Ctor of [Float64Array, Float32Array]) {
    const dt = Ctor === Float64Array ? "f64" : "f32";
    out.push({ name: `${dt} contiguous`, t: ndarray(Ctor.from(values), [...shape]) as FloatTensor });
    // reversed-axes storage: element at logical index I lives at position sum(I[k] * rs[k]) with rs the strides of the reversed shape
    const rev = [...shape].reverse();
    const rs = cstr(rev).reverse();
    const buf = new Ctor(values.length);
    const ls = cstr(shape);
    for (let f = 0; f < values.length; f++) {
      let p = 0;
      let r = f;
      for (let k = 0; k < nd; k++) {
        const ik = Math.floor(r / ls[k]!);
        r -= ik * ls[k]!;
        p += ik * rs[k]!;
      }
      buf[p] = values[f]!;
    }
    out.push({ name: `${dt} transposed`, t: ndarray(buf, [...shape], rs, 0) as FloatTensor });
    // padded: every extent +1, offset by one element per axis
    const pshape = shape.map((e) => e + 1);
    const pst = cstr(pshape);
    const pbuf = new Ctor(pshape.reduce((a, b) => a * b, 1)).fill(Number.NaN);
    const off = pst.reduce((a, b) => a + b, 0);
    for (let f = 0; f < values.length; f++) {
      let p = off;
      let r = f;
      for (let k = 0; k < nd; k++) {
        const ik = Math.floor(r / ls[k]!);
        r -= ik * ls[k]!;
        p += ik * pst[k]!;
      }
      pbuf[p] = values[f]!;
    }
    out.push({ name: `${dt} padded`, t: ndarray(pbuf, [...shape], pst, off) as FloatTensor });
  }
  return out;
}

/** Flattens nested numbers. */
export function flat(x: Nested | Tensor): number[] {
  const n = typeof x === "object" && x !== null && "data" in x ? toNested(x) : x;
  const r: number[] = [];
  const rec = (v: Nested): void => {
    if (v === null) r.push(Number.NaN);
    else if (typeof v === "number") r.push(v);
    else for (const e of v) rec(e);
  };
  rec(n as Nested);
  return r;
}

/** Asserts `got` (tensor) equals the nested reference within a relative tolerance set by dtype. */
export function close(got: Tensor | number, ref: unknown, f64tol = 1e-12, f32tol = 2e-6): void {
  const tol = typeof got === "number" || dtypeOf(got) !== "float32" ? f64tol : f32tol;
  const g = typeof got === "number" ? [got] : flat(got);
  const r = flat(ref as Nested).map((v) => (v === null ? Number.NaN : v));
  expect(g.length).toBe(r.length);
  g.forEach((v, i) => {
    const w = r[i]!;
    if (Number.isNaN(w)) expect(v).toBeNaN();
    else expect(Math.abs(v - w)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  });
}
