/** One human review: a rating and an optional confidence on the venue's native scales. */
export interface HumanReview {
  rating: number;
  confidence?: number;
}

/** Post-publication outcomes of a paper (any may be absent). */
export interface PaperOutcomes {
  citations?: number;
  hit1?: boolean;
  hit5?: boolean;
  hit10?: boolean;
  novelty?: number;
  disruption?: number;
}

/** The LLM review of a paper: full-text rating/confidence and the abstract-only ("idea") ones. */
export interface LlmReview {
  rating: number;
  confidence?: number;
  ideaRating?: number;
  ideaConfidence?: number;
}

/** One paper: its human reviews, an LLM review and outcomes. */
export interface PaperRecord {
  paperId: string;
  field?: string;
  year?: number;
  human: HumanReview[];
  llm?: LlmReview;
  outcomes?: PaperOutcomes;
}

/** A statistic with its p-value and confidence interval. */
export interface Stat {
  /** The coefficient. */
  value: number;
  /** Two-sided p-value of no association (SciPy's). */
  pValue: number;
  /** Confidence interval (NaN ends where undefined, e.g. n <= 3). */
  ci: [number, number];
  /** Number of pairs. */
  n: number;
}
