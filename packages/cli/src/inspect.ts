import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTensorInfos } from "./formats";

/** One tensor as stored in a file. */
export interface TensorInfo {
  name: string;
  shape: number[];
  /** On-disk dtype as the format names it, lower-cased (e.g. `f32`, `bf16`, `q4_0`). */
  dtype: string;
  params: number;
  bytes: number;
}

/** What `wcraft inspect` reports for one file. */
export interface InspectResult {
  file: string;
  format: "safetensors" | "onnx" | "npy" | "npz" | "gguf";
  tensors: TensorInfo[];
  params: number;
  bytes: number;
  byDtype: Record<string, { tensors: number; params: number; bytes: number }>;
  metadata?: Record<string, unknown>;
}

/** Inspects model files: tensor names, shapes, dtypes, parameter counts and bytes. */
export async function inspectFiles(files: readonly string[]): Promise<InspectResult[]> {
  const out: InspectResult[] = [];
  for (const file of files) {
    const { format, tensors, metadata } = await readTensorInfos(file);
    const byDtype: InspectResult["byDtype"] = {};
    let params = 0;
    let bytes = 0;
    for (const t of tensors) {
      params += t.params;
      bytes += t.bytes;
      const d = (byDtype[t.dtype] ??= { tensors: 0, params: 0, bytes: 0 });
      d.tensors += 1;
      d.params += t.params;
      d.bytes += t.bytes;
    }
    out.push({ file, format, tensors, params, bytes, byDtype, ...(metadata ? { metadata } : {}) });
  }
  return out;
}

/** Report sections for inspect results (a summary table per file, its dtype totals and the tensors). */
export function inspectSections(results: readonly InspectResult[], maxRows = 2000): ReportSection[] {
  const sections: ReportSection[] = [];
  for (const r of results) {
    sections.push({
      kind: "table",
      title: `${r.file} (${r.format}): ${r.tensors.length} tensors, ${r.params.toLocaleString("en-US")} parameters, ${r.bytes.toLocaleString("en-US")} bytes`,
      columns: ["dtype", "tensors", "parameters", "bytes"],
      rows: Object.entries(r.byDtype).map(([d, v]) => [d, v.tensors, v.params, v.bytes]),
    });
    const rows = r.tensors.slice(0, maxRows).map((t) => [t.name, `[${t.shape.join(", ")}]`, t.dtype, t.params, t.bytes]);
    sections.push({
      kind: "table",
      title: `${r.file}: tensors`,
      columns: ["name", "shape", "dtype", "parameters", "bytes"],
      rows,
      note: r.tensors.length > maxRows ? `first ${maxRows} of ${r.tensors.length} tensors` : undefined,
    });
  }
  return sections;
}

/** `wcraft inspect <file...>`. */
export const inspectCommand = defineCommand({
  name: "inspect",
  summary: "list the tensors of safetensors, ONNX, .npy/.npz and GGUF files",
  description:
    "List tensor names, shapes, dtypes, parameter counts and bytes, with per-dtype totals. A sharded safetensors checkpoint is read through its *.index.json.",
  args: [{ name: "file", help: "model files", variadic: true, required: true }],
  options: [],
  async run(ctx): Promise<RunResult> {
    const results = await inspectFiles(ctx.args);
    return { json: results, sections: inspectSections(results) };
  },
});
