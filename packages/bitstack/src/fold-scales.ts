import { WcError, assertFloat, assertNdim, copy, tensor, type Matrix } from "@wc/tensor";

/** The op before a scale group: a norm (weight vector) or a linear (weight matrix), with an optional bias. */
export interface ScalePrev {
  /** Norm weight `[C]`, or the previous linear's weight `[rows x in]` whose LAST `C` output rows feed the group. */
  weight: Matrix | Float32Array | Float64Array;
  bias?: Float32Array | Float64Array;
}

/** What {@link foldScales} returns: new tensors, the inputs untouched. */
export interface FoldedScales {
  prev: { weight: Matrix | Float32Array | Float64Array; bias?: Float32Array | Float64Array };
  next: Matrix[];
}

function checkScales(s: ArrayLike<number>): void {
  for (let j = 0; j < s.length; j++) {
    if (!(Number.isFinite(s[j]!) && s[j]! > 0)) throw new WcError("E_RANGE", `foldScales: s[${j}] = ${s[j]}; scales must be positive and finite`);
  }
}

/**
 * Folds activation scales into a scale group (official `apply_scale`, fuse_scales=true): every
 * next linear gets `W[:, j] * s_j`; the previous norm's weight (and bias) are divided by `s`, or,
 * for a previous linear, its last `C = s.length` output rows and bias entries are divided by `s`.
 * The network function is unchanged. Unlike the spec's in-place sketch, returns new tensors.
 * @param prev - the previous op
 * @param next - the linears fed by it (each `out x C`)
 * @param s - `C` positive scales
 * @returns the scaled copies
 * @throws {WcError} `E_SHAPE` when a next linear has not `C` columns, a norm weight is not length `C`,
 *   or a previous linear has fewer than `C` rows; `E_RANGE` for non-positive or non-finite scales.
 * @example
 * const f = foldScales({ weight: normWeight }, [q, k, v], s); // f.next[0] = q diag(s)
 */
export function foldScales(prev: ScalePrev, next: readonly Matrix[], s: Float32Array | Float64Array): FoldedScales {
  const C = s.length;
  checkScales(s);
  const outNext = next.map((W, idx) => {
    assertNdim(W, 2, "foldScales next");
    assertFloat(W, "foldScales next");
    if (W.shape[1] !== C) throw new WcError("E_SHAPE", `foldScales: next[${idx}] has ${W.shape[1]} columns; expected ${C} (the length of s)`);
    const c = copy(W) as Matrix;
    const d = c.data;
    const m = W.shape[0]!;
    for (let i = 0; i < m; i++) for (let j = 0; j < C; j++) d[i * C + j] = d[i * C + j]! * s[j]!;
    return c;
  });
  const w = prev.weight;
  let newW: Matrix | Float32Array | Float64Array;
  let rowOffset = 0;
  if (w instanceof Float32Array || w instanceof Float64Array) {
    if (w.length !== C) throw new WcError("E_SHAPE", `foldScales: the previous norm weight has length ${w.length}; expected ${C}`);
    const o = w.slice();
    for (let j = 0; j < C; j++) o[j] = o[j]! / s[j]!;
    newW = o;
  } else {
    assertNdim(w, 2, "foldScales prev");
    assertFloat(w, "foldScales prev");
    const rows = w.shape[0]!;
    const cols = w.shape[1]!;
    if (rows < C) throw new WcError("E_SHAPE", `foldScales: the previous linear has ${rows} output rows; expected at least ${C}`);
    rowOffset = rows - C;
    const c = copy(w) as Matrix;
    const d = c.data;
    for (let j = 0; j < C; j++) for (let t = 0; t < cols; t++) d[(rowOffset + j) * cols + t] = d[(rowOffset + j) * cols + t]! / s[j]!;
    newW = tensor(d, [rows, cols]) as Matrix;
  }
  const out: FoldedScales = { prev: { weight: newW }, next: outNext };
  if (prev.bias) {
    const b = prev.bias.slice();
    if (b.length < C) throw new WcError("E_SHAPE", `foldScales: the previous bias has length ${b.length}; expected at least ${C}`);
    const off = b.length - C;
    for (let j = 0; j < C; j++) b[off + j] = b[off + j]! / s[j]!;
    out.prev.bias = b;
  }
  return out;
}
