import { parseLicense } from "./license";
import { MOF_CLASS_ADDS, MOF_COMPONENTS, mofRequired, type MofContentType } from "./rubric";
import type { Evidence, LiesenfeldFeature, ModelRecord, MofClass, MofComponent } from "./types";

/** The licence text that applies to a feature: its own, else the record's `license` feature licence. */
export function featureLicense(m: ModelRecord, f: LiesenfeldFeature): string | undefined {
  return m.features[f]?.license ?? m.features.license?.license;
}

/** Feature → MOF components used when a record has no `mofComponents` ([design] mapping of the spec §3.4). */
export const FEATURE_TO_MOF: Readonly<Partial<Record<LiesenfeldFeature, readonly MofComponent[]>>> = Object.freeze({
  opencode: ["Training code", "Inference code"],
  llmweights: ["Model parameters (Final)"],
  llmdata: ["Datasets"],
  modelcard: ["Model card"],
  datasheet: ["Data card"],
  paper: ["Research paper"],
  preprint: ["Research paper"],
  architecture: ["Technical report"],
});

/**
 * Derives MOF component evidence from the 14 features: opencode → training and inference code,
 * llmweights → final parameters, llmdata → datasets, modelcard → model card, datasheet → data card,
 * paper/preprint → research paper (the more open of the two), architecture → technical report.
 * Each component inherits the feature's class and licence (or the record's `license` feature licence),
 * except that a *partial* `opencode` (typically inference code only) yields inference code alone.
 *
 * @param m - the release evidence
 * @returns MOF evidence keyed by component name (components with no source feature are absent)
 * @example
 * deriveMofComponents({ name: "x", features: { llmweights: { class: "open", license: "MIT" } } });
 * // { "Model parameters (Final)": { class: "open", license: "MIT" } }
 */
export function deriveMofComponents(m: ModelRecord): Partial<Record<MofComponent, Evidence>> {
  const rank = { open: 3, partial: 2, closed: 1, unknown: 0 } as const;
  const out: Partial<Record<MofComponent, Evidence>> = {};
  for (const [f, comps] of Object.entries(FEATURE_TO_MOF) as [LiesenfeldFeature, MofComponent[]][]) {
    const e = m.features[f];
    if (!e) continue;
    const license = featureLicense(m, f);
    for (const c of comps) {
      if (f === "opencode" && c === "Training code" && e.class === "partial") continue;
      const prev = out[c];
      if (prev && rank[prev.class] >= rank[e.class]) continue;
      out[c] = license === undefined ? { class: e.class } : { class: e.class, license };
    }
  }
  return out;
}

function contentType(c: MofComponent): MofContentType {
  return MOF_COMPONENTS.find((x) => x.name === c)!.contentType;
}

/**
 * Whether a MOF component counts: it is included (class open or partial) and under a licence
 * appropriate for its type (code: OSI-approved; data, parameters and documents: OSI or open-data).
 * "License not specified" (no licence) and "Component not included" (class closed) never count.
 *
 * @param c - component name
 * @param e - its evidence, if any
 * @returns true when the component satisfies a MOF requirement
 * @example
 * mofComponentSatisfied("Model card", { class: "open", license: "CC-BY-4.0" }); // true
 */
export function mofComponentSatisfied(c: MofComponent, e: Evidence | undefined): boolean {
  if (!e || (e.class !== "open" && e.class !== "partial") || e.license === undefined) return false;
  const lic = parseLicense(e.license);
  return contentType(c) === "code" ? lic.osiApproved : lic.open;
}

/** The MOF part of a scorecard. */
export interface MofResult {
  class: MofClass | null;
  progress: { I: number; II: number; III: number };
  missing: string[];
}

/**
 * MOF classification: progress per class = satisfied required components / required (6, 10, 14),
 * class = the most open class with progress 1. A research paper with an open licence stands in for
 * a missing technical report. `missing` lists unmet required components, Class III's first.
 *
 * @param comps - MOF evidence by component
 * @returns class, progress and missing components
 * @example
 * classifyMof({}).progress; // { I: 0, II: 0, III: 0 }
 */
export function classifyMof(comps: Partial<Record<MofComponent, Evidence>>): MofResult {
  const ok = (c: MofComponent): boolean => {
    if (mofComponentSatisfied(c, comps[c])) return true;
    return c === "Technical report" && mofComponentSatisfied("Research paper", comps["Research paper"]);
  };
  const progressOf = (cls: MofClass): number => {
    const req = mofRequired(cls);
    return req.filter(ok).length / req.length;
  };
  const progress = { I: progressOf("I"), II: progressOf("II"), III: progressOf("III") };
  const cls: MofClass | null = progress.I === 1 ? "I" : progress.II === 1 ? "II" : progress.III === 1 ? "III" : null;
  const missing = (["III", "II", "I"] as const).flatMap((k) => MOF_CLASS_ADDS[k].required.filter((c) => !ok(c)));
  return { class: cls, progress, missing };
}
