import { StateDict, TensorEntry, parseSafetensors, serializeSafetensors, type SafetensorsReader } from "@wc/io";
import { WcError, type Tensor } from "@wc/tensor";
import { toF16 } from "./half";
import type { AvdBlock, BitStackLinear } from "./types";

const u8 = (a: Uint16Array | Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Something that reads tensors by name: a parsed `StateDict` or a lazy `SafetensorsReader` (sharded too). */
export interface StackSource {
  names(): string[];
  read?(name: string): Promise<TensorEntry>;
  get?(name: string): TensorEntry | undefined;
}

/**
 * The stack as a @wc/io `StateDict` with the official buffer names: per linear
 * `<name>.qweight_{i}` U8 `[ceil(m n / 8)]`, `<name>.u_{i}` F16 `[m, k]`, `<name>.vt_{i}` F16
 * `[k, n]`, `<name>.bias` F16 when present; `<name>.col_scale` F32 `[n]` only for unfused scales
 * (not in the official format). `extra` (embeddings, norms, head) is appended unchanged.
 * @param layers - the stacks (factors stored as fp16 or float64; float64 is rounded to fp16 here)
 * @param extra - other tensors to store (a StateDict or name -> entry/tensor); default none
 * @param metadata - file metadata; `format: "bitstack"` is added
 * @returns the StateDict
 * @throws {WcError} `E_ARGUMENT` when a name repeats.
 * @example
 * await saveSafetensors("stack.safetensors", stackToStateDict(layers, rest));
 */
export function stackToStateDict(
  layers: readonly BitStackLinear[],
  extra: StateDict | Iterable<readonly [string, TensorEntry]> = [],
  metadata: Record<string, string> = {},
): StateDict {
  const entries: [string, TensorEntry][] = [];
  for (const l of layers) {
    l.blocks.forEach((b, i) => {
      const u = b.u instanceof Uint16Array ? b.u : toF16(b.u);
      const vt = b.vt instanceof Uint16Array ? b.vt : toF16(b.vt);
      entries.push([`${l.name}.qweight_${i}`, new TensorEntry("U8", [b.signs.length], b.signs)]);
      entries.push([`${l.name}.u_${i}`, new TensorEntry("F16", [l.rows, l.k], u8(u))]);
      entries.push([`${l.name}.vt_${i}`, new TensorEntry("F16", [l.k, l.cols], u8(vt))]);
    });
    if (l.bias) entries.push([`${l.name}.bias`, new TensorEntry("F16", [l.bias.length], u8(l.bias))]);
    if (l.colScale) entries.push([`${l.name}.col_scale`, new TensorEntry("F32", [l.colScale.length], u8(l.colScale))]);
  }
  for (const [n, e] of extra) entries.push([n, e]);
  const seen = new Set<string>();
  for (const [n] of entries) {
    if (seen.has(n)) throw new WcError("E_ARGUMENT", `stackToStateDict: tensor "${n}" appears twice`);
    seen.add(n);
  }
  return new StateDict(entries, { ...metadata, format: "bitstack" });
}

/**
 * Serialises a stack to safetensors bytes (see {@link stackToStateDict}).
 * @param layers - the stacks
 * @param extra - other tensors
 * @returns the file bytes
 * @throws {WcError} as {@link stackToStateDict}.
 * @example
 * const bytes = toSafetensors(layers, rest);
 */
export function toSafetensors(layers: readonly BitStackLinear[], extra: StateDict | Iterable<readonly [string, TensorEntry]> = []): Uint8Array {
  return serializeSafetensors(stackToStateDict(layers, extra));
}

/** The linear prefixes of a stack file with their block counts (from the `qweight_{i}` names). */
export function stackLinears(names: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const re = /^(.*)\.qweight_(\d+)$/;
  for (const n of names) {
    const m = re.exec(n);
    if (m) out.set(m[1]!, Math.max(out.get(m[1]!) ?? 0, Number(m[2]) + 1));
  }
  return out;
}

const copyBytes = (e: TensorEntry): Uint8Array => e.bytes.slice();

/**
 * Reads stacks back, loading only the first `counts[name]` blocks of each linear (all when absent),
 * so a lazy reader touches only the bytes a memory budget pays for.
 * @param source - a `StateDict` (e.g. `parseSafetensors(bytes)`) or a lazy reader from `openSafetensorsFile`
 * @param counts - linear name -> blocks to read; default all
 * @returns the linears in file order (not-loaded blocks are absent; `residualNorms` is not stored)
 * @throws {WcError} `E_FORMAT` for missing or mis-shaped buffers; `E_RANGE` for a count above what the file holds.
 * @example
 * const layers = await readStack(await openSafetensorsFile("stack.safetensors"), { "model.layers.0.mlp.up_proj": 3 });
 */
export async function readStack(source: StackSource, counts: Readonly<Record<string, number>> = {}): Promise<BitStackLinear[]> {
  const names = source.names();
  const have = new Set(names);
  const get = async (n: string): Promise<TensorEntry> => {
    if (!have.has(n)) throw new WcError("E_FORMAT", `readStack: missing tensor "${n}"`);
    if (source.get) return source.get(n)!;
    return source.read!(n);
  };
  const out: BitStackLinear[] = [];
  for (const [name, total] of stackLinears(names)) {
    const want = counts[name] ?? total;
    if (!Number.isInteger(want) || want < 0 || want > total) throw new WcError("E_RANGE", `readStack: "${name}" holds ${total} blocks; asked for ${want}`);
    const u0 = await get(`${name}.u_0`);
    const vt0 = await get(`${name}.vt_0`);
    if (u0.shape.length !== 2 || vt0.shape.length !== 2 || u0.dtype !== "F16" || vt0.dtype !== "F16") {
      throw new WcError("E_FORMAT", `readStack: "${name}.u_0"/"vt_0" must be 2-D F16`);
    }
    const [rows, k] = u0.shape as [number, number];
    const cols = vt0.shape[1]!;
    const blocks: AvdBlock[] = [];
    for (let i = 0; i < want; i++) {
      const q = await get(`${name}.qweight_${i}`);
      const u = i === 0 ? u0 : await get(`${name}.u_${i}`);
      const vt = i === 0 ? vt0 : await get(`${name}.vt_${i}`);
      if (q.bytes.length !== Math.ceil((rows * cols) / 8) || u.dtype !== "F16" || vt.dtype !== "F16" || u.size !== rows * k || vt.size !== k * cols) {
        throw new WcError("E_FORMAT", `readStack: block ${i} of "${name}" does not match [${rows}, ${cols}] rank ${k}`);
      }
      blocks.push({ signs: copyBytes(q), u: new Uint16Array(copyBytes(u).buffer), vt: new Uint16Array(copyBytes(vt).buffer) });
    }
    const l: BitStackLinear = { name, rows, cols, k, blocks };
    if (have.has(`${name}.bias`)) l.bias = new Uint16Array(copyBytes(await get(`${name}.bias`)).buffer);
    if (have.has(`${name}.col_scale`)) l.colScale = new Float32Array(copyBytes(await get(`${name}.col_scale`)).buffer);
    out.push(l);
  }
  return out;
}

/**
 * Parses safetensors bytes written by {@link toSafetensors} (synchronous, whole file in memory).
 * @param buf - file bytes
 * @param counts - linear name -> blocks to keep; default all
 * @returns the linears (and the other tensors under `extra`)
 * @throws {WcError} `E_FORMAT` for an invalid file or buffers; `E_RANGE` for a bad count.
 * @example
 * const { layers, extra } = await fromSafetensors(bytes, { "model.layers.0.mlp.up_proj": 2 });
 */
export async function fromSafetensors(buf: Uint8Array, counts: Readonly<Record<string, number>> = {}): Promise<{ layers: BitStackLinear[]; extra: Map<string, Tensor> }> {
  const sd = parseSafetensors(buf);
  const layers = await readStack(sd, counts);
  const prefixes = new Set(layers.map((l) => l.name));
  const re = /^(.*)\.(qweight_\d+|u_\d+|vt_\d+|bias|col_scale)$/;
  const extra = new Map<string, Tensor>();
  for (const n of sd.names()) {
    const m = re.exec(n);
    if (m && prefixes.has(m[1]!)) continue;
    extra.set(n, sd.tensor(n));
  }
  return { layers, extra };
}
