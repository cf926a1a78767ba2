import { WcError } from "@wc/tensor";
import type { MaskMap, Tensor2D } from "./types";

/**
 * Zeroes the pruned weights: returns new tensors whose data are copies with every masked-out entry
 * set to 0; tensors without a mask are returned as they are (same object). Inputs are not modified.
 * @param tensors - named weights
 * @param masks - keep masks by name (1 = keep)
 * @returns the masked tensors, in input order
 * @throws {WcError} `E_ARGUMENT` for a mask naming no tensor; `E_SHAPE` for a mask of the wrong length.
 * @example
 * const pruned = applyMasks(tensors, dimapMasks(tensors, { ratio: 0.5 }).masks);
 */
export function applyMasks(tensors: readonly Tensor2D[], masks: MaskMap): Tensor2D[] {
  const names = new Set(tensors.map((t) => t.name));
  for (const name of masks.keys()) {
    if (!names.has(name)) throw new WcError("E_ARGUMENT", `applyMasks: mask "${name}" matches no tensor; check the names`, { name });
  }
  return tensors.map((t) => {
    const m = masks.get(t.name);
    if (m === undefined) return t;
    if (m.length !== t.data.length) {
      throw new WcError("E_SHAPE", `applyMasks: mask of "${t.name}" has ${m.length} entries, the tensor ${t.data.length} (shape [${t.shape.join(", ")}])`, { name: t.name });
    }
    const data = t.data.slice();
    for (let i = 0; i < data.length; i++) if (!m[i]) data[i] = 0;
    return { ...t, shape: [...t.shape], data };
  });
}
