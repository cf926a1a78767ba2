import { sentenceBleu, sentenceChrf, sentenceTer } from "@wc/nlg-metrics";
import type { MetricFn } from "./types";

/**
 * The official ACES BLEU baseline: sacreBLEU `sentence_bleu(hyp, [ref])` (13a, exp smoothing,
 * effective order), via `@wc/nlg-metrics`.
 *
 * @example
 * bleuMetric("the cat sat", "the cat sat", "", row); // 100
 */
export const bleuMetric: MetricFn = (hyp, ref) => sentenceBleu(hyp, [ref]).score;

/**
 * The official ACES chrF baseline: sacreBLEU `sentence_chrf(hyp, [ref])` (6 character orders, no
 * word orders, β = 2, effective-order averaging).
 *
 * @example
 * chrfMetric("abc", "abc", "", row); // 100
 */
export const chrfMetric: MetricFn = (hyp, ref) => sentenceChrf(hyp, [ref]).score;

/** chrF++ (word order 2), not an official ACES baseline. */
export const chrfppMetric: MetricFn = (hyp, ref) => sentenceChrf(hyp, [ref], { wordOrder: 2 }).score;

/** Negated sentence TER (so that higher is better, as ACES assumes), not an official ACES baseline. */
export const negTerMetric: MetricFn = (hyp, ref) => -sentenceTer(hyp, [ref]).score;

/**
 * The lexical baselines by name: `BLEU`, `chrF` (official ACES baselines), `chrF++`, `-TER`.
 *
 * @example
 * await scoreChallengeSet(rows, { BLEU: BASELINE_METRICS.BLEU });
 */
export const BASELINE_METRICS: Readonly<Record<"BLEU" | "chrF" | "chrF++" | "-TER", MetricFn>> = Object.freeze({
  BLEU: bleuMetric,
  chrF: chrfMetric,
  "chrF++": chrfppMetric,
  "-TER": negTerMetric,
});
