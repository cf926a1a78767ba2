import { WcError } from "@wc/tensor";
import type { IoDType } from "./dtypes";
import { f16BitsToNumber } from "./half";
import { StateDict, TensorEntry } from "./state-dict";

/** A GGUF metadata value (u64/i64 beyond 2^53 as bigint). */
export type GgufValue = number | bigint | boolean | string | GgufValue[];

/** One tensor record of a GGUF file. */
export interface GgufTensorInfo {
  /** Tensor name. */
  name: string;
  /** Row-major shape (GGUF's `ne` reversed: `ne[0]` is the fastest-varying axis). */
  shape: number[];
  /** ggml type code (0 F32, 1 F16, 2 Q4_0, 8 Q8_0, 30 BF16, ...). */
  type: number;
  /** Absolute byte offset of the data. */
  offset: number;
  /** Bytes of data. */
  nbytes: number;
}

/** A parsed GGUF file. */
export interface GgufFile {
  /** Format version (2 or 3). */
  version: number;
  /** Every metadata key-value, in file order. */
  metadata: Record<string, GgufValue>;
  /** Every tensor record, in file order. */
  tensors: GgufTensorInfo[];
  /**
   * Tensors of supported types: F32/F16/BF16/F64/I8/I16/I32/I64 as stored, Q8_0 and Q4_0
   * dequantised to F32. Metadata: the scalar key-values as strings.
   */
  stateDict: StateDict;
  /** Names of tensors of other (quantised) types, not decoded. */
  skipped: string[];
}

/** Element type, block size (elements) and block bytes of the ggml types this reader knows. */
const GGML_TYPES: Readonly<Record<number, { name: string; block: number; bytes: number; io?: IoDType }>> = {
  0: { name: "F32", block: 1, bytes: 4, io: "F32" },
  1: { name: "F16", block: 1, bytes: 2, io: "F16" },
  2: { name: "Q4_0", block: 32, bytes: 18 },
  3: { name: "Q4_1", block: 32, bytes: 20 },
  6: { name: "Q5_0", block: 32, bytes: 22 },
  7: { name: "Q5_1", block: 32, bytes: 24 },
  8: { name: "Q8_0", block: 32, bytes: 34 },
  9: { name: "Q8_1", block: 32, bytes: 36 },
  24: { name: "I8", block: 1, bytes: 1, io: "I8" },
  25: { name: "I16", block: 1, bytes: 2, io: "I16" },
  26: { name: "I32", block: 1, bytes: 4, io: "I32" },
  27: { name: "I64", block: 1, bytes: 8, io: "I64" },
  28: { name: "F64", block: 1, bytes: 8, io: "F64" },
  30: { name: "BF16", block: 1, bytes: 2, io: "BF16" },
};

/**
 * The ggml name of a GGUF tensor type code (`0` -> `"F32"`, `2` -> `"Q4_0"`), or `"type<N>"` for codes
 * this reader does not know.
 * @example
 * ggmlTypeName(8); // "Q8_0"
 */
export function ggmlTypeName(code: number): string {
  return GGML_TYPES[code]?.name ?? `type${code}`;
}

function bad(msg: string): WcError {
  return new WcError("E_FORMAT", `gguf: ${msg}`);
}

