import { WcError } from "@wc/tensor";
import { classifySwinParam } from "./classify";
import type { ResolvedDimapOptions } from "./options";
import { MODULE_NAMES, type Classifier, type ModuleName, type Tensor2D } from "./types";

/**
 * Groups weights into DIMAP's modules by role (spec 3.1): every tensor the classifier maps to a
 * module joins it, across all stages, in input order; unclassified tensors are left out.
 * @param tensors - named weights (not modified; shapes are not checked here)
 * @param classify - module of a name; default {@link classifySwinParam}
 * @returns the non-empty modules in the order QKV, PRJ, MLP, AUX
 * @throws {WcError} `E_ARGUMENT` when the classifier returns something other than a module name or null.
 * @example
 * const mods = groupModules(tensors);
 * mods.get("MLP")!.reduce((a, t) => a + t.data.length, 0); // 17,252,352 for Swin-T
 */
export function groupModules(tensors: readonly Tensor2D[], classify: Classifier = classifySwinParam): Map<ModuleName, Tensor2D[]> {
  const buckets = new Map<ModuleName, Tensor2D[]>(MODULE_NAMES.map((m) => [m, []]));
  for (const t of tensors) {
    const m = classify(t.name);
    if (m === null || m === undefined) continue;
    const b = buckets.get(m);
    if (b === undefined) {
      throw new WcError("E_ARGUMENT", `groupModules: the classifier returned ${JSON.stringify(m)} for "${t.name}"; expected one of ${MODULE_NAMES.join(", ")} or null`);
    }
    b.push(t);
  }
  for (const m of MODULE_NAMES) if (buckets.get(m)!.length === 0) buckets.delete(m);
  return buckets;
}

/**
 * Internal: the modules a pruning run acts on (those with a ratio), minus the head when excluded.
 */
export function prunedModules(tensors: readonly Tensor2D[], o: ResolvedDimapOptions): Map<ModuleName, Tensor2D[]> {
  const mods = groupModules(tensors, o.classify);
  const out = new Map<ModuleName, Tensor2D[]>();
  for (const [m, ts] of mods) {
    if (o.ratios[m] === undefined) continue;
    const kept = o.excludeHead ? ts.filter((t) => !o.isHead(t.name)) : ts;
    if (kept.length > 0) out.set(m, kept);
  }
  return out;
}
