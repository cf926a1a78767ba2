import { WcError, contiguous, dtypeOf, type DType, type Tensor, type TensorData } from "@wc/tensor";
import { decodeBf16, decodeF16, encodeBf16, encodeF16, f8e4m3ToNumber, f8e5m2ToNumber } from "./half";

/**
 * On-disk element types, named as safetensors names them. Every reader maps its format's type
 * codes onto these, so one decoder and one encoder serve all formats.
 */
export type IoDType =
  | "F64"
  | "F32"
  | "F16"
  | "BF16"
  | "F8_E4M3"
  | "F8_E5M2"
  | "I64"
  | "I32"
  | "I16"
  | "I8"
  | "U64"
  | "U32"
  | "U16"
  | "U8"
  | "BOOL";

/** Bytes per element of each on-disk dtype. */
export const IO_DTYPE_SIZE: Readonly<Record<IoDType, number>> = Object.freeze({
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
});

/**
 * The in-memory Tensor dtype each on-disk dtype decodes to. Every mapping is exact except
 * I64/U64 beyond +-2^53 (rounded to the nearest float64; the entry keeps the exact bytes).
 */
export const DECODED_DTYPE: Readonly<Record<IoDType, DType>> = Object.freeze({
  F64: "float64",
  F32: "float32",
  F16: "float32",
  BF16: "float32",
  F8_E4M3: "float32",
  F8_E5M2: "float32",
  I64: "float64",
  I32: "int32",
  I16: "int32",
  I8: "int32",
  U64: "float64",
  U32: "float64",
  U16: "int32",
  U8: "uint8",
  BOOL: "uint8",
});

/** True when `s` names an {@link IoDType}. */
export function isIoDType(s: unknown): s is IoDType {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(IO_DTYPE_SIZE, s);
}

/** The on-disk dtype a Tensor is written as by default (its own precision). */
export function defaultIoDType(t: Tensor): IoDType {
  const d = dtypeOf(t);
  return d === "float64" ? "F64" : d === "float32" ? "F32" : d === "int32" ? "I32" : "U8";
}

/** `bytes` itself when its offset is a multiple of `align`, else an aligned copy. */
function aligned(bytes: Uint8Array, align: number): Uint8Array {
  if (bytes.byteOffset % align === 0) return bytes;
  const c = new Uint8Array(bytes.byteLength); // not bytes.slice(): a Node Buffer's slice is a view
  c.set(bytes);
  return c;
}

/**
 * Decodes little-endian bytes of an on-disk dtype into a typed array (see {@link DECODED_DTYPE}).
 * F32/F64/I32/U8 data that is aligned in its buffer is viewed without a copy.
 * @throws {WcError} `E_FORMAT` when the byte length is not a multiple of the element size.
 */
export function decodeBytes(dtype: IoDType, bytes: Uint8Array): TensorData {
  const size = IO_DTYPE_SIZE[dtype];
  if (bytes.byteLength % size !== 0) {
    throw new WcError("E_FORMAT", `decode ${dtype}: ${bytes.byteLength} bytes is not a multiple of ${size}`);
  }
  const n = bytes.byteLength / size;
  switch (dtype) {
    case "F32": {
      const a = aligned(bytes, 4);
      return new Float32Array(a.buffer, a.byteOffset, n);
    }
    case "F64": {
      const a = aligned(bytes, 8);
      return new Float64Array(a.buffer, a.byteOffset, n);
    }
    case "I32": {
      const a = aligned(bytes, 4);
      return new Int32Array(a.buffer, a.byteOffset, n);
    }
    case "U8":
      return bytes;
    case "BOOL": {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = bytes[i] === 0 ? 0 : 1;
      return out;
    }
    case "F16":
    case "BF16": {
      const a = aligned(bytes, 2);
      const u = new Uint16Array(a.buffer, a.byteOffset, n);
      return dtype === "F16" ? decodeF16(u) : decodeBf16(u);
    }
    case "F8_E4M3":
    case "F8_E5M2": {
      const f = dtype === "F8_E4M3" ? f8e4m3ToNumber : f8e5m2ToNumber;
      const lut = new Float32Array(256);
      for (let b = 0; b < 256; b++) lut[b] = f(b);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = lut[bytes[i]!]!;
      return out;
    }
    case "I16":
    case "U16": {
      const a = aligned(bytes, 2);
      const src = dtype === "I16" ? new Int16Array(a.buffer, a.byteOffset, n) : new Uint16Array(a.buffer, a.byteOffset, n);
      return Int32Array.from(src);
    }
    case "I8":
      return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, n));
    case "U32": {
      const a = aligned(bytes, 4);
      return Float64Array.from(new Uint32Array(a.buffer, a.byteOffset, n));
    }
    case "I64":
    case "U64": {
      const a = aligned(bytes, 4);
      const w = new Int32Array(a.buffer, a.byteOffset, 2 * n);
      const out = new Float64Array(n);
      const signed = dtype === "I64";
      for (let i = 0; i < n; i++) {
        const lo = w[2 * i]! >>> 0;
        const hi = signed ? w[2 * i + 1]! : w[2 * i + 1]! >>> 0;
        out[i] = hi * 4294967296 + lo;
      }
      return out;
    }
  }
}

