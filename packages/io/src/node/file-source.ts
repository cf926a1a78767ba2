import { open, type FileHandle } from "node:fs/promises";
import { WcError } from "@wc/tensor";
import type { ByteSource } from "../byte-source";

function ioError(what: string, path: string, e: unknown): WcError {
  return new WcError("E_IO", `${what} ${path}: ${e instanceof Error ? e.message : String(e)}`, { path });
}

async function readFully(fh: FileHandle, buf: Uint8Array, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < buf.byteLength) {
    const chunk = Math.min(buf.byteLength - done, 1 << 28);
    const { bytesRead } = await fh.read(buf, done, chunk, position + done);
    if (bytesRead === 0) throw new WcError("E_IO", `read ${path}: file ended ${buf.byteLength - done} bytes early (was it truncated while open?)`, { path });
    done += bytesRead;
  }
}

/**
 * A {@link ByteSource} over a file: positioned reads through one open handle, so lazy readers
 * fetch only the bytes they need. Call `close()` when done.
 * @throws {WcError} `E_IO` when the file cannot be opened or read.
 * @example
 * const r = await openSafetensors(await fileSource("model.safetensors"));
 */
export async function fileSource(path: string): Promise<ByteSource> {
  let fh: FileHandle;
  let size: number;
  try {
    fh = await open(path, "r");
    size = (await fh.stat()).size;
  } catch (e) {
    throw ioError("open", path, e);
  }
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new WcError("E_IO", `read ${path}: range [${offset}, ${offset + length}) outside the ${size}-byte file`, { path });
      }
      const buf = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
      try {
        await readFully(fh, buf, offset, path);
      } catch (e) {
        throw e instanceof WcError ? e : ioError("read", path, e);
      }
      return buf;
    },
    async close(): Promise<void> {
      await fh.close();
    },
  };
}

/**
 * Reads a whole file into one fresh buffer (no zero-fill, large positioned reads).
 * @throws {WcError} `E_IO` when it cannot be read.
 * @example
 * const bytes = await readFileBytes("weights.npy");
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  const src = await fileSource(path);
  try {
    return await src.read(0, src.size);
  } finally {
    await src.close?.();
  }
}
