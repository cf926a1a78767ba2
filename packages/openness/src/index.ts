export type {
  ClaimedLabel,
  DisclosureKey,
  Evidence,
  LiesenfeldFeature,
  ModelRecord,
  MofClass,
  MofComponent,
  OpenClass,
  Scorecard,
} from "./types";
export { DISCLOSURE_KEYS, DISCLOSURE_NAMES, FEATURE_GROUPS, LIESENFELD_FEATURES, MOF_CLASS_ADDS, MOF_COMPONENTS, mofRequired } from "./rubric";
export type { MofContentType } from "./rubric";
export { OPEN_DATA_LICENSES, parseLicense } from "./license";
export type { LicenseInfo } from "./license";
export { DEFAULT_CLASS_VALUES, opennessIndex } from "./openness-index";
export type { OpennessIndexOptions } from "./openness-index";
export { classifyMof, deriveMofComponents, FEATURE_TO_MOF, featureLicense, mofComponentSatisfied } from "./mof";
export type { MofResult } from "./mof";
export { atLeastPartial, inferDisclosures } from "./disclosures";
export { checkOsaid } from "./osaid";
export type { OsaidResult } from "./osaid";
export { scoreModel } from "./score";
export type { ScoreOptions } from "./score";
export { scoreAll, sortScorecards } from "./score-all";
export { toModelRecord } from "./validate";
export { fromMotYaml, fromOpeningUpYaml } from "./yaml-readers";
export { readEvidence } from "./read-evidence";
