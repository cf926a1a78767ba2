/** One judged response: a logged response (with log-probabilities) or a fresh draw of a policy. */
export interface Sample {
  /** Prompt identifier (folds and clusters are by prompt). */
  promptId: string;
  /** Judge score S (any scale; the calibrator is monotone). */
  judgeScore: number;
  /** Oracle label Y on [0, 1], or null/undefined when not labelled. */
  oracleLabel?: number | null;
  /** log pi0(a|x) of the logging policy (logged data only). */
  baseLogprob?: number;
  /** log pi'(a|x) per target policy (logged data only). */
  targetLogprobs?: Record<string, number>;
  /** Response length in tokens (per-token surprisal in CLE). */
  tokenCount?: number;
}
