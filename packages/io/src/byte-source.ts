import { WcError } from "@wc/tensor";

/**
 * Random access to the bytes of a file-like object: the one abstraction the lazy readers use, so
 * the same code reads an in-memory buffer, a browser `Blob`/`File`, or (through `@wc/io/node`) a
 * file handle with positioned reads.
 */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * Reads `length` bytes at `offset`. Callers keep `offset + length <= size`.
   * @returns exactly `length` bytes (may view shared memory; do not modify)
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the underlying handle, if any. */
  close?(): Promise<void>;
}

/** What the readers accept: raw bytes, a Blob/File, or a {@link ByteSource}. */
export type BytesInput = Uint8Array | ArrayBuffer | Blob | ByteSource;

/** `input` as a Uint8Array view (no copy) when it is bytes; undefined otherwise. */
export function asBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return undefined;
}

/**
 * A ByteSource over bytes already in memory; reads are views (no copy).
 * @example
 * const src = bytesSource(new Uint8Array([1, 2, 3]));
 */
export function bytesSource(bytes: Uint8Array | ArrayBuffer): ByteSource {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return {
    size: b.byteLength,
    read: (offset, length) => Promise.resolve(b.subarray(offset, offset + length)),
  };
}

/**
 * A ByteSource over a browser `Blob` or `File` (reads `slice(...).arrayBuffer()` on demand).
 * @example
 * const src = blobSource(fileInput.files[0]);
 */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** Normalises a {@link BytesInput} to a ByteSource. */
export function toByteSource(input: BytesInput): ByteSource {
  const b = asBytes(input);
  if (b !== undefined) return bytesSource(b);
  if (typeof Blob !== "undefined" && input instanceof Blob) return blobSource(input);
  const s = input as ByteSource;
  if (typeof s === "object" && s !== null && typeof s.size === "number" && typeof s.read === "function") return s;
  throw new WcError("E_ARGUMENT", "expected a Uint8Array, ArrayBuffer, Blob or ByteSource");
}

/** Reads a whole input into memory (a view when it already is bytes). */
export async function readAllBytes(input: BytesInput): Promise<Uint8Array> {
  const b = asBytes(input);
  if (b !== undefined) return b;
  const s = toByteSource(input);
  return s.read(0, s.size);
}

/** Wraps any non-WcError thrown by a parser as `E_FORMAT` naming the format. */
export function formatGuard<T>(format: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WcError) throw e;
    throw new WcError("E_FORMAT", `${format}: malformed input (${e instanceof Error ? e.message : String(e)})`);
  }
}
