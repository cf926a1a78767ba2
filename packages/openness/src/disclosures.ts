import { DISCLOSURE_KEYS } from "./rubric";
import type { DisclosureKey, ModelRecord, OpenClass } from "./types";

/** True for `open` and `partial`. */
export function atLeastPartial(c: OpenClass | undefined): boolean {
  return c === "open" || c === "partial";
}

/**
 * The paper's disclosure items: each explicit value in `m.disclosures` is kept; missing ones are
 * inferred: parameter count from `architecture` ≥ partial, training-data description from
 * `llmdata` ≥ partial; training compute, carbon emissions and evaluation default to false.
 *
 * @param m - the release evidence
 * @returns one boolean per disclosure item
 * @example
 * inferDisclosures({ name: "x", features: { llmdata: { class: "partial" } } }).trainingDataDescription; // true
 */
export function inferDisclosures(m: ModelRecord): Record<DisclosureKey, boolean> {
  const inferred: Record<DisclosureKey, boolean> = {
    parameterCount: atLeastPartial(m.features.architecture?.class),
    trainingDataDescription: atLeastPartial(m.features.llmdata?.class),
    trainingCompute: false,
    carbonEmissions: false,
    evaluation: false,
  };
  const out = {} as Record<DisclosureKey, boolean>;
  for (const k of DISCLOSURE_KEYS) out[k] = m.disclosures?.[k] ?? inferred[k];
  return out;
}
