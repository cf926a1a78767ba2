import { WcError } from "@wc/tensor";
import type { BytesInput } from "./byte-source";
import { openSafetensors, type SafetensorsReader } from "./safetensors";
import { StateDict, type TensorEntry } from "./state-dict";

/** A parsed `model.safetensors.index.json`. */
export interface ShardIndex {
  /** The index's `metadata` object (e.g. `total_size`), values as given. */
  metadata: Record<string, unknown>;
  /** Tensor name -> shard file name, in index order. */
  weightMap: Record<string, string>;
}

/**
 * Parses a Hugging Face sharded-checkpoint index (`{"metadata": {...}, "weight_map": {name: file}}`).
 * @throws {WcError} `E_FORMAT` when it is not of that shape or a file name leaves the folder.
 * @example
 * parseShardIndex('{"weight_map": {"w": "model-00001-of-00001.safetensors"}}');
 */
export function parseShardIndex(text: string): ShardIndex {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new WcError("E_FORMAT", `safetensors index: not JSON (${(e as Error).message})`);
  }
  const o = j as Record<string, unknown>;
  if (typeof o !== "object" || o === null || typeof o.weight_map !== "object" || o.weight_map === null) {
    throw new WcError("E_FORMAT", 'safetensors index: expected an object with a "weight_map" object');
  }
  const weightMap: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.weight_map as Record<string, unknown>)) {
    if (typeof v !== "string" || v.includes("/") || v.includes("\\") || v === ".." || v === ".") {
      throw new WcError("E_FORMAT", `safetensors index: shard of "${k}" must be a file name in the same folder, got ${JSON.stringify(v)}`, { name: k });
    }
    weightMap[k] = v;
  }
  const metadata = typeof o.metadata === "object" && o.metadata !== null ? (o.metadata as Record<string, unknown>) : {};
  return { metadata, weightMap };
}

/**
 * A lazily read sharded checkpoint: one {@link SafetensorsReader} per shard, opened on first use.
 */
export class ShardedSafetensorsReader {
  /** The parsed index. */
  readonly index: ShardIndex;
  readonly #open: (file: string) => Promise<BytesInput>;
  readonly #readers = new Map<string, Promise<SafetensorsReader>>();

  /** Use {@link openShardedSafetensors}. */
  constructor(index: ShardIndex, open: (file: string) => Promise<BytesInput>) {
    this.index = index;
    this.#open = open;
  }

  /** Tensor names in index order. */
  names(): string[] {
    return Object.keys(this.index.weightMap);
  }

  /** The reader of one shard file (opened once). */
  shard(file: string): Promise<SafetensorsReader> {
    let r = this.#readers.get(file);
    if (r === undefined) {
      r = this.#open(file).then((input) => openSafetensors(input));
      this.#readers.set(file, r);
    }
    return r;
  }

  /**
   * Reads one tensor from its shard.
   * @throws {WcError} `E_ARGUMENT` for an unknown name; `E_FORMAT` when the shard lacks it.
   */
  async read(name: string): Promise<TensorEntry> {
    const file = this.index.weightMap[name];
    if (file === undefined || !Object.prototype.hasOwnProperty.call(this.index.weightMap, name)) {
      throw new WcError("E_ARGUMENT", `safetensors index: no tensor "${name}"`, { name });
    }
    const r = await this.shard(file);
    if (!r.names().includes(name)) {
      throw new WcError("E_FORMAT", `safetensors index: "${name}" is mapped to ${file} but that shard does not hold it`, { name });
    }
    return r.read(name);
  }

  /** Reads every tensor (or those `filter` keeps) into one StateDict, in index order. */
  async readAll(filter: (name: string) => boolean = () => true): Promise<StateDict> {
    const out: [string, TensorEntry][] = [];
    for (const name of this.names()) if (filter(name)) out.push([name, await this.read(name)]);
    const md: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.index.metadata)) md[k] = typeof v === "string" ? v : JSON.stringify(v);
    return new StateDict(out, md);
  }

  /** Closes every opened shard. */
  async close(): Promise<void> {
    for (const r of this.#readers.values()) await (await r).close();
  }
}

/**
 * Opens a sharded checkpoint from its index text and a function that opens a shard by file name.
 * @example
 * const r = await openShardedSafetensors(indexText, async (f) => fileSource(join(dir, f)));
 */
export async function openShardedSafetensors(
  indexText: string,
  open: (file: string) => Promise<BytesInput>,
): Promise<ShardedSafetensorsReader> {
  return new ShardedSafetensorsReader(parseShardIndex(indexText), open);
}

/** Options for {@link planShards}. */
export interface ShardOptions {
  /** Largest shard in bytes of tensor data; default 5 GiB (5 * 2^30), as `transformers` does. */
  maxShardBytes?: number;
  /** File name stem; default `"model"` (files `model-00001-of-0000N.safetensors`). */
  prefix?: string;
}

/**
 * Splits `sd` into shards in order, each at most `maxShardBytes` of data (a larger tensor gets a
 * shard of its own), and builds the index JSON.
 * @returns the shard files (name and StateDict) and the index text
 * @example
 * const { shards, indexJson } = planShards(sd, { maxShardBytes: 1 << 20 });
 */
export function planShards(sd: StateDict, options: ShardOptions = {}): { shards: { file: string; stateDict: StateDict }[]; indexJson: string } {
  const max = options.maxShardBytes ?? 5 * 2 ** 30;
  const prefix = options.prefix ?? "model";
  if (!(max > 0)) throw new WcError("E_ARGUMENT", `planShards: maxShardBytes must be > 0, got ${max}`);
  const groups: [string, TensorEntry][][] = [[]];
  let cur = 0;
  for (const [k, e] of sd) {
    const last = groups[groups.length - 1]!;
    if (last.length > 0 && cur + e.bytes.byteLength > max) {
      groups.push([]);
      cur = 0;
    }
    groups[groups.length - 1]!.push([k, e]);
    cur += e.bytes.byteLength;
  }
  const n = groups.length;
  const pad = (i: number): string => String(i).padStart(5, "0");
  const weightMap: Record<string, string> = {};
  let total = 0;
  const shards = groups.map((g, i) => {
    const file = `${prefix}-${pad(i + 1)}-of-${pad(n)}.safetensors`;
    for (const [k, e] of g) {
      weightMap[k] = file;
      total += e.bytes.byteLength;
    }
    return { file, stateDict: new StateDict(g, sd.metadata) };
  });
  return { shards, indexJson: JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2) };
}
