/** One contrastive challenge-set row (the columns of an ACES TSV). */
export interface ChallengeRow {
  /** Source sentence (`source`). */
  source: string;
  /** The correct translation (`good-translation`). */
  goodTranslation: string;
  /** The translation with the error (`incorrect-translation`). */
  incorrectTranslation: string;
  /** Reference translation (`reference`). */
  reference: string;
  /** Fine-grained phenomenon label (`phenomena`), one of ACES_PHENOMENA or a user label. */
  phenomena: string;
  /** Language pair (`langpair`), optional. */
  langpair?: string;
  /** Span-ACES: the incorrect translation with error spans as `<v>…</v>`. */
  incorrectTranslationAnnotated?: string;
  /** Span-ACES: how the spans were annotated (`annotation-method`). */
  annotationMethod?: string;
  /** Row id (`ID` / `id` column), optional. */
  id?: string | number;
}

/**
 * A metric: the score of a hypothesis given the reference and source (higher = better). It may be
 * asynchronous (e.g. a remote COMET or LLM-judge call). Reference-free metrics ignore `ref`.
 */
export type MetricFn = (hyp: string, ref: string, src: string, row: ChallengeRow) => number | Promise<number>;

/** A row with the scores of its good and incorrect translation under each metric. */
export type ScoredRow = ChallengeRow & { scores: Record<string, { good: number; bad: number }> };
