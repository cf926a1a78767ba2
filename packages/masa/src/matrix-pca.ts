import { WcError, eigh, matmul, tensor, type Matrix } from "@wc/tensor";
import { checkMatrix, checkPositiveInt, flattenInto } from "./internal";
import type { MatrixPcaResult } from "./types";

/** Options of {@link matrixPCA}. */
export interface MatrixPcaOptions {
  /**
   * Atoms whose Gram eigenvalue is at most `dropTolerance · λ_0` are dropped (the dictionary then has
   * fewer than `S` atoms); default `1e-12` (spec §3.2 step 3).
   */
  dropTolerance?: number;
}

/**
 * Matrix PCA (MASA, Eq. 4): the `S` orthonormal matrix atoms (`<D_i, D_j>_F = δ_ij`) and
 * coefficients `c_ls = <D_s, W_l>_F` that minimise `Σ_l ||W_l - Σ_s c_ls D_s||_F²` over `L`
 * same-shaped matrices, i.e. the uncentred PCA of the stacked `vec(W_l)` (no mean subtraction).
 * Computed through the small `L x L` Gram matrix `G_ij = <W_i, W_j>_F` (Float64) and its symmetric
 * eigendecomposition: `D_s = Σ_i V_is W_i / sqrt(λ_s)`, `c_is = sqrt(λ_s) V_is`.
 *
 * Sign convention: each pair `(D_s, c_·s)` is flipped so that `Σ_l c_ls > 0` (on a tie, so that the
 * first non-zero entry of `D_s` is positive). Atoms are Float64.
 *
 * @param ws - the `L` layer matrices, each `out x in`, all the same shape (float32/float64, any strides; not modified)
 * @param S - number of atoms, `1 <= S <= L`
 * @param options - see {@link MatrixPcaOptions}
 * @returns atoms, `L x S` coefficients, all `L` eigenvalues (descending), squared and relative error, per-layer errors
 * @throws {WcError} `E_ARGUMENT` for an empty list; `E_SHAPE` for non-2-D or mismatched shapes;
 *   `E_DTYPE` for integer tensors; `E_RANGE` for NaN/Inf entries, `S` outside `[1, L]` or a bad `dropTolerance`.
 * @example
 * const { atoms, coeffs, relError } = matrixPCA([fromNested([[1, 0], [0, 1]]), fromNested([[2, 0], [0, 2]])], 1);
 * // atoms[0] = I/√2, coeffs = [√2, 2√2], relError = 0
 */
export function matrixPCA(ws: readonly Matrix[], S: number, options: MatrixPcaOptions = {}): MatrixPcaResult {
  if (!Array.isArray(ws) || ws.length === 0) throw new WcError("E_ARGUMENT", "matrixPCA: expected a non-empty list of layer matrices, got none");
  const L = ws.length;
  checkPositiveInt(S, `matrixPCA: S (atoms) for ${L} layers`, L);
  const tol = options.dropTolerance ?? 1e-12;
  if (!(tol >= 0 && tol < 1)) throw new WcError("E_RANGE", `matrixPCA: dropTolerance must be in [0, 1), got ${tol}`);
  ws.forEach((w, i) => checkMatrix(w, `matrixPCA: layer ${i}`));
  const [out, inn] = ws[0]!.shape as [number, number];
  for (let i = 1; i < L; i++) {
    const [r, c] = ws[i]!.shape as [number, number];
    if (r !== out || c !== inn) {
      throw new WcError("E_SHAPE", `matrixPCA: every layer must be ${out} x ${inn} (layer 0), layer ${i} is ${r} x ${c}`);
    }
  }
  const n = out * inn;
  if (n === 0) throw new WcError("E_SHAPE", `matrixPCA: the layer matrices are empty (${out} x ${inn})`);
  // Stacked vec(W_l) as rows: M is L x n.
  const mData = new Float64Array(L * n);
  ws.forEach((w, i) => flattenInto(w, mData, i * n));
  const M = tensor(mData, [L, n]);
  const G = matmul(M, M, { transB: true });
  const { values, vectors } = eigh(G);
  const V = vectors.data;
  // Descending order.
  const order = Array.from({ length: L }, (_, i) => L - 1 - i);
  const eigenvalues = Float64Array.from(order, (i) => values.data[i]!);
  const lam0 = Math.max(eigenvalues[0]!, 0);
  let kept = 0;
  while (kept < S && eigenvalues[kept]! > tol * lam0 && eigenvalues[kept]! > 0) kept++;
  // K (kept x L): row s = V_{·s} / sqrt(λ_s); atoms = K M.
  const K = new Float64Array(kept * L);
  const coeffs = new Float64Array(L * kept);
  for (let s = 0; s < kept; s++) {
    const col = order[s]!;
    const lam = eigenvalues[s]!;
    const r = Math.sqrt(lam);
    for (let i = 0; i < L; i++) {
      const v = V[i * L + col]!;
      K[s * L + i] = v / r;
      coeffs[i * kept + s] = r * v;
    }
  }
  const atomsFlat = kept > 0 ? (matmul(tensor(K, [kept, L]), M).data as Float64Array) : new Float64Array(0);
  for (let s = 0; s < kept; s++) {
    let sum = 0;
    let abs = 0;
    for (let i = 0; i < L; i++) {
      sum += coeffs[i * kept + s]!;
      abs += Math.abs(coeffs[i * kept + s]!);
    }
    let flip = sum < 0;
    if (Math.abs(sum) <= 1e-12 * abs) {
      let j = s * n;
      while (j < (s + 1) * n && atomsFlat[j] === 0) j++;
      flip = j < (s + 1) * n && atomsFlat[j]! < 0;
    }
    if (flip) {
      for (let i = 0; i < L; i++) coeffs[i * kept + s] = -coeffs[i * kept + s]!;
      for (let j = s * n; j < (s + 1) * n; j++) atomsFlat[j] = -atomsFlat[j]!;
    }
  }
  const atoms: Matrix[] = [];
  for (let s = 0; s < kept; s++) atoms.push(tensor(atomsFlat.slice(s * n, (s + 1) * n), [out, inn]));
  // Errors, computed directly (accurate even when the residual is at rounding level).
  const layerSqError = new Float64Array(L);
  const layerSqNorm = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let e = 0;
    let nn = 0;
    for (let j = 0; j < n; j++) {
      const w = mData[l * n + j]!;
      let r = w;
      for (let s = 0; s < kept; s++) r -= coeffs[l * kept + s]! * atomsFlat[s * n + j]!;
      e += r * r;
      nn += w * w;
    }
    layerSqError[l] = e;
    layerSqNorm[l] = nn;
  }
  const sqError = layerSqError.reduce((a, b) => a + b, 0);
  const total = layerSqNorm.reduce((a, b) => a + b, 0);
  return { atoms, coeffs, eigenvalues, sqError, relError: total > 0 ? Math.sqrt(sqError / total) : 0, layerSqError, layerSqNorm };
}
