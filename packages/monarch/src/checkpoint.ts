import { StateDict, TensorEntry, weightOutIn } from "@wc/io";
import { WcError, assertFinite, svdvals, type Matrix, type Tensor } from "@wc/tensor";
import { MonarchLinear } from "./monarch-linear";
import { checkPositiveInt } from "./options";
import { monarchParamCount, type LinearMonarchShape } from "./shapes";

/** Options of {@link projectStateDict}. */
export interface ProjectStateDictOptions {
  /** Blocks per factor (`linearShape`'s N); default 4 (official configs). */
  nblocks?: number;
  /** Glob (`*`, `?`) or RegExp of weight names to consider; default `"*"` (all). */
  include?: string | RegExp;
  /** Glob or RegExp of names to leave dense; default `"*embed*"` (embedding tables are lookups, not products). */
  exclude?: string | RegExp;
  /** Largest `max(out,in)/min(out,in)` projected ("square-ish"); default 4 (a GPT-2 MLP is 4x). */
  maxAspect?: number;
  /** Smallest `min(out, in)` projected; default 8. */
  minDim?: number;
  /** Also report the error of a truncated SVD with the same parameter count; default true. */
  compareSvd?: boolean;
}

/** One row of {@link ProjectStateDictResult.layers}. */
export interface LayerProjection {
  /** Tensor name in the checkpoint. */
  name: string;
  /** `[out, in]` (after the ONNX `in_out` transpose, when the file says so). */
  shape: [number, number];
  /** `"projected"`, or why not. */
  status: "projected" | "skipped";
  /** Reason when skipped. */
  reason?: string;
  /** `||W - M||_F / ||W||_F` of the projected layer. */
  relError?: number;
  /** Relative error of the best rank-`svdRank` approximation (same parameter budget, rounded down). */
  svdRelError?: number;
  /** Rank of that SVD (`floor(params / (in + out))`). */
  svdRank?: number;
  /** Monarch parameters (bias excluded). */
  params?: number;
  /** `params / (in·out)`. */
  saving?: number;
  /** The Monarch block layout. */
  monarchShape?: LinearMonarchShape;
}

/** Result of {@link projectStateDict}. */
export interface ProjectStateDictResult {
  /** Per-weight report, in checkpoint order (2-D float tensors only). */
  layers: LayerProjection[];
  /** The fitted layers by weight name. */
  modules: Map<string, MonarchLinear>;
}

const FLOAT = new Set(["F64", "F32", "F16", "BF16"]);

/** The factor-name prefix of a weight: `"a.b.weight"` -> `"a.b"`, any other name as is. */
export function monarchPrefix(weightName: string): string {
  return weightName.endsWith(".weight") ? weightName.slice(0, -".weight".length) : weightName;
}

/** Relative Frobenius error of the best rank-r approximation, from the singular values. */
function svdError(W: Tensor, rank: number): number {
  const s = svdvals(W).data;
  let all = 0;
  let tail = 0;
  for (let i = 0; i < s.length; i++) {
    all += s[i]! * s[i]!;
    if (i >= rank) tail += s[i]! * s[i]!;
  }
  return all > 0 ? Math.sqrt(tail / all) : 0;
}

/**
 * Projects every eligible 2-D weight of a checkpoint onto Monarch matrices (`MonarchLinear.fromDense`,
 * the optimal projection of spec §3.3 with the official padding). A weight is eligible when it is a
 * float 2-D tensor matching `include` and not `exclude`, with `min(out,in) >= minDim` and aspect
 * ratio `<= maxAspect`. ONNX `MatMul` weights (`layout: "in_out"`) are transposed to `out x in` first.
 * @param sd - the checkpoint (not modified)
 * @param options - {@link ProjectStateDictOptions}; defaults nblocks 4, include "*", exclude "*embed*", maxAspect 4, minDim 8, compareSvd true
 * @param onLayer - called after each weight (for progress)
 * @returns the report and the fitted layers
 * @throws {WcError} `E_RANGE` for bad options or NaN/Inf in an eligible weight.
 * @example
 * const { layers } = projectStateDict(await loadSafetensors("model.safetensors"), { nblocks: 4 });
 */
