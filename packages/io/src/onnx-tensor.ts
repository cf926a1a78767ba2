import { WcError } from "@wc/tensor";
import { IO_DTYPE_SIZE, type IoDType } from "./dtypes";

/** ONNX `TensorProto.DataType` codes that map onto an {@link IoDType}. */
export const ONNX_DTYPE: Readonly<Record<number, IoDType>> = Object.freeze({
  1: "F32", 2: "U8", 3: "I8", 4: "U16", 5: "I16", 6: "I32", 7: "I64", 9: "BOOL", 10: "F16", 11: "F64",
  12: "U32", 13: "U64", 16: "BF16", 17: "F8_E4M3", 19: "F8_E5M2",
});

/** A protobufjs int64 value (long.js `Long`, or a number when small). */
interface LongLike {
  low: number;
  high: number;
}
type Int64 = LongLike | number;

/** The fields of a decoded `onnx.TensorProto` that @wc/io reads and writes. */
export interface TensorProtoLike {
  name?: string;
  dims: Int64[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data: number[];
  int32_data: number[];
  int64_data: Int64[];
  double_data: number[];
  uint64_data: Int64[];
  string_data: Uint8Array[];
  external_data: { key?: string; value?: string }[];
  data_location?: number;
}

/** An int64 protobuf value as a JS number, `E_FORMAT` when not a safe integer. */
export function int64ToNumber(v: Int64, what: string): number {
  const n = typeof v === "number" ? v : v.high * 4294967296 + (v.low >>> 0);
  if (!Number.isSafeInteger(n)) throw new WcError("E_FORMAT", `onnx: ${what} ${n} is not a safe integer`);
  return n;
}

/** Shape of a TensorProto, validated (non-negative, element count a safe integer). */
export function protoShape(t: TensorProtoLike, name: string): number[] {
  const shape = t.dims.map((d) => int64ToNumber(d, `dimension of ${name}`));
  let count = 1;
  for (const s of shape) {
    if (s < 0) throw new WcError("E_FORMAT", `onnx: tensor "${name}" has negative dimension ${s}`, { name });
    count *= s;
    if (!Number.isSafeInteger(count)) throw new WcError("E_FORMAT", `onnx: tensor "${name}" has too many elements`, { name });
  }
  return shape;
}

/** Where an external-data tensor lives (`location`, `offset`, `length` keys). */
export interface ExternalRef {
  location: string;
  offset: number;
  length: number | undefined;
}

/** The external-data reference of a tensor, or undefined when its data is inline. */
export function externalRef(t: TensorProtoLike, name: string): ExternalRef | undefined {
  if (t.data_location !== 1) return undefined;
  const kv = new Map(t.external_data.map((e) => [e.key ?? "", e.value ?? ""]));
  const location = kv.get("location");
  if (location === undefined || location === "") throw new WcError("E_FORMAT", `onnx: external tensor "${name}" has no location`, { name });
  const num = (k: string): number | undefined => {
    const s = kv.get(k);
    if (s === undefined) return undefined;
    const v = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(v)) throw new WcError("E_FORMAT", `onnx: external tensor "${name}" has ${k}=${s}`, { name });
    return v;
  };
  return { location, offset: num("offset") ?? 0, length: num("length") };
}

/**
 * The little-endian bytes of a TensorProto's data from `raw_data` or the typed field the ONNX
 * spec assigns to its dtype (`float_data`, `int32_data` for <= 32-bit ints, bool and 16/8-bit
 * float bit patterns, `int64_data`, `double_data`, `uint64_data`).
 * @throws {WcError} `E_FORMAT` when the data length does not match the shape.
 */
export function protoBytes(t: TensorProtoLike, dtype: IoDType, count: number, name: string): Uint8Array {
  const size = IO_DTYPE_SIZE[dtype];
  const raw = t.raw_data;
  const mismatch = (have: number, unit: string): WcError =>
    new WcError("E_FORMAT", `onnx: tensor "${name}" (${dtype}, ${count} elements) has ${have} ${unit}`, { name });
  if (raw !== undefined && raw.byteLength > 0) {
    if (raw.byteLength !== count * size) throw mismatch(raw.byteLength, "raw_data bytes");
    return raw;
  }
  if (count === 0) return new Uint8Array(0);
  const out = new Uint8Array(count * size);
  const dv = new DataView(out.buffer);
  const check = (len: number, field: string): void => {
    if (len !== count) throw mismatch(len, `${field} values`);
  };
  switch (dtype) {
    case "F32":
      check(t.float_data.length, "float_data");
      for (let i = 0; i < count; i++) dv.setFloat32(4 * i, t.float_data[i]!, true);
      return out;
    case "F64":
      check(t.double_data.length, "double_data");
      for (let i = 0; i < count; i++) dv.setFloat64(8 * i, t.double_data[i]!, true);
      return out;
    case "I64":
    case "U32":
    case "U64": {
      const src = dtype === "I64" ? t.int64_data : t.uint64_data;
      check(src.length, dtype === "I64" ? "int64_data" : "uint64_data");
      for (let i = 0; i < count; i++) {
        const v = src[i]!;
        const lo = typeof v === "number" ? v % 4294967296 >>> 0 : v.low >>> 0;
        const hi = typeof v === "number" ? Math.floor(v / 4294967296) | 0 : v.high | 0;
        if (dtype === "U32") dv.setUint32(4 * i, lo, true);
        else {
          dv.setUint32(8 * i, lo, true);
          dv.setInt32(8 * i + 4, hi, true);
        }
      }
      return out;
    }
    default: {
      check(t.int32_data.length, "int32_data");
      for (let i = 0; i < count; i++) {
        const v = t.int32_data[i]!;
        if (size === 4) dv.setInt32(4 * i, v, true);
        else if (size === 2) dv.setUint16(2 * i, v & 0xffff, true);
        else out[i] = v & 0xff;
      }
      return out;
    }
  }
}
