import { groupedCorrelation, kendall, pearson, spearman, type CorrelationMethod } from "@wc/nlg-metrics";
import { WcError } from "@wc/tensor";
import type { TigerResult } from "./types";

/** Options of {@link correlateWithHumans}. */
export interface CorrelateOptions {
  /** Group label per item (e.g. the source sample): correlation inside each group, then the mean (cor_eval.py); default none (flat). */
  groups?: (string | number)[];
  /** `'spearman'` (default), `'pearson'` or `'kendall'` (τ-b). */
  method?: CorrelationMethod;
  /** Drop items whose score is null (default true); with false, a null score is an error. */
  dropFailed?: boolean;
}

/**
 * Correlates TIGERScore scores with human ratings, using `@wc/nlg-metrics` (SciPy-matching).
 * Failed parses (score null) are dropped and counted. Flat mode: one coefficient over all items;
 * grouped mode: per-group coefficients averaged (groups with < 2 items or constant scores skipped).
 *
 * @param results - scored results
 * @param human - human ratings, one per result
 * @param opts - `groups`, `method` (default spearman), `dropFailed` (default true)
 * @returns `{ value, n, failed }` (and `p` in flat mode)
 * @throws {WcError} E_SHAPE for unequal lengths; E_RANGE for non-finite ratings or a failed parse with dropFailed false; E_ARGUMENT for an unknown method; E_SHAPE when fewer than 2 items remain
 * @example
 * correlateWithHumans(results, [1, 2, 3]).value;
 */
export function correlateWithHumans(
  results: readonly TigerResult[],
  human: readonly number[],
  opts: CorrelateOptions = {},
): { value: number; n: number; failed: number; p?: number } {
  if (results.length !== human.length) throw new WcError("E_SHAPE", `correlateWithHumans: ${results.length} results but ${human.length} human ratings; give one rating per result`);
  if (opts.groups !== undefined && opts.groups.length !== results.length) {
    throw new WcError("E_SHAPE", `correlateWithHumans: ${opts.groups.length} group labels for ${results.length} results`);
  }
  const method = opts.method ?? "spearman";
  if (method !== "spearman" && method !== "pearson" && method !== "kendall") throw new WcError("E_ARGUMENT", `correlateWithHumans: unknown method ${JSON.stringify(method)}`);
  const dropFailed = opts.dropFailed ?? true;
  const x: number[] = [];
  const y: number[] = [];
  const g: (string | number)[] = [];
  let failed = 0;
  results.forEach((r, i) => {
    if (!Number.isFinite(human[i])) throw new WcError("E_RANGE", `correlateWithHumans: human[${i}] = ${human[i]} is not finite`);
    if (r.score === null) {
      if (!dropFailed) throw new WcError("E_RANGE", `correlateWithHumans: results[${i}] failed to parse and dropFailed is false`);
      failed++;
      return;
    }
    x.push(r.score);
    y.push(human[i]!);
    if (opts.groups) g.push(opts.groups[i]!);
  });
  if (x.length < 2) throw new WcError("E_SHAPE", `correlateWithHumans: need at least 2 scored items, have ${x.length} (${failed} failed)`);
  if (opts.groups) return { value: groupedCorrelation(x, y, g, method), n: x.length, failed };
  const c = method === "pearson" ? pearson(x, y) : method === "kendall" ? kendall(x, y) : spearman(x, y);
  const value = "r" in c ? c.r : "rho" in c ? c.rho : c.tau;
  return { value, n: x.length, failed, p: c.p };
}
