/** A user (query) or item (document) identifier. Numbers and strings are distinct ids only by value: 7 and "7" are the same id. */
export type Id = string | number;

/** Ground truth: user -> item -> graded relevance (an item counts as relevant when its grade is `>= relLevel`). */
export type Qrels = Map<Id, Map<Id, number>>;

/** One user's ranked list. Without `scores` the order of `items` is the ranking; with `scores` the list is re-sorted by score (descending) with the tie rule of the options. */
export interface RankedList {
  /** Items, best first (or in any order when `scores` is given). */
  items: Id[];
  /** Optional scores aligned with `items`. */
  scores?: Float64Array;
}

/** A system's output: user -> ranked list. */
export type Run = Map<Id, RankedList>;

/** Names of the ranking metrics {@link rankingMetrics} computes. */
export type RankMetric =
  | "precision"
  | "recall"
  | "f1"
  | "hitRate"
  | "mrr"
  | "arhr"
  | "map"
  | "ndcg"
  | "dcg"
  | "auc"
  | "gauc";

/** Every ranking metric name, in a fixed order. */
export const RANK_METRICS: readonly RankMetric[] = Object.freeze([
  "precision",
  "recall",
  "f1",
  "hitRate",
  "mrr",
  "arhr",
  "map",
  "ndcg",
  "dcg",
  "auc",
  "gauc",
]);

/** Similarity (higher = closer) and distance (lower = closer) kinds of {@link similarity}. */
export type SimKind =
  | "cosine"
  | "adjustedCosine"
  | "pearson"
  | "spearman"
  | "jaccard"
  | "euclidean"
  | "manhattan"
  | "chebyshev"
  | "hamming";

/** Every similarity kind, in a fixed order. */
export const SIM_KINDS: readonly SimKind[] = Object.freeze([
  "cosine",
  "adjustedCosine",
  "pearson",
  "spearman",
  "jaccard",
  "euclidean",
  "manhattan",
  "chebyshev",
  "hamming",
]);
