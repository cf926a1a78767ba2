import { WcError, assertFinite, assertFloat, assertNdim, copy, matmul, randomizedSvd, svd, tensor, type Matrix, type Tensor } from "@wc/tensor";
import { toF16 } from "./half";
import { resolveDecomposeOptions, type DecomposeOptions } from "./options";
import type { AvdBlock, BitStackLinear } from "./types";

/** Top-`k` magnitude factors `u = U_k sqrt(S_k)`, `vt = sqrt(S_k) Vt_k` of the non-negative `|R|`. */
function magnitudeFactors(absR: Matrix, m: number, n: number, k: number, o: ReturnType<typeof resolveDecomposeOptions>, iter: number): { u: Float64Array; vt: Float64Array } {
  const r = o.svd === "exact" ? svd(absR, { vectors: "thin", k: Math.min(k, m, n) }) : randomizedSvd(absR, k, { oversample: o.oversample, powerIters: o.powerIters, seed: o.seed + iter });
  const U = copy(r.U!, { dtype: "float64" }).data as Float64Array;
  const Vt = copy(r.Vt!, { dtype: "float64" }).data as Float64Array;
  const S = r.S.data;
  const uCols = r.U!.shape[1]!;
  const u = new Float64Array(m * k);
  const vt = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    const sq = Math.sqrt(S[c]!);
    for (let i = 0; i < m; i++) u[i * k + c] = U[i * uCols + c]! * sq;
    for (let j = 0; j < n; j++) vt[c * n + j] = Vt[c * n + j]! * sq;
  }
  return { u, vt };
}

/**
 * BitStack's absolute-value decomposition (official `BitStackLinear.decompose_weight`) of one
 * weight `W` (`rows x cols`, PyTorch `out x in`). Starting from `R_0 = W diag(s)` (or `W`), each of
 * `nIter` steps takes the signs `S_i = sign(R_i)` (sign(0) := +1), the best rank-`k` approximation
 * `u_i vt_i` of `|R_i|` by SVD (`u_i = U_k sqrt(S_k)`, `vt_i = sqrt(S_k) Vt_k`), and subtracts the
 * block `S_i ⊙ (u_i vt_i)`. Float64 throughout; the residual uses the unrounded factors, the stored
 * ones are rounded to fp16 afterwards (as the official code), unless `storeFp16` is false.
 *
 * @param W - `rows x cols` float weight (any strides; not modified)
 * @param options - {@link DecomposeOptions}; defaults `{ nIter: 16, k: 16, svd: "exact", storeFp16: true }`
 * @returns the stack, with the residual norms `||R_t||_F` for `t = 0..nIter`
 * @throws {WcError} `E_SHAPE` if `W` is not 2-D or empty; `E_DTYPE` for integer input; `E_RANGE` for
 *   NaN/Inf entries or bad options (see `resolveDecomposeOptions`).
 * @example
 * const l = decomposeMatrix(W, { nIter: 8, k: 4 });
 * const W4 = reconstruct(l, 4); // the first four blocks
 */
export function decomposeMatrix(W: Tensor, options: DecomposeOptions = {}): BitStackLinear {
  assertNdim(W, 2, "decomposeMatrix");
  assertFloat(W, "decomposeMatrix");
  const m = W.shape[0]!;
  const n = W.shape[1]!;
  if (m === 0 || n === 0) throw new WcError("E_SHAPE", `decomposeMatrix: expected a non-empty matrix, got [${m}, ${n}]`);
  assertFinite(W, "decomposeMatrix");
  const o = resolveDecomposeOptions(m, n, options);
  const { k } = o;
  const R = copy(W, { dtype: "float64" }).data as Float64Array;
  if (o.colScale) {
    const s = o.colScale;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) R[i * n + j] = R[i * n + j]! * s[j]!;
  }
  const norm = (): number => {
    let t = 0;
    for (let i = 0; i < R.length; i++) t += R[i]! * R[i]!;
    return Math.sqrt(t);
  };
  const residualNorms = [norm()];
  const blocks: AvdBlock[] = [];
  const absR = new Float64Array(m * n);
  const signs = new Uint8Array(Math.ceil((m * n) / 8));
  for (let it = 0; it < o.nIter; it++) {
    const packed = signs.slice().fill(0);
    for (let i = 0; i < R.length; i++) {
      const r = R[i]!;
      if (r >= 0) {
        packed[i >> 3] |= 128 >> (i & 7);
        absR[i] = r;
      } else absR[i] = -r;
    }
    const { u, vt } = magnitudeFactors(tensor(absR, [m, n]), m, n, k, o, it);
    const P = matmul(tensor(u, [m, k]), tensor(vt, [k, n])).data as Float64Array;
    for (let i = 0; i < R.length; i++) R[i] = packed[i >> 3]! & (128 >> (i & 7)) ? R[i]! - P[i]! : R[i]! + P[i]!;
    residualNorms.push(norm());
    blocks.push(o.storeFp16 ? { signs: packed, u: toF16(u), vt: toF16(vt) } : { signs: packed, u, vt });
  }
  const out: BitStackLinear = { name: o.name, rows: m, cols: n, k, blocks, residualNorms };
  if (o.colScale) out.colScale = Float32Array.from(o.colScale);
  return out;
}
