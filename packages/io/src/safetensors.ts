import { WcError } from "@wc/tensor";
import { IO_DTYPE_SIZE, isIoDType, type IoDType } from "./dtypes";
import { toByteSource, type ByteSource, type BytesInput } from "./byte-source";
import { topLevelKeys } from "./json-keys";
import { StateDict, TensorEntry } from "./state-dict";

/** Largest header the reference implementation (huggingface/safetensors) accepts: 100 MB. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** One tensor's record in a safetensors header. */
export interface SafetensorsTensorInfo {
  /** Tensor name. */
  name: string;
  /** On-disk dtype. */
  dtype: IoDType;
  /** Extents. */
  shape: number[];
  /** Absolute byte range `[begin, end)` in the file. */
  begin: number;
  end: number;
}

/** A parsed, validated safetensors header. */
export interface SafetensorsHeader {
  /** Tensors in file order (sorted by offset). */
  tensors: SafetensorsTensorInfo[];
  /** `__metadata__` (string values). */
  metadata: Record<string, string>;
  /** Absolute offset of the data section (8 + header length). */
  dataStart: number;
}

function bad(msg: string, name?: string): WcError {
  return new WcError("E_FORMAT", `safetensors: ${msg}`, name === undefined ? undefined : { name });
}

function isExtent(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/**
 * Reads the 8-byte length prefix and returns the header length `n`, checked against the 100 MB
 * cap and the file size.
 * @throws {WcError} `E_FORMAT` when the prefix is invalid.
 */
export function safetensorsHeaderLength(prefix: Uint8Array, fileSize: number): number {
  if (fileSize < 8 || prefix.byteLength < 8) throw bad(`file is ${fileSize} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const hi = dv.getUint32(4, true);
  const n = hi * 4294967296 + dv.getUint32(0, true);
  if (n > SAFETENSORS_MAX_HEADER) throw bad(`header length ${n} exceeds the ${SAFETENSORS_MAX_HEADER}-byte cap`);
  if (8 + n > fileSize) throw bad(`header length ${n} runs past the end of the ${fileSize}-byte file`);
  return n;
}

/**
 * Parses and validates a safetensors header like the reference implementation: UTF-8 JSON object,
 * known dtypes, non-negative shapes, `data_offsets` contiguous from 0, non-overlapping, covering
 * the data section exactly, byte length = itemsize x elements, no duplicate names, string metadata.
 * @param headerBytes - the `n` header bytes (after the 8-byte prefix)
 * @param fileSize - total file size in bytes
 * @throws {WcError} `E_FORMAT` naming the offending tensor.
 */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number): SafetensorsHeader {
  const dataStart = 8 + headerBytes.byteLength;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    throw bad("header is not valid UTF-8");
  }
  if (!text.startsWith("{")) throw bad("header does not start with '{'");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw bad(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw bad("header is not a JSON object");
  const keys = topLevelKeys(text);
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw bad(`duplicate tensor name "${k}"`, k);
    seen.add(k);
  }
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad("__metadata__ is not an object");
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) {
        if (typeof mv !== "string") throw bad(`__metadata__["${mk}"] is not a string`);
        metadata[mk] = mv;
      }
      continue;
    }
    if (typeof v !== "object" || v === null) throw bad(`tensor "${name}" is not an object`, name);
    const { dtype, shape, data_offsets: off } = v as Record<string, unknown>;
    if (!isIoDType(dtype)) throw bad(`tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}`, name);
    if (!Array.isArray(shape) || !shape.every(isExtent)) throw bad(`tensor "${name}" has an invalid shape`, name);
    if (!Array.isArray(off) || off.length !== 2 || !isExtent(off[0]) || !isExtent(off[1]) || off[1] < off[0]) {
      throw bad(`tensor "${name}" has invalid data_offsets ${JSON.stringify(off)}`, name);
    }
    let count = 1;
    for (const s of shape as number[]) {
      count *= s;
      if (!Number.isSafeInteger(count)) throw bad(`tensor "${name}" has too many elements`, name);
    }
    const nbytes = count * IO_DTYPE_SIZE[dtype];
    if (!Number.isSafeInteger(nbytes) || nbytes !== off[1] - off[0]) {
      throw bad(`tensor "${name}": ${dtype} [${(shape as number[]).join(", ")}] needs ${nbytes} bytes, data_offsets span ${off[1] - off[0]}`, name);
    }
    tensors.push({ name, dtype, shape: [...(shape as number[])], begin: dataStart + off[0], end: dataStart + off[1] });
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = dataStart;
  for (const t of tensors) {
    if (t.begin !== pos) throw bad(`tensor "${t.name}" starts at data offset ${t.begin - dataStart}, expected ${pos - dataStart} (offsets must be contiguous and not overlap)`, t.name);
    pos = t.end;
  }
  if (pos !== fileSize) throw bad(`data section is ${fileSize - dataStart} bytes but the tensors cover ${pos - dataStart}`);
  return { tensors, metadata, dataStart };
}

/**
 * A lazily read safetensors file: opening parses only the header; {@link SafetensorsReader.read}
 * fetches one tensor's bytes with a positioned read, so a model larger than memory can be
 * streamed tensor by tensor.
 */
export class SafetensorsReader {
  /** The validated header. */
  readonly header: SafetensorsHeader;
  readonly #source: ByteSource;
  readonly #index: Map<string, SafetensorsTensorInfo>;

  /** Use {@link openSafetensors}. */
  constructor(source: ByteSource, header: SafetensorsHeader) {
    this.#source = source;
    this.header = header;
    this.#index = new Map(header.tensors.map((t) => [t.name, t]));
  }

  /** Tensor names in file order. */
  names(): string[] {
    return this.header.tensors.map((t) => t.name);
  }

  /** `__metadata__`. */
  get metadata(): Record<string, string> {
    return this.header.metadata;
  }

  /**
   * The header record of `name`.
   * @throws {WcError} `E_ARGUMENT` when absent.
   */
  info(name: string): SafetensorsTensorInfo {
    const t = this.#index.get(name);
    if (t === undefined) throw new WcError("E_ARGUMENT", `safetensors: no tensor "${name}" in this file`, { name });
    return t;
  }

  /**
   * Reads one tensor (only its bytes).
   * @throws {WcError} `E_ARGUMENT` for an unknown name; `E_IO` when the source fails.
   */
  async read(name: string): Promise<TensorEntry> {
    const t = this.info(name);
    const bytes = await this.#source.read(t.begin, t.end - t.begin);
    return new TensorEntry(t.dtype, t.shape, bytes);
  }

  /** Reads every tensor (or those `filter` keeps) into a StateDict, in file order. */
  async readAll(filter: (name: string) => boolean = () => true): Promise<StateDict> {
    const out: [string, TensorEntry][] = [];
    for (const t of this.header.tensors) if (filter(t.name)) out.push([t.name, await this.read(t.name)]);
    return new StateDict(out, this.header.metadata);
  }

  /** Closes the source. */
  async close(): Promise<void> {
    await this.#source.close?.();
  }
}

/**
 * Opens a safetensors file lazily: reads and validates the header only.
 * @param input - bytes, a Blob/File, or a ByteSource (`@wc/io/node` has `fileSource(path)`)
 * @throws {WcError} `E_FORMAT` for an invalid header.
 * @example
 * const r = await openSafetensors(bytes);
 * const w = (await r.read("layer.0.weight")).tensor;
 */
export async function openSafetensors(input: BytesInput): Promise<SafetensorsReader> {
  const src = toByteSource(input);
  const n = safetensorsHeaderLength(src.size >= 8 ? await src.read(0, 8) : new Uint8Array(0), src.size);
  const header = parseSafetensorsHeader(await src.read(8, n), src.size);
  return new SafetensorsReader(src, header);
}

/**
 * Parses a whole safetensors file held in memory. Tensors view `bytes` (F32 data aligned in the
 * buffer is used without a copy).
 * @throws {WcError} `E_FORMAT` for an invalid file.
 * @example
 * const sd = parseSafetensors(bytes); sd.tensor("w");
 */
export function parseSafetensors(bytes: Uint8Array): StateDict {
  const n = safetensorsHeaderLength(bytes, bytes.byteLength);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.byteLength);
  return new StateDict(
    header.tensors.map((t) => [t.name, new TensorEntry(t.dtype, t.shape, bytes.subarray(t.begin, t.end))] as const),
    header.metadata,
  );
}

/**
 * The header bytes (8-byte length + JSON padded with spaces so the data starts 8-byte aligned)
 * for `sd` in its order.
 */
export function safetensorsHeaderBytes(sd: StateDict): Uint8Array {
  const obj: Record<string, unknown> = {};
  if (Object.keys(sd.metadata).length > 0) obj.__metadata__ = sd.metadata;
  let pos = 0;
  for (const [name, e] of sd) {
    if (name === "__metadata__") throw new WcError("E_ARGUMENT", 'safetensors: a tensor may not be called "__metadata__"');
    obj[name] = { dtype: e.dtype, shape: e.shape, data_offsets: [pos, pos + e.bytes.byteLength] };
    pos += e.bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(obj));
  const n = Math.ceil((8 + json.byteLength) / 8) * 8 - 8;
  const out = new Uint8Array(8 + n).fill(0x20);
  out.fill(0, 0, 8);
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(json, 8);
  return out;
}

/**
 * The chunks of a safetensors file for `sd`: header, then each tensor's bytes (no copies), for
 * streaming writes.
 * @example
 * for (const chunk of safetensorsChunks(sd)) stream.write(chunk);
 */
export function* safetensorsChunks(sd: StateDict): Generator<Uint8Array> {
  yield safetensorsHeaderBytes(sd);
  for (const [, e] of sd) yield e.bytes;
}

/**
 * A whole safetensors file for `sd` as one buffer.
 * @example
 * const bytes = serializeSafetensors(StateDict.fromTensors({ w }));
 */
export function serializeSafetensors(sd: StateDict): Uint8Array {
  const chunks = [...safetensorsChunks(sd)];
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.byteLength, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.byteLength;
  }
  return out;
}
