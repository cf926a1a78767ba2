export type { IoDType } from "./dtypes";
export { DECODED_DTYPE, IO_DTYPE_SIZE, decodeBytes, encodeTensor, isIoDType } from "./dtypes";
export {
  bf16BitsToNumber,
  f16BitsToNumber,
  f8e4m3ToNumber,
  f8e5m2ToNumber,
  numberToBf16Bits,
  numberToF16Bits,
} from "./half";
export { StateDict, TensorEntry } from "./state-dict";
export type { ConvertOptions, EntryOptions, Layout } from "./state-dict";
export { blobSource, bytesSource, toByteSource } from "./byte-source";
export type { ByteSource, BytesInput } from "./byte-source";
export {
  SAFETENSORS_MAX_HEADER,
  SafetensorsReader,
  openSafetensors,
  parseSafetensors,
  parseSafetensorsHeader,
  safetensorsChunks,
  serializeSafetensors,
} from "./safetensors";
export type { SafetensorsHeader, SafetensorsTensorInfo } from "./safetensors";
export { ShardedSafetensorsReader, openShardedSafetensors, parseShardIndex, planShards } from "./safetensors-sharded";
export type { ShardIndex, ShardOptions } from "./safetensors-sharded";
export { parseNpy, parseNpyHeader, serializeNpy } from "./npy";
export type { NpyHeader } from "./npy";
export { parseNpz, serializeNpz } from "./npz";
export type { NpzOptions } from "./npz";
export { parseOnnx, serializeOnnx, weightFromOutIn, weightOutIn } from "./onnx";
export type { OnnxModel, OnnxReadOptions, OnnxTensorSource } from "./onnx";
export { ONNX_DTYPE } from "./onnx-tensor";
export { ggmlTypeName, parseGguf } from "./gguf";
export type { GgufFile, GgufTensorInfo, GgufValue } from "./gguf";
