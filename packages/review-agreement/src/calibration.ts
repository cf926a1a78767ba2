import { spearman } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finite, mean, pair } from "./checks";
import type { Stat } from "./types";

/** Options of {@link calibration}. */
export interface CalibrationOptions {
  /** Top of the confidence scale: stated probability = c / confMax (default 10). */
  confMax?: number;
  /** An answer is "correct" when |error| <= tol (default 1). */
  tol?: number;
  /** Number of equal-width bins on [0, 1] (default 10). */
  bins?: number;
}

/** Result of {@link calibration}. */
export interface CalibrationReport {
  /** Mean stated confidence on the native scale. */
  meanConfidence: number;
  /** Spearman(confidence, |error|): calibrated reviewers give a negative rho (NaN if either is constant). */
  rhoConfError: Stat;
  /** Expected calibration error sum_b (n_b / n) |acc_b - conf_b|. */
  ece: number;
  /** mean(c / confMax) - P(|error| <= tol). */
  overconfidence: number;
  /** Non-empty bins: mean stated probability, accuracy, count. */
  reliability: { conf: number; acc: number; n: number }[];
}

/**
 * Confidence calibration of a reviewer ([design], standard): the confidence c / confMax is read as the
 * stated probability that the rating is within `tol` of the human rating. Bins are right-closed
 * equal-width intervals ((b-1)/B, b/B] on [0, 1] (p = 0 goes to the first bin), as Guo et al. (2017).
 *
 * @param confidence - stated confidences on [0, confMax] (finite).
 * @param absError - |LLM - human| per paper (finite, >= 0), same length, n >= 1.
 * @param o - {@link CalibrationOptions}; defaults confMax 10, tol 1, bins 10.
 * @returns {@link CalibrationReport}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or no rows; `E_RANGE` for NaN/Inf, confidence outside [0, confMax], negative errors or bad options.
 * @example
 * calibration([9, 9, 9, 9], [0, 0.5, 2, 3]).ece; // 0.4
 */
export function calibration(confidence: ArrayLike<number>, absError: ArrayLike<number>, o: CalibrationOptions = {}): CalibrationReport {
  const where = "calibration";
  const c = finite(confidence, where, "confidence");
  const e = finite(absError, where, "absError");
  pair(c, e, where, "confidence", "absError", 1);
  const confMax = o.confMax ?? 10;
  const tol = o.tol ?? 1;
  const bins = o.bins ?? 10;
  if (!(confMax > 0)) throw new WcError("E_RANGE", `${where}: confMax must be > 0, got ${confMax}`);
  if (!(tol >= 0)) throw new WcError("E_RANGE", `${where}: tol must be >= 0, got ${tol}`);
  if (!Number.isInteger(bins) || bins < 1) throw new WcError("E_RANGE", `${where}: bins must be an integer >= 1, got ${bins}`);
  const n = c.length;
  const sumP = new Float64Array(bins);
  const sumA = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    if (c[i]! < 0 || c[i]! > confMax) throw new WcError("E_RANGE", `${where}: confidence[${i}] = ${c[i]} is outside [0, ${confMax}]`);
    if (e[i]! < 0) throw new WcError("E_RANGE", `${where}: absError[${i}] = ${e[i]} must be >= 0`);
    const p = c[i]! / confMax;
    const ok = e[i]! <= tol + 1e-12 ? 1 : 0;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins - 1e-12) - 1));
    sumP[b] = sumP[b]! + p;
    sumA[b] = sumA[b]! + ok;
    cnt[b] = cnt[b]! + 1;
    acc += ok;
  }
  let ece = 0;
  const reliability: { conf: number; acc: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    if (cnt[b] === 0) continue;
    const cb = sumP[b]! / cnt[b]!;
    const ab = sumA[b]! / cnt[b]!;
    ece += (cnt[b]! / n) * Math.abs(ab - cb);
    reliability.push({ conf: cb, acc: ab, n: cnt[b]! });
  }
  let rho: Stat = { value: Number.NaN, pValue: Number.NaN, ci: [Number.NaN, Number.NaN], n };
  const varies = (v: Float64Array) => v.some((x) => x !== v[0]);
  if (n >= 3 && varies(c) && varies(e)) {
    const s = spearman(c, e);
    rho = { value: s.statistic, pValue: s.pValue, ci: s.ci ? [s.ci[0], s.ci[1]] : [Number.NaN, Number.NaN], n };
  }
  return { meanConfidence: mean(c), rhoConfError: rho, ece, overconfidence: mean(c) / confMax - acc / n, reliability };
}