function checkInts(data: ArrayLike<number>, lo: number, hi: number, dtype: IoDType): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new WcError(
        "E_RANGE",
        `encode ${dtype}: element ${i} is ${v}, expected an integer in [${lo}, ${hi}]; round or clip it first, or pick a wider dtype`,
      );
    }
  }
}

/**
 * Encodes a Tensor's values as little-endian bytes of an on-disk dtype (row-major order).
 * Floats round to nearest even; integer dtypes require integral values in range. A contiguous
 * tensor whose typed array already matches (float32 as F32, ...) is viewed without a copy.
 * @throws {WcError} `E_RANGE` for non-integral or out-of-range values of an integer dtype;
 * `E_UNSUPPORTED` for the FP8 dtypes (read-only).
 */
export function encodeTensor(t: Tensor, dtype: IoDType): Uint8Array {
  const c = contiguous(t);
  const src = c.data;
  const n = src.length;
  const view = (a: TensorData): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  switch (dtype) {
    case "F32":
      return view(src instanceof Float32Array ? src : Float32Array.from(src as ArrayLike<number>));
    case "F64":
      return view(src instanceof Float64Array ? src : Float64Array.from(src as ArrayLike<number>));
    case "F16":
    case "BF16": {
      const f = src instanceof Float32Array ? src : Float32Array.from(src as ArrayLike<number>);
      const u = dtype === "F16" ? encodeF16(f) : encodeBf16(f);
      return new Uint8Array(u.buffer);
    }
    case "I32":
      if (src instanceof Int32Array) return view(src);
      checkInts(src, -2147483648, 2147483647, dtype);
      return view(Int32Array.from(src as ArrayLike<number>));
    case "U8":
      if (src instanceof Uint8Array) return src;
      checkInts(src, 0, 255, dtype);
      return Uint8Array.from(src as ArrayLike<number>);
    case "BOOL":
      checkInts(src, 0, 1, dtype);
      return Uint8Array.from(src as ArrayLike<number>);
    case "I16":
      checkInts(src, -32768, 32767, dtype);
      return new Uint8Array(Int16Array.from(src as ArrayLike<number>).buffer);
    case "U16":
      checkInts(src, 0, 65535, dtype);
      return new Uint8Array(Uint16Array.from(src as ArrayLike<number>).buffer);
    case "I8":
      checkInts(src, -128, 127, dtype);
      return new Uint8Array(Int8Array.from(src as ArrayLike<number>).buffer);
    case "U32":
      checkInts(src, 0, 4294967295, dtype);
      return new Uint8Array(Uint32Array.from(src as ArrayLike<number>).buffer);
    case "I64":
    case "U64": {
      const signed = dtype === "I64";
      checkInts(src, signed ? -Number.MAX_SAFE_INTEGER : 0, Number.MAX_SAFE_INTEGER, dtype);
      const out = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        const hi = Math.floor(v / 4294967296);
        out[2 * i] = (v - hi * 4294967296) | 0;
        out[2 * i + 1] = hi | 0;
      }
      return new Uint8Array(out.buffer);
    }
    case "F8_E4M3":
    case "F8_E5M2":
      throw new WcError("E_UNSUPPORTED", `encode ${dtype}: FP8 is read-only; write F16/BF16/F32, or keep the entry's original bytes`);
  }
}