export function projectStateDict(sd: StateDict, options: ProjectStateDictOptions = {}, onLayer?: (l: LayerProjection) => void): ProjectStateDictResult {
  const nblocks = checkPositiveInt(options.nblocks ?? 4, "projectStateDict nblocks");
  const minDim = checkPositiveInt(options.minDim ?? 8, "projectStateDict minDim");
  const maxAspect = options.maxAspect ?? 4;
  if (!(typeof maxAspect === "number" && maxAspect >= 1 && Number.isFinite(maxAspect))) {
    throw new WcError("E_RANGE", `projectStateDict: maxAspect must be a finite number >= 1, got ${String(maxAspect)}`);
  }
  const included = new Set(sd.select(options.include ?? "*").names());
  const excluded = new Set(sd.select(options.exclude ?? "*embed*").names());
  const compareSvd = options.compareSvd ?? true;
  const layers: LayerProjection[] = [];
  const modules = new Map<string, MonarchLinear>();
  for (const [name, entry] of sd) {
    if (entry.shape.length !== 2 || !FLOAT.has(entry.dtype)) continue;
    const W = weightOutIn(entry) as Matrix;
    const [out, inF] = W.shape as [number, number];
    const row: LayerProjection = { name, shape: [out, inF], status: "skipped" };
    const aspect = Math.max(out, inF) / Math.min(out, inF);
    if (!included.has(name)) row.reason = "not matched by include";
    else if (excluded.has(name)) row.reason = "matched by exclude";
    else if (Math.min(out, inF) < minDim) row.reason = `min(out, in) < ${minDim}`;
    else if (aspect > maxAspect) row.reason = `aspect ${aspect.toFixed(1)} > ${maxAspect}`;
    if (row.reason === undefined) {
      assertFinite(W, `projectStateDict "${name}"`);
      const layer = MonarchLinear.fromDense(W, undefined, { nblocks, dtype: "float32" });
      const params = monarchParamCount(layer.shape);
      row.status = "projected";
      row.relError = layer.relError;
      row.params = params;
      row.saving = params / (out * inF);
      row.monarchShape = layer.shape;
      if (compareSvd) {
        row.svdRank = Math.floor(params / (out + inF));
        row.svdRelError = svdError(W, row.svdRank);
      }
      modules.set(name, layer);
    }
    layers.push(row);
    onLayer?.(row);
  }
  return { layers, modules };
}

/** The metadata key under which {@link factorStateDict} records each projected layer. */
export const MONARCH_METADATA_KEY = "wc.monarch";

/**
 * The checkpoint with each projected weight `X.weight` (or `X`) replaced by `X.blkdiag1` `(k,q,p)`
 * and `X.blkdiag2` `(l,s,r)` (float32; `MonarchLinear`'s parameter names), everything else kept
 * byte for byte. Metadata `"wc.monarch"` is JSON `{ version: 1, layers: { X: { weight, in, out,
 * nblocks, layout } } }`, enough to rebuild each layer with `new MonarchLinear(in, out, { nblocks,
 * bias: false })` and `loadStateDict` of its two factors (see {@link monarchLayersFromStateDict}).
 * @param sd - the original checkpoint
 * @param result - {@link projectStateDict}'s result for it
 * @returns a new StateDict
 * @example
 * await saveSafetensors("out.safetensors", factorStateDict(sd, projectStateDict(sd)));
 */
export function factorStateDict(sd: StateDict, result: ProjectStateDictResult): StateDict {
  const entries: [string, TensorEntry][] = [];
  const meta: Record<string, { weight: string; in: number; out: number; nblocks: number; layout: string }> = {};
  for (const [name, entry] of sd) {
    const layer = result.modules.get(name);
    if (!layer) {
      entries.push([name, entry]);
      continue;
    }
    const prefix = monarchPrefix(name);
    entries.push([`${prefix}.blkdiag1`, TensorEntry.fromTensor(layer.blkdiag1.value, { dtype: "F32" })]);
    entries.push([`${prefix}.blkdiag2`, TensorEntry.fromTensor(layer.blkdiag2.value, { dtype: "F32" })]);
    meta[prefix] = { weight: name, in: layer.inFeatures, out: layer.outFeatures, nblocks: layer.nblocks, layout: entry.layout ?? "out_in" };
  }
  return new StateDict(entries, { ...sd.metadata, [MONARCH_METADATA_KEY]: JSON.stringify({ version: 1, layers: meta }) });
}

/**
 * The `MonarchLinear` layers (without bias) stored in a file written from {@link factorStateDict}.
 * @param sd - the factor checkpoint
 * @returns prefix -> layer
 * @throws {WcError} `E_FORMAT` when the `"wc.monarch"` metadata is missing or malformed; `E_SHAPE` when a factor's shape differs.
 * @example
 * const layers = monarchLayersFromStateDict(await loadSafetensors("out.safetensors"));
 */
export function monarchLayersFromStateDict(sd: StateDict): Map<string, MonarchLinear> {
  const raw = sd.metadata[MONARCH_METADATA_KEY];
  if (raw === undefined) throw new WcError("E_FORMAT", `monarchLayersFromStateDict: no "${MONARCH_METADATA_KEY}" metadata; write the file with factorStateDict`);
  let parsed: { version?: number; layers?: Record<string, { in: number; out: number; nblocks: number }> };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch (e) {
    throw new WcError("E_FORMAT", `monarchLayersFromStateDict: "${MONARCH_METADATA_KEY}" is not JSON: ${(e as Error).message}`);
  }
  if (parsed.version !== 1 || typeof parsed.layers !== "object" || parsed.layers === null) {
    throw new WcError("E_FORMAT", `monarchLayersFromStateDict: expected { version: 1, layers: {...} }, got ${raw.slice(0, 80)}`);
  }
  const out = new Map<string, MonarchLinear>();
  for (const [prefix, m] of Object.entries(parsed.layers)) {
    const layer = new MonarchLinear(m.in, m.out, { nblocks: m.nblocks, bias: false });
    const t1 = sd.tensor(`${prefix}.blkdiag1`);
    const t2 = sd.tensor(`${prefix}.blkdiag2`);
    layer.loadStateDict([
      ["blkdiag1", t1],
      ["blkdiag2", t2],
    ]);
    out.set(prefix, layer);
  }
  return out;
}
