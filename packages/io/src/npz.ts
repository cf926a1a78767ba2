import { unzipSync, zipSync, type Zippable } from "fflate";
import { WcError, type Tensor } from "@wc/tensor";
import { parseNpy, serializeNpy } from "./npy";
import { StateDict, TensorEntry } from "./state-dict";

/** Deflate cannot expand data more than ~1032:1; larger claims are rejected before inflating. */
const MAX_DEFLATE_RATIO = 1040;

/**
 * Reads a NumPy `.npz` archive (stored or deflated zip of `.npy` members) into a StateDict named
 * by member (without `.npy`), in archive order. Declared sizes are checked against the archive
 * before anything is inflated, so a forged size cannot trigger a huge allocation.
 * @throws {WcError} `E_FORMAT` for a malformed zip or member; `E_UNSUPPORTED` as `parseNpy`.
 * @example
 * const sd = parseNpz(bytes); sd.tensor("a");
 */
export function parseNpz(bytes: Uint8Array): StateDict {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.compression === 0 && f.originalSize !== f.size) {
          throw new WcError("E_FORMAT", `npz: stored member ${f.name} declares ${f.originalSize} bytes but holds ${f.size}`);
        }
        if (f.compression === 8 && f.originalSize > f.size * MAX_DEFLATE_RATIO + 1024) {
          throw new WcError("E_FORMAT", `npz: member ${f.name} claims ${f.originalSize} bytes from ${f.size} compressed`);
        }
        if (f.originalSize > bytes.byteLength * MAX_DEFLATE_RATIO + 1024) {
          throw new WcError("E_FORMAT", `npz: member ${f.name} claims ${f.originalSize} bytes, impossible for this archive`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof WcError) throw e;
    throw new WcError("E_FORMAT", `npz: not a readable zip archive (${(e as Error).message})`);
  }
  const out: [string, TensorEntry][] = [];
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith("/")) continue;
    const key = name.endsWith(".npy") ? name.slice(0, -4) : name;
    try {
      out.push([key, parseNpy(data)]);
    } catch (e) {
      if (e instanceof WcError) throw new WcError(e.code, `npz member ${name}: ${e.message}`, { name });
      throw e;
    }
  }
  return new StateDict(out);
}

/** Options for {@link serializeNpz}. */
export interface NpzOptions {
  /** Deflate members like `np.savez_compressed`; default `false` (stored, like `np.savez`). */
  compress?: boolean;
}

/**
 * A `.npz` archive of `.npy` members (one per tensor, `<name>.npy`), readable by `np.load`.
 * Member timestamps are fixed (1980-01-01) so equal inputs give equal bytes.
 * @throws {WcError} `E_DTYPE` for BF16/FP8 entries (see `serializeNpy`).
 * @example
 * const bytes = serializeNpz({ a: t1, b: t2 }, { compress: true });
 */
export function serializeNpz(values: StateDict | Record<string, Tensor | TensorEntry>, options: NpzOptions = {}): Uint8Array {
  const level = options.compress === true ? 6 : 0;
  const files: Zippable = {};
  const pairs = values instanceof StateDict ? [...values] : Object.entries(values);
  for (const [k, v] of pairs) files[`${k}.npy`] = [serializeNpy(v), { level }];
  return zipSync(files, { mtime: new Date(1980, 0, 1, 0, 0, 0) });
}
