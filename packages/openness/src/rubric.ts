import type { DisclosureKey, LiesenfeldFeature, MofClass, MofComponent } from "./types";

/** The 14 features in the order of the opening-up-chatgpt table. */
export const LIESENFELD_FEATURES: readonly LiesenfeldFeature[] = Object.freeze([
  "opencode",
  "llmdata",
  "llmweights",
  "rldata",
  "rlweights",
  "license",
  "code",
  "architecture",
  "preprint",
  "paper",
  "modelcard",
  "datasheet",
  "package",
  "api",
]);

/** The three groups of the opening-up-chatgpt table. */
export const FEATURE_GROUPS: Readonly<Record<"availability" | "documentation" | "access", readonly LiesenfeldFeature[]>> =
  Object.freeze({
    availability: Object.freeze(["opencode", "llmdata", "llmweights", "rldata", "rlweights", "license"] as const),
    documentation: Object.freeze(["code", "architecture", "preprint", "paper", "modelcard", "datasheet"] as const),
    access: Object.freeze(["package", "api"] as const),
  });

/** Kind of content of a MOF component; it decides which licences are appropriate. */
export type MofContentType = "code" | "data" | "document";

/** The 17 MOF components with their content type (MOT `Test_Data/Test_Scripts/Components.yml`). */
export const MOF_COMPONENTS: readonly { name: MofComponent; contentType: MofContentType }[] = Object.freeze([
  { name: "Model architecture", contentType: "code" },
  { name: "Data preprocessing code", contentType: "code" },
  { name: "Training code", contentType: "code" },
  { name: "Inference code", contentType: "code" },
  { name: "Evaluation code", contentType: "code" },
  { name: "Supporting libraries and tools", contentType: "code" },
  { name: "Model parameters (Final)", contentType: "data" },
  { name: "Model parameters (Intermediate)", contentType: "data" },
  { name: "Datasets", contentType: "data" },
  { name: "Evaluation data", contentType: "data" },
  { name: "Model metadata", contentType: "data" },
  { name: "Sample model outputs", contentType: "document" },
  { name: "Model card", contentType: "document" },
  { name: "Data card", contentType: "document" },
  { name: "Technical report", contentType: "document" },
  { name: "Research paper", contentType: "document" },
  { name: "Evaluation results", contentType: "document" },
] as const);

/** Components each class adds to the one below it (classes are cumulative: II includes III's). */
export const MOF_CLASS_ADDS: Readonly<Record<MofClass, { required: readonly MofComponent[]; optional: readonly MofComponent[] }>> =
  Object.freeze({
    III: {
      required: ["Model architecture", "Model parameters (Final)", "Evaluation results", "Model card", "Data card", "Technical report"],
      optional: ["Sample model outputs"],
    },
    II: {
      required: ["Training code", "Inference code", "Evaluation code", "Evaluation data"],
      optional: ["Supporting libraries and tools"],
    },
    I: {
      required: ["Datasets", "Data preprocessing code", "Model parameters (Intermediate)", "Research paper"],
      optional: ["Model metadata"],
    },
  });

/** Required components of a class, cumulative (6 for III, 10 for II, 14 for I). */
export function mofRequired(cls: MofClass): MofComponent[] {
  const iii = [...MOF_CLASS_ADDS.III.required];
  if (cls === "III") return iii;
  const ii = [...iii, ...MOF_CLASS_ADDS.II.required];
  if (cls === "II") return ii;
  return [...ii, ...MOF_CLASS_ADDS.I.required];
}

/** The disclosure items of the paper, in report order. */
export const DISCLOSURE_KEYS: readonly DisclosureKey[] = Object.freeze([
  "parameterCount",
  "trainingDataDescription",
  "trainingCompute",
  "carbonEmissions",
  "evaluation",
]);

/** Human-readable names of the disclosure items. */
export const DISCLOSURE_NAMES: Readonly<Record<DisclosureKey, string>> = Object.freeze({
  parameterCount: "parameter count",
  trainingDataDescription: "training-data description",
  trainingCompute: "training compute/hardware",
  carbonEmissions: "carbon emissions",
  evaluation: "evaluation results",
});
