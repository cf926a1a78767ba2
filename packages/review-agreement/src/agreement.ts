import { bootstrap, kendall, normalQuantile, pearson, quadraticWeightedKappa, spearman, studentTQuantile } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finite, mean, pair, roundHalfEven, sd } from "./checks";
import type { Stat } from "./types";

/** Options of {@link agreement}. */
export interface AgreementOptions {
  /** Rating scale [lo, hi] used by QWK (integers clipped to it) (default [1, 10]). */
  scale?: [number, number];
  /** Tolerance of `withinTol` (default 1). */
  tol?: number;
  /** Correlation intervals: 'fisher' (default; Fisher z for Pearson and, as an approximation, Spearman; Fieller's 0.437/(n - 4) for Kendall) or 'bootstrap' (percentile, paired). */
  ci?: "fisher" | "bootstrap";
  /** Bootstrap resamples (default 2000). */
  nResamples?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Confidence level (default 0.95). */
  confidenceLevel?: number;
}

/** Result of {@link agreement}. */
export interface AgreementReport {
  n: number;
  pearson: Stat;
  spearman: Stat;
  kendallB: Stat;
  /** mean(LLM - human): positive = over-estimation. */
  bias: number;
  /** t interval of the bias. */
  biasCI: [number, number];
  mae: number;
  rmse: number;
  /** Bland-Altman 95 % limits of agreement bias -+ 1.96 sd(diff). */
  loa: [number, number];
  /** P(round(LLM) = round(human)) (round half to even, as NumPy). */
  exact: number;
  /** P(|LLM - human| <= tol). */
  withinTol: number;
  /** Quadratic-weighted kappa over the full scale. */
  qwk: number;
  /** sd(LLM) / sd(human) (range compression when < 1). */
  sdRatio: number;
}

function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return 0; // a degenerate (constant) bootstrap resample: no association
  }
}

/**
 * Agreement of LLM ratings with (aggregated) human ratings: Pearson, Spearman and Kendall tau-b with
 * SciPy p-values and intervals, bias with a t interval, MAE, RMSE, Bland-Altman limits, exact and
 * within-tolerance agreement, quadratic-weighted kappa over the full scale, and the sd ratio.
 *
 * @param llm - LLM ratings (finite).
 * @param human - human ratings (finite), same length, n >= 3.
 * @param o - {@link AgreementOptions}; defaults scale [1, 10], tol 1, ci 'fisher', 2000 resamples, seed 0, level 0.95.
 * @returns {@link AgreementReport} (correlations are NaN when either input is constant).
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 3; `E_RANGE` for NaN/Inf, tol < 0 or a bad scale; `E_ARGUMENT` for an unknown ci.
 * @example
 * agreement([7, 8, 9, 8], [3, 5, 6, 4]).bias; // 3.5
 */
export function agreement(llm: ArrayLike<number>, human: ArrayLike<number>, o: AgreementOptions = {}): AgreementReport {
  const where = "agreement";
  const a = finite(llm, where, "llm");
  const b = finite(human, where, "human");
  pair(a, b, where, "llm", "human", 3);
  const n = a.length;
  const tol = o.tol ?? 1;
  if (!(tol >= 0)) throw new WcError("E_RANGE", `${where}: tol must be >= 0, got ${tol}`);
  const scale = o.scale ?? [1, 10];
  const level = o.confidenceLevel ?? 0.95;
  const method = o.ci ?? "fisher";
  if (method !== "fisher" && method !== "bootstrap") throw new WcError("E_ARGUMENT", `${where}: ci must be 'fisher' or 'bootstrap', got ${String(method)}`);
  const constant = sd(a) === 0 || sd(b) === 0;
  const nan: Stat = { value: Number.NaN, pValue: Number.NaN, ci: [Number.NaN, Number.NaN], n };
  let pe = nan;
  let sp = nan;
  let kb = nan;
  if (!constant) {
    const p = pearson(a, b, { confidenceLevel: level });
    const s = spearman(a, b, { confidenceLevel: level });
    const k = kendall(a, b, { variant: "b" });
    const noCi: [number, number] = [Number.NaN, Number.NaN];
    pe = { value: p.statistic, pValue: p.pValue, ci: p.ci ? [p.ci[0], p.ci[1]] : noCi, n };
    sp = { value: s.statistic, pValue: s.pValue, ci: s.ci ? [s.ci[0], s.ci[1]] : noCi, n };
    const h = normalQuantile((1 + level) / 2) * Math.sqrt(0.437 / (n - 4));
    kb = { value: k.statistic, pValue: k.pValue, ci: n > 4 ? [Math.tanh(Math.atanh(k.statistic) - h), Math.tanh(Math.atanh(k.statistic) + h)] : noCi, n };
    if (method === "bootstrap") {
      const opts = { nResamples: o.nResamples ?? 2000, seed: o.seed ?? 0, confidenceLevel: level };
      const ci = (f: (x: Float64Array, y: Float64Array) => number): [number, number] => {
        const r = bootstrap([a, b], (x, y) => safe(() => f(x!, y!)), opts).ci;
        return [r[0], r[1]];
      };
      pe = { ...pe, ci: ci((x, y) => pearson(x, y).statistic) };
      sp = { ...sp, ci: ci((x, y) => spearman(x, y).statistic) };
      kb = { ...kb, ci: ci((x, y) => kendall(x, y, { method: "asymptotic" }).statistic) };
    }
  }
  const d = a.map((v, i) => v - b[i]!);
  const bias = mean(d);
  const sdd = sd(d);
  const th = studentTQuantile((1 + level) / 2, n - 1) * (sdd / Math.sqrt(n));
  let mae = 0;
  let mse = 0;
  let exact = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    mae += Math.abs(d[i]!);
    mse += d[i]! ** 2;
    if (roundHalfEven(a[i]!) === roundHalfEven(b[i]!)) exact++;
    if (Math.abs(d[i]!) <= tol + 1e-12) within++;
  }
  return {
    n,
    pearson: pe,
    spearman: sp,
    kendallB: kb,
    bias,
    biasCI: [bias - th, bias + th],
    mae: mae / n,
    rmse: Math.sqrt(mse / n),
    loa: [bias - 1.96 * sdd, bias + 1.96 * sdd],
    exact: exact / n,
    withinTol: within / n,
    qwk: quadraticWeightedKappa(a, b, scale),
    sdRatio: sd(a) / sd(b),
  };
}
