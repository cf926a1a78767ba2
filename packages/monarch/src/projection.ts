import {
  WcError,
  assertFinite,
  assertFloat,
  assertNdim,
  astype,
  contiguous,
  frobeniusNorm,
  reshape,
  svd,
  type FloatTensor,
  type Tensor,
} from "@wc/tensor";
import type { MonarchFactors } from "./factors";
import { resolveProjectOptions, type ProjectOptions } from "./options";
import { assertMonarchShape, monarchSizes, type MonarchShape } from "./shapes";

/** Result of {@link projectToMonarch}. */
export interface ProjectionResult {
  /** The optimal factors (dtype per options). */
  factors: MonarchFactors;
  /** `||A - M||_F²` = the sum of the discarded squared singular values of every slice. */
  sqError: number;
  /** `sqrt(sqError) / ||A||_F` (0 when `A` is zero). */
  relError: number;
  /** Discarded energy `Σ_{i >= rank} σ_i²` of each slice `(g, a)`, index `g·k + a` (`l·k` entries). */
  sliceTailEnergy: Float64Array;
}

/**
 * The closed-form, globally optimal Frobenius projection of a dense matrix onto the Monarch
 * matrices of a shape (paper Thm. 1 / Alg. 1; spec §3.3). Every slice
 * `A_{g,a}[e][c] = A[e·l + g][a·p + c]` (`s x p`) depends on its own parameters only, so the
 * problem splits into `l·k` truncated SVDs (Eckart–Young) of rank `|T(g,a)|` (see
 * {@link sliceRanks}); each slice's SVD is @wc/tensor's top-k `svd` in float64 and the singular values are
 * split symmetrically (`sqrt(σ)` into each factor). Covers square, general `M^(b,n)` and the
 * rectangular `linearShape` layouts. Factors are unique only up to sign/scale per component:
 * compare products, not factors.
 * @param A - `nOut x nIn` float matrix (`nOut = l·s`, `nIn = k·p`; any strides; not modified)
 * @param shape - the target shape
 * @param options - {@link ProjectOptions}; default `{ dtype: "float64" }`
 * @returns factors, squared and relative error, per-slice discarded energy
 * @throws {WcError} `E_SHAPE` when `A` is not 2-D or not `nOut x nIn`; `E_DTYPE` for integer `A`
 *   or an unknown dtype; `E_RANGE` for NaN/Inf in `A`; others as {@link assertMonarchShape}.
 * @example
 * const { factors, relError } = projectToMonarch(W, squareShape(W.shape[0]));
 */
export function projectToMonarch(A: Tensor, shape: MonarchShape, options: ProjectOptions = {}): ProjectionResult {
  const s = assertMonarchShape(shape, "projectToMonarch");
  const opts = resolveProjectOptions(options);
  assertNdim(A, 2, "projectToMonarch A");
  assertFloat(A, "projectToMonarch A");
  const { nIn, nOut } = monarchSizes(s);
  if (A.shape[0] !== nOut || A.shape[1] !== nIn) {
    throw new WcError(
      "E_SHAPE",
      `projectToMonarch: A must be nOut x nIn = ${nOut} x ${nIn} for shape ${JSON.stringify(s)}, got [${A.shape.join(", ")}]; zero-pad A or pick a shape with linearShape/squareShape`,
    );
  }
  assertFinite(A, "projectToMonarch A");
  const A64 = contiguous(astype(A, "float64")) as FloatTensor;
  // A4[e][g][a][c] = A[e·l + g][a·p + c]; the slice (g, a) is A4[:, g, a, :], an s x p strided view.
  const A4 = reshape(A64, [s.s, s.l, s.k, s.p]);
  const Arr = opts.dtype === "float32" ? Float32Array : Float64Array;
  const w1 = new Arr(s.k * s.q * s.p);
  const w2 = new Arr(s.l * s.s * s.r);
  const tail = new Float64Array(s.l * s.k);
  const members: number[][] = Array.from({ length: s.l }, () => []);
  for (let a = 0; a < s.k; a++) {
    for (const m of members) m.length = 0;
    for (let b = 0; b < s.q; b++) members[(a * s.q + b) % s.l]!.push(b); // T(g, a), ascending
    for (let g = 0; g < s.l; g++) {
      const T = members[g]!;
      const slice = A4.pick(null, g, a, null) as FloatTensor;
      // Only the |T| leading triplets are kept: svd's k computes just those (and the tail energy).
      const used = Math.min(T.length, s.s, s.p);
      const { U, S, Vt, tailEnergy } = svd(slice, { vectors: "thin", k: used });
      const sv = S.data;
      tail[g * s.k + a] = tailEnergy;
      const mn = used;
      for (let i = 0; i < used; i++) {
        const root = Math.sqrt(sv[i]!);
        const b = T[i]!;
        const t = (a * s.q + b - g) / s.l;
        const w1Row = (a * s.q + b) * s.p;
        for (let c = 0; c < s.p; c++) w1[w1Row + c] = root * Vt!.data[i * s.p + c]!;
        for (let e = 0; e < s.s; e++) w2[(g * s.s + e) * s.r + t] = root * U!.data[e * mn + i]!;
      }
    }
  }
  let sqError = 0;
  for (let i = 0; i < tail.length; i++) sqError += tail[i]!;
  const norm = frobeniusNorm(A64);
  return {
    factors: { shape: s, w1, w2 },
    sqError,
    relError: norm > 0 ? Math.sqrt(sqError) / norm : 0,
    sliceTailEnergy: tail,
  };
}
