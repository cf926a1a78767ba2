export { WcError, isWcError } from "./errors";
export type { WcErrorCode } from "./errors";
export { ARRAY_TYPES, dtypeOf, sizeOf } from "./types";
export type { DType, FloatArray, FloatDType, FloatTensor, Matrix, Shape, Tensor, TensorData } from "./types";
export {
  allocate,
  arange,
  astype,
  contiguous,
  copy,
  eye,
  fromNested,
  full,
  isContiguous,
  linspace,
  ones,
  reshape,
  rowMajorStrides,
  slice,
  tensor,
  toNested,
  transpose,
  zeros,
} from "./create";
export type { CreateOptions, Nested } from "./create";
export {
  assertDType,
  assertFinite,
  assertFloat,
  assertInt,
  assertNdim,
  assertNumber,
  assertSameShape,
  assertShape,
} from "./validate";
export * from "./gemm/index";
export * from "./ops/index";
export * from "./rng/index";
export * from "./linalg/index";
