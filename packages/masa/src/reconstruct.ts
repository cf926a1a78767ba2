import { WcError, tensor, type Matrix } from "@wc/tensor";
import { checkMatrix } from "./internal";
import type { Dictionary } from "./types";

/**
 * Rebuilds layer `layer`'s matrix from a dictionary: `Ŵ_l = Σ_s c_ls · D_s` (MASA Eq. 2).
 * @param dict - atoms (`S`, each `out x in`) and `L x S` coefficients
 * @param layer - the layer index, `0 <= layer < L`
 * @returns a new Float64 `out x in` matrix
 * @throws {WcError} `E_ARGUMENT` for no atoms; `E_SHAPE` when atoms differ in shape or `coeffs.length`
 *   is not a multiple of `S`; `E_RANGE` for a layer out of range or NaN/Inf atoms or coefficients.
 * @example
 * reconstruct({ atoms: [eye(2)], coeffs: Float64Array.of(1, 2) }, 1); // 2·I
 */
export function reconstruct(dict: Dictionary, layer: number): Matrix {
  const { atoms, coeffs } = dict;
  if (!Array.isArray(atoms) || atoms.length === 0) throw new WcError("E_ARGUMENT", "reconstruct: the dictionary has no atoms");
  const S = atoms.length;
  if (!(coeffs instanceof Float64Array) || coeffs.length % S !== 0 || coeffs.length === 0) {
    throw new WcError("E_SHAPE", `reconstruct: coeffs must be a Float64Array of L x S (S = ${S}) values, got length ${coeffs?.length}`);
  }
  const L = coeffs.length / S;
  if (!Number.isInteger(layer) || layer < 0 || layer >= L) throw new WcError("E_RANGE", `reconstruct: layer must be an integer in [0, ${L - 1}], got ${layer}`);
  atoms.forEach((a, s) => checkMatrix(a, `reconstruct: atom ${s}`));
  const [out, inn] = atoms[0]!.shape as [number, number];
  const res = new Float64Array(out * inn);
  for (let s = 0; s < S; s++) {
    const a = atoms[s]!;
    if (a.shape[0] !== out || a.shape[1] !== inn) throw new WcError("E_SHAPE", `reconstruct: atom ${s} is ${a.shape.join(" x ")}, atom 0 is ${out} x ${inn}`);
    const c = coeffs[layer * S + s]!;
    if (!Number.isFinite(c)) throw new WcError("E_RANGE", `reconstruct: coefficient (${layer}, ${s}) is ${c}`);
    const [s0, s1] = a.stride as [number, number];
    const d = a.data;
    for (let i = 0; i < out; i++) {
      const o = a.offset + i * s0;
      for (let j = 0; j < inn; j++) res[i * inn + j] += c * d[o + j * s1]!;
    }
  }
  return tensor(res, [out, inn]);
}