class Cursor {
  pos = 0;
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.bytes.byteLength) throw bad(`${what} at byte ${this.pos} runs past the end of the ${this.bytes.byteLength}-byte file`);
  }
  get remaining(): number {
    return this.bytes.byteLength - this.pos;
  }
  u8(): number {
    this.need(1, "u8");
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    this.need(4, "u32");
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(what: string): number {
    const v = this.big(false);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`${what} ${v} is too large`);
    return Number(v);
  }
  big(signed: boolean): bigint {
    this.need(8, "64-bit value");
    const v = signed ? this.dv.getBigInt64(this.pos, true) : this.dv.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  str(): string {
    const n = this.u64("string length");
    this.need(n, "string");
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

/** Minimum encoded size of a value of each GGUF metadata type (bounds array counts). */
const MIN_SIZE: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 8: 8, 9: 12, 10: 8, 11: 8, 12: 8 };

function readValue(c: Cursor, type: number, depth: number): GgufValue {
  const num = (b: bigint): number | bigint => (b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b);
  switch (type) {
    case 0: return c.u8();
    case 1: return (c.u8() << 24) >> 24;
    case 2: c.need(2, "u16"); c.pos += 2; return c.dv.getUint16(c.pos - 2, true);
    case 3: c.need(2, "i16"); c.pos += 2; return c.dv.getInt16(c.pos - 2, true);
    case 4: return c.u32();
    case 5: c.need(4, "i32"); c.pos += 4; return c.dv.getInt32(c.pos - 4, true);
    case 6: c.need(4, "f32"); c.pos += 4; return c.dv.getFloat32(c.pos - 4, true);
    case 7: {
      const b = c.u8();
      if (b > 1) throw bad(`bool value ${b} at byte ${c.pos - 1}`);
      return b === 1;
    }
    case 8: return c.str();
    case 9: {
      if (depth > 4) throw bad("arrays nested deeper than 4 levels");
      const et = c.u32();
      const min = MIN_SIZE[et];
      if (min === undefined) throw bad(`unknown array element type ${et}`);
      const n = c.u64("array length");
      if (n * min > c.remaining) throw bad(`array of ${n} elements cannot fit in the remaining ${c.remaining} bytes`);
      const out: GgufValue[] = [];
      for (let i = 0; i < n; i++) out.push(readValue(c, et, depth + 1));
      return out;
    }
    case 10: return num(c.big(false));
    case 11: return num(c.big(true));
    case 12: c.need(8, "f64"); c.pos += 8; return c.dv.getFloat64(c.pos - 8, true);
    default: throw bad(`unknown metadata value type ${type}`);
  }
}

function dequantize(type: number, src: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const blocks = count / 32;
  for (let b = 0; b < blocks; b++) {
    if (type === 8) {
      const p = b * 34;
      const d = f16BitsToNumber(dv.getUint16(p, true));
      for (let j = 0; j < 32; j++) out[b * 32 + j] = dv.getInt8(p + 2 + j) * d;
    } else {
      const p = b * 18;
      const d = f16BitsToNumber(dv.getUint16(p, true));
      for (let j = 0; j < 16; j++) {
        const q = src[p + 2 + j]!;
        out[b * 32 + j] = ((q & 0x0f) - 8) * d;
        out[b * 32 + j + 16] = ((q >> 4) - 8) * d;
      }
    }
  }
  return out;
}

/**
 * Parses a GGUF file (versions 2 and 3, little-endian): header, metadata key-values, tensor
 * records, and the tensors of types F32, F16, BF16, F64, I8-I64 (as stored) and Q8_0, Q4_0
 * (dequantised to F32 exactly as ggml does: `q * d` and `(q - 8) * d`). Every count and length is
 * checked against the file size before anything is allocated.
 * @throws {WcError} `E_FORMAT` for a malformed file; `E_UNSUPPORTED` for version 1 or big-endian files.
 * @example
 * const g = parseGguf(bytes); g.metadata["general.architecture"]; g.stateDict.tensor("token_embd.weight");
 */
export function parseGguf(bytes: Uint8Array): GgufFile {
  const c = new Cursor(bytes);
  if (c.u32() !== 0x46554747) throw bad('missing the "GGUF" magic');
  const version = c.u32();
  if (version === 1) throw new WcError("E_UNSUPPORTED", "gguf: version 1 files are not supported; convert with a current llama.cpp");
  if (version !== 2 && version !== 3) {
    if (version > 0xffff) throw new WcError("E_UNSUPPORTED", "gguf: big-endian files are not supported");
    throw bad(`unknown version ${version}`);
  }
  const nTensors = c.u64("tensor count");
  const nKv = c.u64("metadata count");
  if (nKv * 13 > c.remaining || nTensors * 24 > c.remaining) throw bad(`${nKv} key-values and ${nTensors} tensors cannot fit in the file`);
  const metadata: Record<string, GgufValue> = {};
  for (let i = 0; i < nKv; i++) {
    const key = c.str();
    if (Object.prototype.hasOwnProperty.call(metadata, key)) throw bad(`duplicate metadata key "${key}"`);
    metadata[key] = readValue(c, c.u32(), 0);
  }
  const alignV = metadata["general.alignment"] ?? 32;
  if (typeof alignV !== "number" || !Number.isInteger(alignV) || alignV <= 0 || (alignV & (alignV - 1)) !== 0) {
    throw bad(`general.alignment must be a power of two, got ${String(alignV)}`);
  }
  const infos: { name: string; shape: number[]; type: number; rel: number }[] = [];
  const names = new Set<string>();
  for (let i = 0; i < nTensors; i++) {
    const name = c.str();
    if (names.has(name)) throw bad(`duplicate tensor name "${name}"`);
    names.add(name);
    const nd = c.u32();
    if (nd > 8) throw bad(`tensor "${name}" has ${nd} dimensions (at most 8)`);
    const ne: number[] = [];
    for (let d = 0; d < nd; d++) ne.push(c.u64(`dimension of "${name}"`));
    const type = c.u32();
    const rel = c.u64(`offset of "${name}"`);
    infos.push({ name, shape: ne.reverse(), type, rel });
  }
  const dataStart = Math.ceil(c.pos / alignV) * alignV;
  const tensors: GgufTensorInfo[] = [];
  const entries: [string, TensorEntry][] = [];
  const skipped: string[] = [];
  for (const t of infos) {
    const tt = GGML_TYPES[t.type];
    if (tt === undefined) throw bad(`tensor "${t.name}" has unknown ggml type ${t.type}`);
    let count = 1;
    for (const s of t.shape) {
      count *= s;
      if (!Number.isSafeInteger(count)) throw bad(`tensor "${t.name}" has too many elements`);
    }
    if (t.shape.length > 0 && t.shape[t.shape.length - 1]! % tt.block !== 0) {
      throw bad(`tensor "${t.name}" (${tt.name}) rows of ${t.shape[t.shape.length - 1]} are not a multiple of the ${tt.block}-element block`);
    }
    const nbytes = (count / tt.block) * tt.bytes;
    const offset = dataStart + t.rel;
    if (t.rel % alignV !== 0) throw bad(`tensor "${t.name}" offset ${t.rel} is not aligned to ${alignV}`);
    if (!Number.isSafeInteger(offset + nbytes) || offset + nbytes > bytes.byteLength) {
      throw bad(`tensor "${t.name}" data [${offset}, ${offset + nbytes}) runs past the end of the ${bytes.byteLength}-byte file`);
    }
    tensors.push({ name: t.name, shape: t.shape, type: t.type, offset, nbytes });
    const data = bytes.subarray(offset, offset + nbytes);
    if (tt.io !== undefined) entries.push([t.name, new TensorEntry(tt.io, t.shape, data)]);
    else if (t.type === 8 || t.type === 2) {
      const f = dequantize(t.type, data, count);
      entries.push([t.name, new TensorEntry("F32", t.shape, new Uint8Array(f.buffer))]);
    } else skipped.push(t.name);
  }
  const md: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) if (!Array.isArray(v)) md[k] = String(v);
  return { version, metadata, tensors, stateDict: new StateDict(entries, md), skipped };
}
