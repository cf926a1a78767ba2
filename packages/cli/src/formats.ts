import { ggmlTypeName, IO_DTYPE_SIZE, ShardedSafetensorsReader, type StateDict } from "@wc/io";
import { loadGguf, loadNpy, loadNpz, loadOnnx, openSafetensorsFile } from "@wc/io/node";
import { WcError } from "@wc/tensor";
import type { InspectResult, TensorInfo } from "./inspect";

type Format = InspectResult["format"];

/** The format of a model file, from its name. */
export function formatOf(file: string): Format {
  const f = file.toLowerCase();
  if (f.endsWith(".safetensors") || f.endsWith(".safetensors.index.json")) return "safetensors";
  if (f.endsWith(".onnx")) return "onnx";
  if (f.endsWith(".npy")) return "npy";
  if (f.endsWith(".npz")) return "npz";
  if (f.endsWith(".gguf")) return "gguf";
  throw new WcError(
    "E_FORMAT",
    `inspect: cannot tell the format of ${file}; expected a name ending in .safetensors, .safetensors.index.json, .onnx, .npy, .npz or .gguf`,
  );
}

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const lower = (d: string): string => d.toLowerCase();

function fromStateDict(sd: StateDict): TensorInfo[] {
  return sd.names().map((name) => {
    const e = sd.get(name)!;
    return { name, shape: [...e.shape], dtype: lower(e.dtype), params: e.size, bytes: e.bytes.byteLength };
  });
}

/**
 * Reads the tensor table of a model file. Safetensors (single or sharded) reads headers only;
 * ONNX, NumPy and GGUF files are parsed whole.
 * @throws {WcError} `E_FORMAT` for an unknown extension or a corrupt file; `E_IO` when unreadable.
 */
export async function readTensorInfos(
  file: string,
): Promise<{ format: Format; tensors: TensorInfo[]; metadata?: Record<string, unknown> }> {
  const format = formatOf(file);
  switch (format) {
    case "safetensors": {
      const r = await openSafetensorsFile(file);
      try {
        const tensors: TensorInfo[] = [];
        if (r instanceof ShardedSafetensorsReader) {
          for (const name of r.names()) {
            const t = (await r.shard(r.index.weightMap[name]!)).info(name);
            tensors.push({ name, shape: [...t.shape], dtype: lower(t.dtype), params: count(t.shape), bytes: count(t.shape) * IO_DTYPE_SIZE[t.dtype] });
          }
          return { format, tensors, metadata: r.index.metadata };
        }
        for (const name of r.names()) {
          const t = r.info(name);
          tensors.push({ name, shape: [...t.shape], dtype: lower(t.dtype), params: count(t.shape), bytes: count(t.shape) * IO_DTYPE_SIZE[t.dtype] });
        }
        return { format, tensors, metadata: r.metadata };
      } finally {
        await r.close();
      }
    }
    case "onnx": {
      const m = await loadOnnx(file);
      return { format, tensors: fromStateDict(m.stateDict), ...(m.skipped.length ? { metadata: { skipped: m.skipped } } : {}) };
    }
    case "npy": {
      const e = await loadNpy(file);
      return { format, tensors: [{ name: "(array)", shape: [...e.shape], dtype: lower(e.dtype), params: e.size, bytes: e.bytes.byteLength }] };
    }
    case "npz":
      return { format, tensors: fromStateDict(await loadNpz(file)) };
    case "gguf": {
      const g = await loadGguf(file);
      const tensors = g.tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: lower(ggmlTypeName(t.type)), params: count(t.shape), bytes: t.nbytes }));
      const metadata: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g.metadata)) {
        if (typeof v === "bigint") metadata[k] = v.toString();
        else if (typeof v !== "object" || v === null) metadata[k] = v;
      }
      return { format, tensors, metadata };
    }
  }
}
