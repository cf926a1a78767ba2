import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { WcError } from "@wc/tensor";
import { openSafetensors, parseSafetensors, safetensorsChunks, type SafetensorsReader } from "../safetensors";
import { openShardedSafetensors, planShards, type ShardOptions, type ShardedSafetensorsReader } from "../safetensors-sharded";
import type { StateDict } from "../state-dict";
import { writeFileAtomic } from "./atomic-write";
import { fileSource, readFileBytes } from "./file-source";

const isIndex = (p: string): boolean => p.endsWith(".index.json");

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new WcError("E_IO", `read ${path}: ${(e as Error).message}`, { path });
  }
}

/**
 * Opens a `.safetensors` file, or a sharded checkpoint through its `*.index.json`, lazily: only
 * headers are read; tensors are read one at a time on `read(name)`.
 * @throws {WcError} `E_IO` when a file cannot be read; `E_FORMAT` for an invalid header/index.
 * @example
 * const r = await openSafetensorsFile("model.safetensors.index.json");
 * const w = (await r.read("model.layers.0.mlp.down_proj.weight")).tensor;
 * await r.close();
 */
export async function openSafetensorsFile(path: string): Promise<SafetensorsReader | ShardedSafetensorsReader> {
  if (isIndex(path)) {
    const dir = dirname(path);
    return openShardedSafetensors(await readText(path), (file) => fileSource(join(dir, file)));
  }
  const src = await fileSource(path);
  try {
    return await openSafetensors(src);
  } catch (e) {
    await src.close?.();
    throw e;
  }
}

/**
 * Loads a whole `.safetensors` file (one read into one buffer; aligned F32 tensors view it
 * without a copy), or every shard of a `*.index.json` checkpoint.
 * @throws {WcError} `E_IO`, `E_FORMAT` as {@link openSafetensorsFile}.
 * @example
 * const sd = await loadSafetensors("model.safetensors");
 */
export async function loadSafetensors(path: string): Promise<StateDict> {
  if (isIndex(path)) {
    const r = await openSafetensorsFile(path);
    try {
      return await r.readAll();
    } finally {
      await r.close();
    }
  }
  return parseSafetensors(await readFileBytes(path));
}

/**
 * Writes `sd` as a safetensors file, streaming tensor by tensor, atomically.
 * @throws {WcError} `E_IO` when the write fails (any previous file is left intact).
 * @example
 * await saveSafetensors("out.safetensors", sd);
 */
export async function saveSafetensors(path: string, sd: StateDict): Promise<void> {
  await writeFileAtomic(path, safetensorsChunks(sd));
}

/**
 * Writes `sd` as a sharded checkpoint in folder `dir`: shard files and
 * `<prefix>.safetensors.index.json`, each written atomically (the index last).
 * @returns the index file path
 * @example
 * await saveShardedSafetensors("ckpt", sd, { maxShardBytes: 2 ** 30 });
 */
export async function saveShardedSafetensors(dir: string, sd: StateDict, options: ShardOptions = {}): Promise<string> {
  const { shards, indexJson } = planShards(sd, options);
  for (const s of shards) await saveSafetensors(join(dir, s.file), s.stateDict);
  const indexPath = join(dir, `${options.prefix ?? "model"}.safetensors.index.json`);
  await writeFileAtomic(indexPath, new TextEncoder().encode(indexJson));
  return indexPath;
}
