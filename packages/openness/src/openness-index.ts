import { WcError } from "@wc/tensor";
import { LIESENFELD_FEATURES } from "./rubric";
import type { LiesenfeldFeature, ModelRecord, OpenClass } from "./types";

/** Options of {@link opennessIndex}. */
export interface OpennessIndexOptions {
  /** Per-feature weights; default 1 for each of the 14 features (opening-up-chatgpt `consolidate_csv.py`). */
  weights?: Partial<Record<LiesenfeldFeature, number>>;
  /** Value of each class; default `{ open: 1, partial: 0.5, closed: 0, unknown: 0 }`. */
  classValues?: Partial<Record<OpenClass, number>>;
}

/** The default class values of the openness index. */
export const DEFAULT_CLASS_VALUES: Readonly<Record<OpenClass, number>> = Object.freeze({ open: 1, partial: 0.5, closed: 0, unknown: 0 });

function finiteNonNegative(where: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new WcError("E_RANGE", `${where}: expected a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

/**
 * The Liesenfeld–Dingemanse openness index: Σ weight × value(class) over the 14 features, where a
 * missing feature is `unknown`; `pct` divides by the sum of the weights (14 by default).
 *
 * @param m - the release evidence
 * @param options - weights and class values (defaults in {@link OpennessIndexOptions})
 * @returns `{ index, pct, max }` (max = sum of the weights)
 * @throws {WcError} E_ARGUMENT for an unknown feature or class name in the options; E_RANGE for a negative or non-finite weight/value, or all weights 0
 * @example
 * opennessIndex({ name: "x", features: { llmweights: { class: "open" } } }); // { index: 1, pct: 1/14, max: 14 }
 */
export function opennessIndex(m: ModelRecord, options: OpennessIndexOptions = {}): { index: number; pct: number; max: number } {
  const weights: Record<string, number> = {};
  for (const f of LIESENFELD_FEATURES) weights[f] = 1;
  for (const [k, v] of Object.entries(options.weights ?? {})) {
    if (!(k in weights)) throw new WcError("E_ARGUMENT", `opennessIndex: unknown feature weight ${JSON.stringify(k)}; expected one of ${LIESENFELD_FEATURES.join(", ")}`);
    weights[k] = finiteNonNegative(`opennessIndex: weights.${k}`, v);
  }
  const values: Record<string, number> = { ...DEFAULT_CLASS_VALUES };
  for (const [k, v] of Object.entries(options.classValues ?? {})) {
    if (!(k in values)) throw new WcError("E_ARGUMENT", `opennessIndex: unknown class ${JSON.stringify(k)}; expected open, partial, closed or unknown`);
    values[k] = finiteNonNegative(`opennessIndex: classValues.${k}`, v);
  }
  let index = 0;
  let total = 0;
  for (const f of LIESENFELD_FEATURES) {
    const cls = m.features[f]?.class ?? "unknown";
    index += weights[f]! * (values[cls] ?? 0);
    total += weights[f]!;
  }
  if (total === 0) throw new WcError("E_RANGE", "opennessIndex: all feature weights are 0; give at least one positive weight");
  return { index, pct: index / total, max: total };
}
