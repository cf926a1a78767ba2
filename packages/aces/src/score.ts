import { WcError } from "@wc/tensor";
import type { ChallengeRow, MetricFn, ScoredRow } from "./types";

/** Options of {@link scoreChallengeSet}. */
export interface ScoreOptions {
  /** Maximum number of metric calls in flight at once. Default 8. */
  concurrency?: number;
  /** Called after each finished metric call with (done, total). Default none. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Score every row with every metric (official `aces/scorers.py`): `good = m(goodTranslation,
 * reference, source)`, `bad = m(incorrectTranslation, reference, source)`. Metric calls may be
 * asynchronous and run with bounded concurrency; the result order equals the input order and the
 * input rows are not modified. A metric may return NaN (propagates to a NaN τ).
 *
 * @param rows - challenge-set rows
 * @param metrics - metric functions by name (the name becomes the TSV column prefix)
 * @param options - `concurrency` 8, `onProgress` none
 * @returns new rows with `scores[name] = { good, bad }`
 * @throws WcError E_ARGUMENT for no metrics, a non-function metric, a name containing a tab, or a metric returning a non-number
 * @throws WcError E_RANGE for a concurrency below 1
 * @example
 * await scoreChallengeSet(rows, { len: (h) => -h.length });
 */
export async function scoreChallengeSet(
  rows: readonly ChallengeRow[],
  metrics: Readonly<Record<string, MetricFn>>,
  options: ScoreOptions = {},
): Promise<ScoredRow[]> {
  const names = Object.keys(metrics ?? {});
  if (names.length === 0) throw new WcError("E_ARGUMENT", "scoreChallengeSet: expected at least one metric, e.g. { BLEU: bleuMetric }");
  for (const n of names) {
    if (typeof metrics[n] !== "function") throw new WcError("E_ARGUMENT", `scoreChallengeSet: metric ${JSON.stringify(n)} is not a function`);
    if (/[\t\n\r]/.test(n)) throw new WcError("E_ARGUMENT", `scoreChallengeSet: metric name ${JSON.stringify(n)} contains a tab or line break`);
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new WcError("E_RANGE", `scoreChallengeSet: expected concurrency to be an integer >= 1, got ${concurrency}`);
  }
  const out: ScoredRow[] = rows.map((r) => ({ ...r, scores: Object.fromEntries(names.map((n) => [n, { good: NaN, bad: NaN }])) }));
  const total = rows.length * names.length * 2;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const t = next++;
      const side = t % 2;
      const m = Math.floor(t / 2) % names.length;
      const i = Math.floor(t / (2 * names.length));
      const row = rows[i]!;
      const name = names[m]!;
      const hyp = side === 0 ? row.goodTranslation : row.incorrectTranslation;
      const v = await metrics[name]!(hyp, row.reference, row.source, row);
      if (typeof v !== "number") {
        throw new WcError("E_ARGUMENT", `scoreChallengeSet: metric ${JSON.stringify(name)} returned ${typeof v} for row ${i}; a metric must return a number`);
      }
      const slot = out[i]!.scores[name]!;
      if (side === 0) slot.good = v;
      else slot.bad = v;
      done++;
      options.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  return out;
}
