import { WcError, sizeOf, type Tensor } from "@wc/tensor";
import { IO_DTYPE_SIZE, type IoDType } from "./dtypes";
import { TensorEntry } from "./state-dict";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

const DESCR_TO_IO: Readonly<Record<string, IoDType>> = {
  f8: "F64", f4: "F32", f2: "F16",
  i8: "I64", i4: "I32", i2: "I16", i1: "I8",
  u8: "U64", u4: "U32", u2: "U16", u1: "U8",
  b1: "BOOL",
};

const IO_TO_DESCR: Partial<Record<IoDType, string>> = {
  F64: "<f8", F32: "<f4", F16: "<f2", I64: "<i8", I32: "<i4", I16: "<i2", I8: "|i1",
  U64: "<u8", U32: "<u4", U16: "<u2", U8: "|u1", BOOL: "|b1",
};

/** The parsed header of a `.npy` file. */
export interface NpyHeader {
  /** Format version `[major, minor]` (1.0, 2.0 or 3.0). */
  version: [number, number];
  /** NumPy dtype string, e.g. `"<f4"`. */
  descr: string;
  /** The on-disk dtype it maps to. */
  dtype: IoDType;
  /** True when the data is big-endian (swapped to little-endian on read). */
  bigEndian: boolean;
  /** Column-major data (transposed to row-major on read). */
  fortranOrder: boolean;
  /** Extents. */
  shape: number[];
  /** Byte offset of the data. */
  dataStart: number;
}

function bad(msg: string): WcError {
  return new WcError("E_FORMAT", `npy: ${msg}`);
}

/**
 * Parses a `.npy` header (v1: 2-byte length; v2: 4-byte; v3: 4-byte, UTF-8) and validates the
 * dtype and shape against the bytes present.
 * @throws {WcError} `E_FORMAT` for a malformed header or too little data; `E_UNSUPPORTED` for
 * structured, object, complex or string dtypes.
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.byteLength < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw bad("missing the \\x93NUMPY magic string");
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3) throw bad(`unknown format version ${major}.${minor}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.byteLength < 8 + lenBytes) throw bad("truncated header length");
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + hlen > bytes.byteLength) throw bad(`header length ${hlen} runs past the end of the ${bytes.byteLength}-byte file`);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + hlen));
  const t = text.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) throw bad(`header is not a Python dict literal: ${JSON.stringify(t.slice(0, 80))}`);
  const descrM = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(t);
  const fortM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(t);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(t);
  if (descrM === null) {
    if (/['"]descr['"]\s*:\s*\[/.test(t)) throw new WcError("E_UNSUPPORTED", "npy: structured dtypes are not supported; save plain numeric arrays");
    throw bad("header has no 'descr' string");
  }
  if (fortM === null) throw bad("header has no 'fortran_order'");
  if (shapeM === null) throw bad("header has no 'shape' tuple");
  const descr = descrM[1]!;
  const dm = /^([<>|=]?)([a-zA-Z]\d+)$/.exec(descr);
  const dtype = dm === null ? undefined : DESCR_TO_IO[dm[2]!];
  if (dm === null || dtype === undefined) {
    throw new WcError("E_UNSUPPORTED", `npy: dtype ${JSON.stringify(descr)} is not supported (numeric f2/f4/f8, i1-i8, u1-u8, b1 are)`);
  }
  const bigEndian = dm[1] === ">" && IO_DTYPE_SIZE[dtype] > 1;
  const parts = shapeM[1]!.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const shape: number[] = [];
  for (const p of parts) {
    if (!/^\d+L?$/.test(p)) throw bad(`shape entry ${JSON.stringify(p)} is not a non-negative integer`);
    const v = Number(p.replace("L", ""));
    if (!Number.isSafeInteger(v)) throw bad(`shape entry ${p} is too large`);
    shape.push(v);
  }
  let count = 1;
  for (const s of shape) {
    count *= s;
    if (!Number.isSafeInteger(count)) throw bad(`shape (${shape.join(", ")}) has too many elements`);
  }
  const need = count * IO_DTYPE_SIZE[dtype];
  const dataStart = start + hlen;
  if (!Number.isSafeInteger(need) || dataStart + need > bytes.byteLength) {
    throw bad(`${descr} (${shape.join(", ")}) needs ${need} data bytes, file has ${bytes.byteLength - dataStart}`);
  }
  return { version: [major, minor], descr, dtype, bigEndian, fortranOrder: fortM[1] === "True", shape, dataStart };
}

/** Row-major copy of column-major data, element size `k` bytes. */
function fortranToC(src: Uint8Array, shape: readonly number[], k: number): Uint8Array {
  const nd = shape.length;
  const n = sizeOf(shape);
  const out = new Uint8Array(n * k);
  if (n === 0) return out;
  const fstride: number[] = [];
  let s = 1;
  for (let d = 0; d < nd; d++) {
    fstride.push(s);
    s *= shape[d]!;
  }
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    const p = off * k;
    for (let b = 0; b < k; b++) out[i * k + b] = src[p + b]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += fstride[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= idx[d]! * fstride[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Reads a `.npy` file into a {@link TensorEntry} (row-major, little-endian; Fortran-order and
 * big-endian data are converted). C-order little-endian data is viewed without a copy.
 * @throws {WcError} as {@link parseNpyHeader}.
 * @example
 * const w = parseNpy(bytes).tensor;
 */
export function parseNpy(bytes: Uint8Array): TensorEntry {
  const h = parseNpyHeader(bytes);
  const k = IO_DTYPE_SIZE[h.dtype];
  let data = bytes.subarray(h.dataStart, h.dataStart + sizeOf(h.shape) * k);
  if (h.bigEndian) {
    const sw = new Uint8Array(data.byteLength);
    for (let i = 0; i < data.byteLength; i += k) for (let b = 0; b < k; b++) sw[i + b] = data[i + k - 1 - b]!;
    data = sw;
  }
  if (h.fortranOrder && h.shape.length > 1) data = fortranToC(data, h.shape, k);
  return new TensorEntry(h.dtype, h.shape, data);
}

/**
 * A `.npy` file (format 1.0, or 2.0 when the header needs it; C order, little-endian) for a
 * tensor or entry. The header is padded so the data starts 64-byte aligned, as NumPy does.
 * @throws {WcError} `E_DTYPE` for BF16/FP8 entries (NumPy has no such dtype: convert first).
 * @example
 * const bytes = serializeNpy(tensor(new Float32Array([1, 2]), [2]));
 */
export function serializeNpy(value: Tensor | TensorEntry): Uint8Array {
  const e = value instanceof TensorEntry ? value : TensorEntry.fromTensor(value);
  const descr = IO_TO_DESCR[e.dtype];
  if (descr === undefined) throw new WcError("E_DTYPE", `npy: NumPy has no ${e.dtype} dtype; convert the entry to F32 or F16 first`);
  const shape = e.shape.length === 1 ? `(${e.shape[0]},)` : `(${e.shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  let major = 1;
  let pre = 10;
  if (dict.length + 1 + pre > 65535) {
    major = 2;
    pre = 12;
  }
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - pre - 1, " ") + "\n";
  const head = new TextEncoder().encode(dict);
  const out = new Uint8Array(pre + head.byteLength + e.bytes.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, head.byteLength, true);
  else dv.setUint32(8, head.byteLength, true);
  out.set(head, pre);
  out.set(e.bytes, pre + head.byteLength);
  return out;
}
