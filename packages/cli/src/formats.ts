import { WcError } from "@wc/tensor";
import type { InspectResult, TensorInfo } from "./inspect";

/** Reads the tensor table of a model file (headers only where the format allows). */
export async function readTensorInfos(
  file: string,
): Promise<{ format: InspectResult["format"]; tensors: TensorInfo[]; metadata?: Record<string, unknown> }> {
  throw new WcError("E_UNSUPPORTED", `inspect: no reader for ${file} yet`);
}
