import { TensorEntry, type StateDict } from "@wc/io";
import { WcError, tensor, type FloatArray } from "@wc/tensor";
import { classifySwinParam } from "./classify";
import type { Classifier, MaskMap, Tensor2D } from "./types";

const FLOAT = new Set(["F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2"]);

/**
 * The weights of a @wc/io `StateDict` that `classify` maps to a module, as {@link Tensor2D}s
 * (decoded to float32/float64; F16/BF16/FP8 decode to float32; ONNX layout kept).
 * @param sd - the state dict (not modified)
 * @param options - `classify`: default {@link classifySwinParam}
 * @returns the classified float tensors, in file order
 * @throws {WcError} `E_DTYPE` when a classified tensor is not floating point.
 * @example
 * const tensors = tensorsFromStateDict(await loadSafetensors("swin.safetensors"));
 */
export function tensorsFromStateDict(sd: StateDict, options: { classify?: Classifier } = {}): Tensor2D[] {
  const classify = options.classify ?? classifySwinParam;
  const out: Tensor2D[] = [];
  for (const [name, entry] of sd) {
    if (classify(name) === null) continue;
    if (!FLOAT.has(entry.dtype)) {
      throw new WcError("E_DTYPE", `tensorsFromStateDict: "${name}" is classified as a weight but stored as ${entry.dtype}; expected a floating-point dtype`, { name });
    }
    const t = entry.tensor;
    out.push({ name, data: t.data as FloatArray, shape: [...entry.shape], ...(entry.layout ? { layout: entry.layout } : {}) });
  }
  return out;
}

/**
 * A new `StateDict` with the masked weights zeroed, each stored in its original dtype and layout
 * (zero is exact in every float format); all other entries and the metadata are kept bit for bit.
 * @param sd - the source (not modified)
 * @param masks - keep masks by name (1 = keep)
 * @returns the masked state dict
 * @throws {WcError} `E_ARGUMENT` for a mask naming no entry; `E_SHAPE` for a mask of the wrong length.
 * @example
 * await saveSafetensors("pruned.safetensors", maskStateDict(sd, dimapMasks(tensorsFromStateDict(sd), { ratio: 0.5 }).masks));
 */
export function maskStateDict(sd: StateDict, masks: MaskMap): StateDict {
  let out = sd;
  for (const [name, m] of masks) {
    const entry = sd.get(name);
    if (entry === undefined) throw new WcError("E_ARGUMENT", `maskStateDict: mask "${name}" matches no tensor of the state dict`, { name });
    if (m.length !== entry.size) throw new WcError("E_SHAPE", `maskStateDict: mask of "${name}" has ${m.length} entries, the tensor ${entry.size}`, { name });
    out = out.with(name, maskedEntry(entry, m));
  }
  return out;
}

/** Internal: the entry with masked-out values set to 0, re-encoded in its own dtype. */
export function maskedEntry(entry: TensorEntry, m: Uint8Array): TensorEntry {
  const src = entry.tensor.data as FloatArray;
  const data = src.slice();
  for (let i = 0; i < data.length; i++) if (!m[i]) data[i] = 0;
  return TensorEntry.fromTensor(tensor(data, [...entry.shape]), { dtype: entry.dtype, ...(entry.layout ? { layout: entry.layout } : {}) });
}
