import { WcError } from "@wc/tensor";
import { classifySwinParam, stageOf } from "./classify";
import { MODULE_NAMES, type Classifier, type DimapReport, type GroupReport, type MaskMap, type ModuleName, type Tensor2D } from "./types";

/** Internal: one pruned layer before aggregation. */
export interface LayerCount {
  name: string;
  module: ModuleName;
  size: number;
  kept: number;
}

function group(size: number, kept: number, layers: number): GroupReport {
  return { layers, size, kept, sparsity: size > 0 ? 1 - kept / size : 0 };
}

/** Internal: per-layer, per-module, per-stage and total counts from per-layer survivor counts. */
export function buildReport(layers: readonly LayerCount[]): DimapReport {
  const modules: Partial<Record<ModuleName, GroupReport>> = {};
  const stages: Record<string, GroupReport> = {};
  const acc = (g: GroupReport | undefined, l: LayerCount) => group((g?.size ?? 0) + l.size, (g?.kept ?? 0) + l.kept, (g?.layers ?? 0) + 1);
  let params = 0;
  let kept = 0;
  let emptied = 0;
  const rows = layers.map((l) => {
    const stage = stageOf(l.name);
    params += l.size;
    kept += l.kept;
    if (l.kept === 0 && l.size > 0) emptied++;
    stages[stage] = acc(stages[stage], l);
    return { name: l.name, module: l.module, stage, size: l.size, kept: l.kept, sparsity: 1 - l.kept / l.size };
  });
  for (const m of MODULE_NAMES) {
    for (const l of layers) if (l.module === m) modules[m] = acc(modules[m], l);
  }
  return { layers: rows, modules, stages, totals: { params, paramsKept: kept, sparsity: params > 0 ? 1 - kept / params : 0, emptiedLayers: emptied } };
}

/**
 * The sparsity report of any set of masks (from DIMAP, a baseline or elsewhere): per layer, per
 * module, per stage, totals, and the number of emptied layers.
 * @param tensors - the weights the masks belong to
 * @param masks - keep masks by name (1 = keep); tensors without a mask are not reported
 * @param options - `classify`: module of each name; default {@link classifySwinParam}
 *   (names it maps to `null` are reported under `AUX`)
 * @returns the report
 * @throws {WcError} `E_ARGUMENT` for a mask whose name is not a tensor; `E_SHAPE` for a mask of the wrong length.
 * @example
 * maskReport(tensors, globalMagnitudeMasks(tensors, { ratio: 0.5 }).masks).totals.emptiedLayers;
 */
export function maskReport(tensors: readonly Tensor2D[], masks: MaskMap, options: { classify?: Classifier } = {}): DimapReport {
  const classify = options.classify ?? classifySwinParam;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const name of masks.keys()) {
    if (!byName.has(name)) throw new WcError("E_ARGUMENT", `maskReport: mask "${name}" matches no tensor`, { name });
  }
  const layers: LayerCount[] = [];
  for (const t of tensors) {
    const m = masks.get(t.name);
    if (m === undefined) continue;
    if (m.length !== t.data.length) {
      throw new WcError("E_SHAPE", `maskReport: mask of "${t.name}" has ${m.length} entries, the tensor ${t.data.length}`, { name: t.name });
    }
    let kept = 0;
    for (let i = 0; i < m.length; i++) kept += m[i] ? 1 : 0;
    layers.push({ name: t.name, module: classify(t.name) ?? "AUX", size: m.length, kept });
  }
  return buildReport(layers);
}
