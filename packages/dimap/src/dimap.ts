import { WcError } from "@wc/tensor";
import { resolveOptions, type DimapOptions } from "./options";
import { prefixMask, rowEnergies, rowGeometry, rowMask } from "./mask-builders";
import { prunedModules } from "./modules";
import { buildReport, type LayerCount } from "./report";
import { scoresOfSorted, scoresOfSortedEnergies, sortedMagnitudes } from "./scores";
import { selectTopK } from "./select";
import type { MaskMap, MaskResult, ModuleName, Tensor2D } from "./types";
import { keepCount, validateTensors } from "./validate-tensors";

/** Element-wise DIMAP inside one module: per-layer scores, one module-wide top-K. */
function elementModule(ts: readonly Tensor2D[], ratio: number, masks: MaskMap, step: () => void): number[] {
  const ranked = ts.map((t) => {
    const mags = sortedMagnitudes(t.data);
    const keys = scoresOfSorted(mags);
    step();
    return { keys, mags };
  });
  const n = ts.reduce((a, t) => a + t.data.length, 0);
  const counts = selectTopK(ranked, keepCount(n, ratio));
  ts.forEach((t, l) => {
    masks.set(t.name, prefixMask(t.data, ranked[l]!.mags, counts[l]!));
    step();
  });
  return counts;
}

/**
 * Row-level DIMAP inside one module (extension): each output unit is scored with its squared norm
 * in the same formula; units are taken in (score desc, norm desc, layer asc, unit asc) order until
 * the kept weights reach `roundHalfEven((1 - ratio) * N)` (the last unit may overshoot it).
 */
function rowModule(ts: readonly Tensor2D[], ratio: number, masks: MaskMap, step: () => void): number[] {
  interface Unit { score: number; energy: number; layer: number; row: number }
  const units: Unit[] = [];
  const geoms = ts.map((t) => rowGeometry(t.shape, t.layout));
  ts.forEach((t, l) => {
    const e = rowEnergies(t.data, geoms[l]!);
    const order = Array.from(e.keys()).sort((a, b) => e[b]! - e[a]! || a - b);
    const s = scoresOfSortedEnergies(order.map((r) => e[r]!));
    order.forEach((r, j) => units.push({ score: s[j]!, energy: e[r]!, layer: l, row: r }));
    step();
  });
  units.sort((a, b) => b.score - a.score || b.energy - a.energy || a.layer - b.layer || a.row - b.row);
  const n = ts.reduce((a, t) => a + t.data.length, 0);
  const target = keepCount(n, ratio);
  const keepRows = geoms.map((g) => new Uint8Array(g.rows));
  let kept = 0;
  for (const u of units) {
    if (kept >= target) break;
    keepRows[u.layer]![u.row] = 1;
    kept += geoms[u.layer]!.length;
  }
  return ts.map((t, l) => {
    const m = rowMask(t.data.length, geoms[l]!, keepRows[l]!);
    masks.set(t.name, m);
    step();
    return keepRows[l]!.reduce((a, b) => a + b, 0) * geoms[l]!.length;
  });
}

/**
 * DIMAP masks (He & Zhou, ICLR 2024): groups the weights into modules by role (QKV, PRJ, MLP,
 * AUX, spanning all stages), scores every weight with its layer-normalised
 * {@link dimapLayerScores | information-distortion score}, and inside each module keeps the
 * `roundHalfEven((1 - ratio) * N_m)` best weights, ranked by (score desc, |w| desc, layer order
 * asc, flat index asc). Uses the weights only: no data, gradients or forward pass. Within a layer
 * the kept weights are always its largest-magnitude ones, masks do not change when a layer is
 * rescaled, and a layer never loses all its weights while the module keeps at least as many
 * weights as it has layers.
 * @param tensors - named weights (not modified); unclassified names are left alone
 * @param options - `ratio` (required: fraction to remove per module, or per-module record),
 *   `pruneAux` (default true), `excludeHead` (default false), `classify` (default
 *   {@link classifySwinParam}), `isHead` (default {@link isHeadParam}), `granularity` (default "element"),
 *   `onProgress(done, total)` (default none; for progress bars, never changes the result): called
 *   once with `done = 0`, then after each pruned layer is scored and after each is masked, so
 *   `total` is twice the number of pruned layers and `done` runs 1..`total`
 * @returns a keep mask (1 = keep) per pruned tensor and the {@link DimapReport}
 * @throws {WcError} `E_RANGE` for a ratio outside [0, 1] or NaN/Inf weights; `E_SHAPE` for a shape
 *   that does not match its data; `E_DTYPE` for non-float data; `E_ARGUMENT` for duplicate names or bad options.
 * @example
 * const { masks, report } = dimapMasks(tensors, { ratio: 0.5 });
 * report.modules.MLP; // { layers, size, kept, sparsity: 0.5 }
 */
export function dimapMasks(tensors: readonly Tensor2D[], options: DimapOptions & { onProgress?: (done: number, total: number) => void }): MaskResult {
  const o = resolveOptions(options);
  validateTensors(tensors, "dimapMasks");
  const masks: MaskMap = new Map();
  const counts = new Map<string, LayerCount>();
  const modules = [...prunedModules(tensors, o)];
  const total = 2 * modules.reduce((a, [, ts]) => a + ts.length, 0);
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new WcError("E_ARGUMENT", `dimapMasks: onProgress must be a function (done, total) => void or undefined, got ${typeof onProgress}`);
  }
  let done = 0;
  const step = (): void => onProgress?.(++done, total);
  onProgress?.(0, total);
  for (const [m, ts] of modules) {
    const ratio = o.ratios[m]!;
    const kept = o.granularity === "row" ? rowModule(ts, ratio, masks, step) : elementModule(ts, ratio, masks, step);
    ts.forEach((t, l) => counts.set(t.name, { name: t.name, module: m as ModuleName, size: t.data.length, kept: kept[l]! }));
  }
  // report in input order
  const layers = tensors.flatMap((t) => (counts.has(t.name) ? [counts.get(t.name)!] : []));
  const ordered: MaskMap = new Map(layers.map((l) => [l.name, masks.get(l.name)!]));
  return { masks: ordered, report: buildReport(layers) };
}
