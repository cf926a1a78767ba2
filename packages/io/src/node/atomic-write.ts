import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { WcError } from "@wc/tensor";

/** What {@link writeFileAtomic} writes: one buffer or a (sync or async) sequence of chunks. */
export type WriteData = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Writes a file atomically: the chunks go to a temporary file in the same folder, which is
 * flushed to disk and then renamed over `path`. A failure or crash at any point leaves any
 * previous file at `path` untouched (and the temporary file removed when the process survives).
 * @param path - destination
 * @param data - bytes or chunks (streamed; nothing is concatenated)
 * @throws {WcError} `E_IO` when writing or renaming fails, or when producing a chunk throws (the
 * original error is the `cause`).
 * @example
 * await writeFileAtomic("model.safetensors", safetensorsChunks(sd));
 */
export async function writeFileAtomic(path: string, data: WriteData): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let fh;
  try {
    fh = await open(tmp, "wx");
  } catch (e) {
    throw new WcError("E_IO", `write ${path}: cannot create a temporary file in its folder (${(e as Error).message})`, { path });
  }
  try {
    const chunks = data instanceof Uint8Array ? [data] : data;
    for await (const c of chunks) {
      let done = 0;
      while (done < c.byteLength) {
        const { bytesWritten } = await fh.write(c, done, Math.min(c.byteLength - done, 1 << 28));
        done += bytesWritten;
      }
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
  } catch (e) {
    if (fh !== undefined) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    const msg = e instanceof Error ? e.message : String(e);
    throw new WcError("E_IO", `write ${path}: failed, previous file left intact (${msg})`, { path, cause: e });
  }
}
