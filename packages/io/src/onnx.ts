import protobuf from "protobufjs";
import { WcError, transpose, contiguous, type Tensor } from "@wc/tensor";
import { ONNX_PROTO } from "./onnx-schema";
import { ONNX_DTYPE, externalRef, protoBytes, protoShape, type TensorProtoLike } from "./onnx-tensor";
import { IO_DTYPE_SIZE } from "./dtypes";
import { StateDict, TensorEntry, type Layout } from "./state-dict";

let modelType: protobuf.Type | undefined;

/** The `onnx.ModelProto` type, parsed from the schema on first use (no work at import). */
function ModelProto(): protobuf.Type {
  if (modelType === undefined) modelType = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType("onnx.ModelProto");
  return modelType;
}

/* Decoded protobuf shapes used here (protobufjs gives plain message objects). */
interface AttributeLike {
  name?: string;
  t?: TensorProtoLike | null;
  g?: GraphLike | null;
  graphs: GraphLike[];
  i?: unknown;
}
interface NodeLike {
  op_type?: string;
  input: string[];
  output: string[];
  attribute: AttributeLike[];
}
interface GraphLike {
  node: NodeLike[];
  initializer: TensorProtoLike[];
}
interface ModelLike {
  graph?: GraphLike | null;
  producer_name?: string;
  producer_version?: string;
  ir_version?: unknown;
}

/** Where a tensor of an ONNX model is stored. */
export interface OnnxTensorSource {
  /** `"initializer"` (graph initializer) or `"constant"` (the `value` of a `Constant` node). */
  kind: "initializer" | "constant";
  /** The external file (relative to the model) when its data is stored outside the model. */
  external?: string;
}

/** Options for {@link parseOnnx}. */
export interface OnnxReadOptions {
  /**
   * Returns the bytes of an external-data tensor: file `location` (relative to the model),
   * `offset`, and `length` (undefined: to the end of the file). Default: none, so models with
   * external data throw `E_UNSUPPORTED` (`loadOnnx` in `@wc/io/node` supplies a file reader).
   */
  externalData?: (location: string, offset: number, length: number | undefined) => Uint8Array;
}

/** A decoded ONNX model: its tensors as a StateDict, plus what is needed to write it back. */
export interface OnnxModel {
  /** Every initializer and Constant-node tensor of supported dtype, in graph order. */
  stateDict: StateDict;
  /** Where each tensor came from. */
  sources: ReadonlyMap<string, OnnxTensorSource>;
  /** Names of tensors skipped for their dtype (string, complex, 4-bit, FNUZ floats). */
  skipped: string[];
  /** The original file bytes (the writer decodes them afresh, so the model is never mutated). */
  bytes: Uint8Array;
}

function forEachTensor(graph: GraphLike, f: (name: string, t: TensorProtoLike, kind: "initializer" | "constant") => void): void {
  for (const t of graph.initializer) f(t.name ?? "", t, "initializer");
  for (const n of graph.node) {
    for (const a of n.attribute) {
      if (n.op_type === "Constant" && a.name === "value" && a.t) f(n.output[0] ?? a.t.name ?? "", a.t, "constant");
      if (a.g) forEachTensor(a.g, f);
      for (const g of a.graphs) forEachTensor(g, f);
    }
  }
}

/** The layout of each 2-D weight by how the graph uses it: MatMul B is `in_out`; Gemm B by transB. */
function layouts(graph: GraphLike): Map<string, Layout> {
  const m = new Map<string, Layout>();
  for (const n of graph.node) {
    const b = n.input[1];
    if (b === undefined) continue;
    if (n.op_type === "MatMul") m.set(b, "in_out");
    if (n.op_type === "Gemm") {
      const tb = n.attribute.find((a) => a.name === "transB");
      const v = tb?.i === undefined ? 0 : Number(tb.i);
      m.set(b, v === 1 ? "out_in" : "in_out");
    }
  }
  return m;
}

function decodeModel(bytes: Uint8Array): ModelLike {
  try {
    return ModelProto().decode(bytes) as unknown as ModelLike;
  } catch (e) {
    throw new WcError("E_FORMAT", `onnx: not a valid ModelProto (${(e as Error).message})`);
  }
}

/**
 * Reads the tensors of an ONNX model: graph initializers (including nested subgraphs) and
 * `Constant` node values, from `raw_data`, typed fields or external data. 2-D weights get a
 * `layout`: `"in_out"` when used as `MatMul`/`Gemm(transB=0)` B input (ONNX/Paddle exports),
 * `"out_in"` for `Gemm(transB=1)`; use {@link weightOutIn} to get the `out x in` matrix.
 * @throws {WcError} `E_FORMAT` for a malformed model or tensor; `E_UNSUPPORTED` for external data
 * without `options.externalData`.
 * @example
 * const { stateDict } = parseOnnx(bytes);
 * stateDict.get("linear_77.w_0")!.shape; // [120, 360]
 */
