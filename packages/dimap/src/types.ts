import type { FloatArray } from "@wc/tensor";

/**
 * The four modules of DIMAP (He & Zhou, ICLR 2024, Fig. 3): the fused query/key/value linears
 * (`QKV`), the attention output projections (`PRJ`), both MLP linears (`MLP`) and the auxiliary
 * layers (`AUX`: patch embedding, patch-merging reductions, classifier head). Each module spans
 * every stage of the hierarchy.
 */
export type ModuleName = "QKV" | "PRJ" | "MLP" | "AUX";

/** The module names in report order. */
export const MODULE_NAMES: readonly ModuleName[] = Object.freeze(["QKV", "PRJ", "MLP", "AUX"]);

/**
 * Decides the module of a parameter from its name; `null` means the parameter is never pruned
 * (biases, norms, position tables, buffers). {@link classifySwinParam} is the default.
 */
export type Classifier = (name: string) => ModuleName | null;

/**
 * One named weight as the pruning functions see it: its values in row-major order and its shape
 * (a conv kernel `[out, in, kh, kw]` is treated as its flattened `out x (in*kh*kw)` matrix).
 * Only the element order matters to unstructured masks; `layout: "in_out"` (ONNX/Paddle `MatMul`
 * initializers) tells the row-level option that output units are the columns on disk.
 */
export interface Tensor2D {
  /** Parameter name, e.g. `layers.0.blocks.1.attn.qkv.weight`. */
  name: string;
  /** Values, row-major, `shape.reduce(*)` long. */
  data: FloatArray;
  /** Extents (>= 1 dimension). */
  shape: readonly number[];
  /** On-disk layout of a 2-D weight; default `"out_in"` (PyTorch). */
  layout?: "out_in" | "in_out";
}

/** Binary keep masks per tensor name: 1 = keep, 0 = pruned; same element order as the tensor. */
export type MaskMap = Map<string, Uint8Array>;

/** One pruned layer in a {@link DimapReport}. */
export interface LayerReport {
  name: string;
  module: ModuleName;
  /** Stage label parsed from the name (`"0"`, `"1"`, ..., `"embed"`, `"head"`, or `"-"`). */
  stage: string;
  /** Number of weights. */
  size: number;
  /** Weights kept. */
  kept: number;
  /** `1 - kept / size`. */
  sparsity: number;
}

/** Totals of one module (or stage) in a {@link DimapReport}. */
export interface GroupReport {
  /** Layers in the group. */
  layers: number;
  size: number;
  kept: number;
  sparsity: number;
}

/** What a pruning call reports: every pruned layer, every module and stage, and the totals. */
export interface DimapReport {
  layers: LayerReport[];
  modules: Partial<Record<ModuleName, GroupReport>>;
  stages: Record<string, GroupReport>;
  totals: {
    /** Weights in the pruned layers. */
    params: number;
    /** Of those, kept. */
    paramsKept: number;
    sparsity: number;
    /** Pruned layers left with no weight at all (layer collapse). */
    emptiedLayers: number;
  };
}

/** What {@link dimapMasks} and the baselines return. */
export interface MaskResult {
  /** One mask per pruned tensor (tensors left alone have no entry). */
  masks: MaskMap;
  report: DimapReport;
}
