/** How available a release component is, in the opening-up-chatgpt vocabulary. */
export type OpenClass = "open" | "partial" | "closed" | "unknown";

/** One piece of evidence about a component of a release. */
export interface Evidence {
  /** Availability judgement. */
  class: OpenClass;
  /** Where the evidence (or the artefact) lives; for weights, the download link. */
  link?: string;
  /** Free-text justification. */
  notes?: string;
  /** SPDX expression or free-text licence name under which the component is released. */
  license?: string;
}

/** The 14 features of the Liesenfeld–Dingemanse openness index (opening-up-chatgpt). */
export type LiesenfeldFeature =
  | "opencode"
  | "llmdata"
  | "llmweights"
  | "rldata"
  | "rlweights"
  | "license"
  | "code"
  | "architecture"
  | "preprint"
  | "paper"
  | "modelcard"
  | "datasheet"
  | "package"
  | "api";

/** The 17 components of the LF AI Model Openness Framework, spelled as the MOT YAML files spell them. */
export type MofComponent =
  | "Model architecture"
  | "Data preprocessing code"
  | "Training code"
  | "Inference code"
  | "Evaluation code"
  | "Supporting libraries and tools"
  | "Model parameters (Final)"
  | "Model parameters (Intermediate)"
  | "Datasets"
  | "Evaluation data"
  | "Model metadata"
  | "Sample model outputs"
  | "Model card"
  | "Data card"
  | "Technical report"
  | "Research paper"
  | "Evaluation results";

/** The transparency items the paper highlights. */
export type DisclosureKey =
  | "parameterCount"
  | "trainingDataDescription"
  | "trainingCompute"
  | "carbonEmissions"
  | "evaluation";

/** How the release labels itself. */
export type ClaimedLabel = "open-source" | "open-weight" | "proprietary" | "unspecified";

/** Evidence about one model release. */
export interface ModelRecord {
  name: string;
  org?: string;
  year?: number;
  claimedLabel?: ClaimedLabel;
  /** The 14 index features; a missing feature counts as `unknown` (value 0). */
  features: Partial<Record<LiesenfeldFeature, Evidence>>;
  /** MOF components; derived from `features` when absent (see `deriveMofComponents`). */
  mofComponents?: Partial<Record<MofComponent, Evidence>>;
  /** Explicit disclosure booleans; missing keys are inferred (see `inferDisclosures`). */
  disclosures?: Partial<Record<DisclosureKey, boolean>>;
}

/** MOF class names, I being the most open. */
export type MofClass = "I" | "II" | "III";

/** The result of scoring one release. */
export interface Scorecard {
  name: string;
  org?: string;
  year?: number;
  claimedLabel: ClaimedLabel;
  /** Weights available for download (open or partial, with a link unless `requireWeightsLink` is false). */
  openWeight: boolean;
  /** OSI Open Source AI Definition 1.0 check; `failing` names each unmet item. */
  osaid: { pass: boolean; failing: string[] };
  /** Weighted sum of feature values (0..14 with the default weights). */
  opennessIndex: number;
  /** `opennessIndex` divided by the sum of the weights (0..1). */
  opennessPct: number;
  /** MOF class, per-class progress (satisfied / required) and the unmet required components. */
  mof: { class: MofClass | null; progress: { I: number; II: number; III: number }; missing: string[] };
  disclosures: Record<DisclosureKey, boolean>;
  /** `flag`: claims open source but fails OSAID; `warning`: claims openness with index below the threshold. */
  openWashing: { flag: boolean; reasons: string[]; warning?: string };
}
