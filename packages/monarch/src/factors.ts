import { Rng, WcError, type FloatDType } from "@wc/tensor";
import { assertMonarchShape, type MonarchShape } from "./shapes";

/**
 * A Monarch matrix as its two block-diagonal factors (row-major, flat):
 * `w1` = right factor R, `k` blocks of `q x p`, element `[a][b][c]` at `(a·q + b)·p + c`;
 * `w2` = left factor L, `l` blocks of `s x r`, element `[g][e][t]` at `(g·s + e)·r + t`.
 * These are the official code's `blkdiag1` `(k, q, p)` and `blkdiag2` `(l, s, r)`.
 */
export interface MonarchFactors {
  readonly shape: MonarchShape;
  readonly w1: Float64Array | Float32Array;
  readonly w2: Float64Array | Float32Array;
}

/** Options of {@link monarchInit}. */
export interface MonarchInitOptions {
  /** Storage dtype of the factors; default `"float32"` (the storage type of weights). */
  dtype?: FloatDType;
}

/**
 * Checks factors: a valid shape, float arrays of lengths `k·q·p` and `l·s·r`, finite values.
 * @param f - the factors
 * @param where - caller name for messages
 * @returns `f`
 * @throws {WcError} `E_ARGUMENT` when not an object; `E_DTYPE` when `w1`/`w2` are not
 *   Float32Array/Float64Array; `E_SHAPE` for a wrong length; `E_RANGE` for NaN/Inf; others as
 *   {@link assertMonarchShape}.
 * @example
 * assertFactors(monarchInit(squareShape(16), new Rng(0)), "mine");
 */
export function assertFactors(f: MonarchFactors, where = "monarch"): MonarchFactors {
  if (f === null || typeof f !== "object") throw new WcError("E_ARGUMENT", `${where}: expected MonarchFactors {shape, w1, w2}, got ${String(f)}`);
  const s = assertMonarchShape(f.shape, where);
  for (const [name, arr, n] of [
    ["w1", f.w1, s.k * s.q * s.p],
    ["w2", f.w2, s.l * s.s * s.r],
  ] as const) {
    if (!(arr instanceof Float32Array || arr instanceof Float64Array)) {
      throw new WcError("E_DTYPE", `${where}: factors.${name} must be a Float32Array or Float64Array, got ${Object.prototype.toString.call(arr)}`);
    }
    if (arr.length !== n) {
      throw new WcError("E_SHAPE", `${where}: factors.${name} must hold ${n} values for shape ${JSON.stringify(s)}, got ${arr.length}`);
    }
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]!)) throw new WcError("E_RANGE", `${where}: factors.${name}[${i}] is ${arr[i]}; factors must be finite`);
    }
  }
  return f;
}

/**
 * Random factors as the official `MonarchLinear.reset_parameters`: each factor uniform in
 * `±1/sqrt(F)` with `F` its block's last dimension (`p` for `w1`, `r` for `w2`), which is
 * `kaiming_uniform(a=√5)` on one block.
 * @param s - the shape
 * @param rng - a seeded @wc/tensor `Rng`, or a seed
 * @param options - {@link MonarchInitOptions}; default dtype `"float32"`
 * @returns new factors (`w1` drawn first, then `w2`)
 * @throws {WcError} as {@link assertMonarchShape}; `E_DTYPE` for an unknown dtype.
 * @example
 * const f = monarchInit(squareShape(64), new Rng(0));
 */
export function monarchInit(s: MonarchShape, rng: Rng | number, options: MonarchInitOptions = {}): MonarchFactors {
  assertMonarchShape(s, "monarchInit");
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new WcError("E_DTYPE", `monarchInit: dtype must be "float32" or "float64", got ${String(dtype)}`);
  const g = typeof rng === "number" ? new Rng(rng) : rng;
  const Arr = dtype === "float32" ? Float32Array : Float64Array;
  const draw = (n: number, fanIn: number): Float32Array | Float64Array => {
    const bound = 1 / Math.sqrt(fanIn);
    const out = new Arr(n);
    for (let i = 0; i < n; i++) out[i] = g.uniform(-bound, bound);
    return out;
  };
  const w1 = draw(s.k * s.q * s.p, s.p);
  const w2 = draw(s.l * s.s * s.r, s.r);
  return { shape: s, w1, w2 };
}
