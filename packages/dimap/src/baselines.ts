import { WcError } from "@wc/tensor";
import { resolveOptions, type DimapOptions } from "./options";
import { prefixMask } from "./mask-builders";
import { prunedModules } from "./modules";
import { buildReport, type LayerCount } from "./report";
import { scoresOfSorted, sortedMagnitudes } from "./scores";
import { selectTopK, type RankedLayer } from "./select";
import type { MaskMap, MaskResult, ModuleName, Tensor2D } from "./types";
import { keepCount, validateTensors } from "./validate-tensors";

/** Options of the baselines: DIMAP's layer selection with one removal ratio for all pruned weights. */
export type BaselineOptions = Omit<DimapOptions, "ratio" | "granularity"> & {
  /** Fraction of the pruned layers' weights to remove, in [0, 1]. Required. */
  ratio: number;
};

type Strategy = "global" | "uniform" | "lamp";

function baseline(tensors: readonly Tensor2D[], options: BaselineOptions, strategy: Strategy, where: string): MaskResult {
  if (options === null || typeof options !== "object" || typeof options.ratio !== "number") {
    throw new WcError("E_ARGUMENT", `${where}: expected options with a numeric ratio (fraction of weights to remove), got ${JSON.stringify(options?.ratio)}`);
  }
  const o = resolveOptions({ ...options, granularity: "element" });
  const ratio = options.ratio;
  validateTensors(tensors, where);
  const moduleOf = new Map<string, ModuleName>();
  for (const [m, ts] of prunedModules(tensors, o)) for (const t of ts) moduleOf.set(t.name, m);
  const layers = tensors.filter((t) => moduleOf.has(t.name));
  const masks: MaskMap = new Map();
  const mags = layers.map((t) => sortedMagnitudes(t.data));
  let counts: number[];
  if (strategy === "uniform") {
    counts = layers.map((t) => keepCount(t.data.length, ratio));
  } else {
    const ranked: RankedLayer[] = layers.map((_, l) => ({ keys: strategy === "lamp" ? scoresOfSorted(mags[l]!) : mags[l]!, mags: mags[l]! }));
    counts = selectTopK(ranked, keepCount(layers.reduce((a, t) => a + t.data.length, 0), ratio));
  }
  const rows: LayerCount[] = layers.map((t, l) => {
    masks.set(t.name, prefixMask(t.data, mags[l]!, counts[l]!));
    return { name: t.name, module: moduleOf.get(t.name)!, size: t.data.length, kept: counts[l]! };
  });
  return { masks, report: buildReport(rows) };
}

/**
 * Global magnitude pruning (the baseline DIMAP is compared with): over all weights DIMAP would
 * prune (same classifier, `pruneAux`, `excludeHead`), keep the `roundHalfEven((1 - ratio) * N)`
 * largest |w|, equal magnitudes by layer order then index. Small-scale layers can lose every weight.
 * @param tensors - named weights (not modified)
 * @param options - `ratio` (required) and DIMAP's layer-selection options
 * @returns keep masks and their report
 * @throws {WcError} as {@link dimapMasks}.
 * @example
 * globalMagnitudeMasks(tensors, { ratio: 0.7 }).report.totals.emptiedLayers;
 */
export function globalMagnitudeMasks(tensors: readonly Tensor2D[], options: BaselineOptions): MaskResult {
  return baseline(tensors, options, "global", "globalMagnitudeMasks");
}

/**
 * Uniform layer-wise magnitude pruning: every pruned layer keeps `roundHalfEven((1 - ratio) * n_l)`
 * of its largest |w| (equal magnitudes by index).
 * @param tensors - named weights (not modified)
 * @param options - `ratio` (required) and DIMAP's layer-selection options
 * @returns keep masks and their report
 * @throws {WcError} as {@link dimapMasks}.
 * @example
 * uniformMagnitudeMasks(tensors, { ratio: 0.5 }).report.layers[0].sparsity; // ~0.5
 */
export function uniformMagnitudeMasks(tensors: readonly Tensor2D[], options: BaselineOptions): MaskResult {
  return baseline(tensors, options, "uniform", "uniformMagnitudeMasks");
}

/**
 * LAMP (Lee et al., ICLR 2021): the same layer-normalised score as DIMAP, but compared across all
 * pruned layers at once (one global ranking) instead of inside each module. Keeps exactly
 * `roundHalfEven((1 - ratio) * N)` weights with DIMAP's tie-break, where the official
 * `_compute_lamp_amounts` keeps every weight scoring at least the threshold (same counts without ties).
 * @param tensors - named weights (not modified)
 * @param options - `ratio` (required) and DIMAP's layer-selection options
 * @returns keep masks and their report
 * @throws {WcError} as {@link dimapMasks}.
 * @example
 * lampMasks(tensors, { ratio: 0.5 }).report.layers.map((l) => l.kept);
 */
export function lampMasks(tensors: readonly Tensor2D[], options: BaselineOptions): MaskResult {
  return baseline(tensors, options, "lamp", "lampMasks");
}
