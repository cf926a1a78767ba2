import type { Tensor } from "@wc/tensor";
import { parseNpy, serializeNpy } from "../npy";
import { parseNpz, serializeNpz, type NpzOptions } from "../npz";
import type { StateDict, TensorEntry } from "../state-dict";
import { writeFileAtomic } from "./atomic-write";
import { readFileBytes } from "./file-source";

/**
 * Loads a `.npy` file.
 * @throws {WcError} `E_IO` when unreadable; `E_FORMAT`/`E_UNSUPPORTED` as `parseNpy`.
 * @example
 * const w = (await loadNpy("w.npy")).tensor;
 */
export async function loadNpy(path: string): Promise<TensorEntry> {
  return parseNpy(await readFileBytes(path));
}

/**
 * Saves a tensor or entry as `.npy`, atomically.
 * @throws {WcError} `E_IO` when the write fails; `E_DTYPE` for BF16/FP8.
 * @example
 * await saveNpy("w.npy", w);
 */
export async function saveNpy(path: string, value: Tensor | TensorEntry): Promise<void> {
  await writeFileAtomic(path, serializeNpy(value));
}

/**
 * Loads a `.npz` archive.
 * @throws {WcError} `E_IO`, `E_FORMAT` as `parseNpz`.
 * @example
 * const sd = await loadNpz("arrays.npz");
 */
export async function loadNpz(path: string): Promise<StateDict> {
  return parseNpz(await readFileBytes(path));
}

/**
 * Saves tensors as a `.npz` archive, atomically.
 * @throws {WcError} `E_IO` when the write fails; `E_DTYPE` for BF16/FP8.
 * @example
 * await saveNpz("arrays.npz", sd, { compress: true });
 */
export async function saveNpz(path: string, values: StateDict | Record<string, Tensor | TensorEntry>, options: NpzOptions = {}): Promise<void> {
  await writeFileAtomic(path, serializeNpz(values, options));
}
