import { auroc, bootstrap, pearson, spearman, williamsTest } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finite, pair } from "./checks";
import type { PaperOutcomes, Stat } from "./types";

/** One outcome's validity statistic: Spearman (continuous) or point-biserial r + AUROC (hit flags). */
export type OutcomeStat = Stat & { auroc?: number; kind: "spearman" | "pointBiserial" };

const toStat = (r: { statistic: number; pValue: number; n: number; ci?: readonly [number, number] }): Stat => ({
  value: r.statistic,
  pValue: r.pValue,
  ci: r.ci ? [r.ci[0], r.ci[1]] : [Number.NaN, Number.NaN],
  n: r.n,
});

/**
 * Outcome validity of a score: Spearman with log1p(citations), novelty and disruption; for the hit
 * flags (hit1/5/10) the point-biserial r (Pearson on 0/1) and AUROC (Mann-Whitney U / (n1 n0), ties
 * count 1/2). Each outcome uses the papers where it is present; outcomes with fewer than 3 papers, a
 * constant score or a single class are left out.
 *
 * @param score - a score per paper (finite).
 * @param outcomes - the outcomes per paper (same length; undefined entries allowed).
 * @returns a statistic per outcome name present.
 * @throws {WcError} `E_SHAPE` for mismatched lengths; `E_RANGE` for NaN/Inf scores, negative citations or non-finite outcomes.
 * @example
 * outcomeValidity([1, 2, 3, 4], [{ citations: 0 }, { citations: 3 }, { citations: 2 }, { citations: 9 }]).citations.value; // 0.8
 */
export function outcomeValidity(score: ArrayLike<number>, outcomes: (PaperOutcomes | undefined)[]): Record<string, OutcomeStat> {
  const where = "outcomeValidity";
  const s = finite(score, where, "score");
  if (s.length !== outcomes.length) throw new WcError("E_SHAPE", `${where}: score and outcomes must have the same length, got ${s.length} and ${outcomes.length}`);
  const out: Record<string, OutcomeStat> = {};
  const continuous: ["citations" | "novelty" | "disruption", (v: number) => number][] = [["citations", Math.log1p], ["novelty", (v) => v], ["disruption", (v) => v]];
  for (const [key, tf] of continuous) {
    const xs: number[] = [];
    const ys: number[] = [];
    outcomes.forEach((o, i) => {
      const v = o?.[key];
      if (v === undefined || v === null) return;
      if (!Number.isFinite(v) || (key === "citations" && v < 0)) throw new WcError("E_RANGE", `${where}: outcomes[${i}].${key} must be finite${key === "citations" ? " and >= 0" : ""}, got ${v}`);
      xs.push(s[i]!);
      ys.push(tf(v));
    });
    if (xs.length >= 3 && new Set(xs).size > 1 && new Set(ys).size > 1) out[key] = { ...toStat(spearman(xs, ys)), kind: "spearman" };
  }
  for (const key of ["hit1", "hit5", "hit10"] as const) {
    const xs: number[] = [];
    const ys: number[] = [];
    outcomes.forEach((o, i) => {
      const v = o?.[key];
      if (v === undefined || v === null) return;
      xs.push(s[i]!);
      ys.push(v ? 1 : 0);
    });
    if (xs.length >= 3 && new Set(xs).size > 1 && new Set(ys).size > 1) out[key] = { ...toStat(pearson(xs, ys)), auroc: auroc(xs, ys), kind: "pointBiserial" };
  }
  return out;
}

/** Result of {@link compareOutcomeCorrelations}. */
export interface OutcomeComparison {
  rLlm: number;
  rHuman: number;
  /** r(LLM, human). */
  rLlmHuman: number;
  /** Williams' t test of r(LLM, Y) = r(human, Y) given r(LLM, human) (df n - 3). */
  williams: { t: number; p: number };
  /** Paired percentile bootstrap interval of rLlm - rHuman. */
  bootDiffCI: [number, number];
}

/**
 * Compares how strongly the LLM and the human scores correlate with the same outcome: Williams' test
 * for dependent correlations sharing a variable (r12 = r(LLM, Y), r13 = r(human, Y), r23 = r(LLM, human))
 * and a paired bootstrap interval of the difference.
 *
 * @param llm - LLM scores.
 * @param human - human scores, same length.
 * @param outcome - outcome values (e.g. log1p(citations)), same length, n >= 4.
 * @param o - `method` 'pearson' (default; Williams' test assumes Pearson) or 'spearman'; `nResamples` (2000); `seed` (0); `confidenceLevel` (0.95).
 * @returns {@link OutcomeComparison}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 4; `E_RANGE` for NaN/Inf or a constant input.
 * @example
 * compareOutcomeCorrelations(llm, human, citations.map(Math.log1p)).williams.p;
 */
export function compareOutcomeCorrelations(
  llm: ArrayLike<number>,
  human: ArrayLike<number>,
  outcome: ArrayLike<number>,
  o: { method?: "pearson" | "spearman"; nResamples?: number; seed?: number; confidenceLevel?: number } = {},
): OutcomeComparison {
  const where = "compareOutcomeCorrelations";
  const a = finite(llm, where, "llm");
  const b = finite(human, where, "human");
  const y = finite(outcome, where, "outcome");
  pair(a, b, where, "llm", "human", 4);
  pair(a, y, where, "llm", "outcome", 4);
  const method = o.method ?? "pearson";
  if (method !== "pearson" && method !== "spearman") throw new WcError("E_ARGUMENT", `${where}: method must be 'pearson' or 'spearman', got ${String(method)}`);
  const r = (x: Float64Array, z: Float64Array) => (method === "pearson" ? pearson(x, z) : spearman(x, z)).statistic;
  const rLlm = r(a, y);
  const rHuman = r(b, y);
  const rLlmHuman = r(a, b);
  const w = williamsTest(rLlm, rHuman, rLlmHuman, a.length);
  const diff = (x: Float64Array, z: Float64Array, v: Float64Array) => {
    try {
      return r(x, v) - r(z, v);
    } catch {
      return 0; // degenerate (constant) resample
    }
  };
  const bs = bootstrap([a, b, y], (x, z, v) => diff(x!, z!, v!), { nResamples: o.nResamples ?? 2000, seed: o.seed ?? 0, confidenceLevel: o.confidenceLevel ?? 0.95 });
  return { rLlm, rHuman, rLlmHuman, williams: { t: w.t, p: w.pValue }, bootDiffCI: [bs.ci[0], bs.ci[1]] };
}
