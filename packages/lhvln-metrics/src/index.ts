export type { EpisodeRecord, LhvlnMetrics, LhvlnOptions } from "./types";
export { cgtTask, csrTask, tarPair } from "./task";
export { challengeScore, computeGrouped, computeMetrics } from "./metrics";
export { episodeFromStageLog } from "./episode";
export type { StageLog, StageLogOptions } from "./episode";
export { episodesFromJson, parseEpisodes } from "./io";
export { lhvlnReport } from "./report";
export type { LhvlnReport, LhvlnReportInput } from "./report";