export function parseOnnx(bytes: Uint8Array, options: OnnxReadOptions = {}): OnnxModel {
  const model = decodeModel(bytes);
  const graph = model.graph;
  if (graph === undefined || graph === null) throw new WcError("E_FORMAT", "onnx: the model has no graph");
  const lay = layouts(graph);
  const entries: [string, TensorEntry][] = [];
  const sources = new Map<string, OnnxTensorSource>();
  const skipped: string[] = [];
  forEachTensor(graph, (name, t, kind) => {
    const dtype = ONNX_DTYPE[t.data_type ?? 0];
    if (dtype === undefined) {
      skipped.push(name);
      return;
    }
    if (sources.has(name)) throw new WcError("E_FORMAT", `onnx: tensor name "${name}" appears twice`, { name });
    const shape = protoShape(t, name);
    const count = shape.reduce((a, b) => a * b, 1);
    const ext = externalRef(t, name);
    let data: Uint8Array;
    if (ext !== undefined) {
      if (options.externalData === undefined) {
        throw new WcError("E_UNSUPPORTED", `onnx: tensor "${name}" is stored in external file ${ext.location}; use loadOnnx(path) from @wc/io/node or pass options.externalData`, { name });
      }
      const need = count * IO_DTYPE_SIZE[dtype];
      if (ext.length !== undefined && ext.length !== need) {
        throw new WcError("E_FORMAT", `onnx: external tensor "${name}" declares ${ext.length} bytes, its shape needs ${need}`, { name });
      }
      data = options.externalData(ext.location, ext.offset, need);
      if (data.byteLength !== need) throw new WcError("E_FORMAT", `onnx: external tensor "${name}" got ${data.byteLength} bytes, needs ${need}`, { name });
    } else {
      data = protoBytes(t, dtype, count, name);
    }
    entries.push([name, new TensorEntry(dtype, shape, data, shape.length === 2 ? lay.get(name) : undefined)]);
    sources.set(name, ext === undefined ? { kind } : { kind, external: ext.location });
  });
  const metadata: Record<string, string> = {};
  if (model.producer_name) metadata.producer_name = model.producer_name;
  if (model.producer_version) metadata.producer_version = model.producer_version;
  return { stateDict: new StateDict(entries, metadata), sources, skipped, bytes };
}

/**
 * Writes an ONNX model back with chosen tensors replaced; everything else (graph, attributes,
 * other tensors) is re-encoded unchanged, so an unmodified round trip keeps every tensor's bytes.
 * A replaced tensor keeps its dtype and shape and is stored as `raw_data` (inline, even when it
 * was external). Unreplaced external tensors keep their references.
 * @param model - from {@link parseOnnx} (not modified)
 * @param replacements - name -> new Tensor (encoded to the original dtype) or TensorEntry
 * @throws {WcError} `E_ARGUMENT` for an unknown name; `E_SHAPE` when the shape differs; `E_DTYPE`
 * when an entry's dtype differs; `E_RANGE` as `TensorEntry.fromTensor`.
 * @example
 * const out = serializeOnnx(model, { "linear_77.w_0": scaled });
 */
export function serializeOnnx(model: OnnxModel, replacements: StateDict | Record<string, Tensor | TensorEntry> = {}): Uint8Array {
  const pairs = replacements instanceof StateDict ? [...replacements] : Object.entries(replacements);
  const todo = new Map<string, TensorEntry>();
  for (const [name, v] of pairs) {
    const old = model.stateDict.get(name);
    if (old === undefined) throw new WcError("E_ARGUMENT", `onnx: the model has no tensor "${name}" to replace`, { name });
    const e = v instanceof TensorEntry ? v : TensorEntry.fromTensor(v, { dtype: old.dtype });
    if (e.shape.length !== old.shape.length || e.shape.some((s, i) => s !== old.shape[i])) {
      throw new WcError("E_SHAPE", `onnx: "${name}" is [${old.shape.join(", ")}], replacement is [${e.shape.join(", ")}]`, { name });
    }
    if (e.dtype !== old.dtype) throw new WcError("E_DTYPE", `onnx: "${name}" is ${old.dtype}, replacement entry is ${e.dtype}`, { name });
    todo.set(name, e);
  }
  const fresh = decodeModel(model.bytes);
  if (todo.size > 0 && fresh.graph) {
    forEachTensor(fresh.graph, (name, t) => {
      const e = todo.get(name);
      if (e === undefined) return;
      t.raw_data = e.bytes;
      t.float_data = [];
      t.int32_data = [];
      t.int64_data = [];
      t.double_data = [];
      t.uint64_data = [];
      t.external_data = [];
      t.data_location = 0;
    });
  }
  return ModelProto().encode(fresh as unknown as protobuf.Message).finish();
}

/**
 * A weight as the `out x in` matrix of DESIGN's convention: transposed (copied) when the entry's
 * layout is `"in_out"`, the tensor itself otherwise.
 * @example
 * const w = weightOutIn(model.stateDict.get("linear_77.w_0")!); // 360 x 120
 */
export function weightOutIn(entry: TensorEntry): Tensor {
  return entry.layout === "in_out" ? contiguous(transpose(entry.tensor)) : entry.tensor;
}

/**
 * The inverse of {@link weightOutIn}: an `out x in` matrix back in the entry's on-disk layout,
 * ready to pass to {@link serializeOnnx}.
 * @example
 * serializeOnnx(model, { "linear_77.w_0": weightFromOutIn(w2, entry) });
 */
export function weightFromOutIn(matrix: Tensor, entry: TensorEntry): Tensor {
  return entry.layout === "in_out" ? contiguous(transpose(matrix)) : matrix;
}
