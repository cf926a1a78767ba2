import { WcError } from "@wc/tensor";
import { numOption, sameLength } from "./checks";

/** Result of {@link importanceWeights}. */
export interface ImportanceWeights {
  /** Log ratios l_i = log pi'(a|x) - log pi0(a|x) (NaN mapped to -Infinity). */
  logRatio: Float64Array;
  /** Raw w_i = exp(min(l_i, 709.78)), non-finite mapped to 0 (Horvitz-Thompson weights). */
  raw: Float64Array;
  /** Hajek weights n e^(l_i - max l) / sum_j e^(l_j - max l): mean exactly 1 (then clipped if asked). */
  hajek: Float64Array;
  /** True when every weight is 0 (the policy has no overlap with the logging policy). */
  noOverlap: boolean;
}

/**
 * Importance weights from log-probabilities, as cje's `PrecomputedSampler`: raw exponentiated log
 * ratios and mean-one Hajek weights computed in log space (max-shifted), optionally clipped at c and
 * rescaled to mean one.
 *
 * @param baseLogprob - log pi0(a_i|x_i) per logged row (NaN allowed: weight 0).
 * @param targetLogprob - log pi'(a_i|x_i) per row (NaN or -Infinity allowed: weight 0).
 * @param o - `clip`: cap c > 0 for the Hajek weights (default none).
 * @returns {@link ImportanceWeights}.
 * @throws {WcError} `E_SHAPE` for mismatched or empty input; `E_RANGE` for +Infinity log-probs or clip <= 0.
 * @example
 * importanceWeights([-1, -2], [-2, -1]).hajek; // [2 e^-1/(e^-1 + e), 2 e/(e^-1 + e)]
 */
export function importanceWeights(baseLogprob: ArrayLike<number>, targetLogprob: ArrayLike<number>, o: { clip?: number } = {}): ImportanceWeights {
  const where = "importanceWeights";
  sameLength(baseLogprob.length, targetLogprob.length, where, "baseLogprob", "targetLogprob");
  const n = baseLogprob.length;
  if (n === 0) throw new WcError("E_SHAPE", `${where}: no rows`);
  if (o.clip !== undefined) numOption(o.clip, 0, Infinity, where, "clip");
  const l = new Float64Array(n);
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const b = baseLogprob[i] as number;
    const t = targetLogprob[i] as number;
    if (b === Infinity || t === Infinity) throw new WcError("E_RANGE", `${where}: row ${i} has a log-probability of +Infinity`);
    let v = t - b;
    if (Number.isNaN(v)) v = -Infinity;
    l[i] = v;
    if (v > mx) mx = v;
  }
  const raw = new Float64Array(n);
  const hajek = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = Math.exp(Math.min(l[i]!, 709.78));
    raw[i] = Number.isFinite(w) ? w : 0;
  }
  const noOverlap = mx === -Infinity;
  if (!noOverlap) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      hajek[i] = Math.exp(l[i]! - mx);
      s += hajek[i]!;
    }
    for (let i = 0; i < n; i++) hajek[i] = (n * hajek[i]!) / s;
    if (o.clip !== undefined) {
      for (let i = 0; i < n; i++) hajek[i] = Math.min(hajek[i]!, o.clip);
      rescaleMeanOne(hajek);
    }
  }
  return { logRatio: l, raw, hajek, noOverlap };
}

/** Internal: rescales in place to mean one (no-op for an all-zero vector). */
export function rescaleMeanOne(w: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]!;
  if (s > 0) {
    const f = w.length / s;
    for (let i = 0; i < w.length; i++) w[i] = w[i]! * f;
  }
  return w;
}

/**
 * Effective sample size fraction (sum w)^2 / (n sum w^2); for mean-one weights 1/(1 + var_pop(w)).
 *
 * @param w - non-negative weights, not all zero.
 * @returns ESS / n in (0, 1].
 * @throws {WcError} `E_SHAPE` for no rows; `E_RANGE` for negative or non-finite weights or all zeros.
 * @example
 * essFraction([1, 1, 1, 1]); // 1
 */
export function essFraction(w: ArrayLike<number>): number {
  if (w.length === 0) throw new WcError("E_SHAPE", "essFraction: no weights");
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    if (!(v >= 0 && Number.isFinite(v))) throw new WcError("E_RANGE", `essFraction: weights must be finite and >= 0, got w[${i}] = ${v}`);
    s += v;
    s2 += v * v;
  }
  if (s2 === 0) throw new WcError("E_RANGE", "essFraction: all weights are zero (no overlap)");
  return (s * s) / (s2 * w.length);
}

/** Result of {@link weightGates}. */
export interface WeightGates {
  essFraction: number;
  /** 'good' (ESS/n >= 0.30), 'warning', or 'critical' (< 0.10). */
  essStatus: "good" | "warning" | "critical";
  /** Fraction of raw weights below 1e-10. */
  nearZeroFraction: number;
  /** True when more than 85 % of raw weights are below 1e-10. */
  nearZeroFlag: boolean;
  /** Share of sum(w) held by the top ceil(0.05 n) weights (at least 1). */
  top5Share: number;
  /** Coefficient of variation sd_pop(w)/mean(w). */
  cv: number;
  /** True when top5Share > 0.30 and cv > 2 (cje's "unreliable" tail flag). */
  unreliable: boolean;
}

/**
 * Reliability gates on importance weights, as cje's `diagnostics/gates.py`.
 *
 * @param w - weights (finite, >= 0, not all zero).
 * @returns {@link WeightGates}.
 * @throws {WcError} as {@link essFraction}.
 * @example
 * weightGates([1, 1, 1, 1]).essStatus; // "good"
 */
export function weightGates(w: ArrayLike<number>): WeightGates {
  const ess = essFraction(w);
  const n = w.length;
  const sorted = Float64Array.from(w).sort();
  let total = 0;
  let near = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i]!;
    if (sorted[i]! < 1e-10) near++;
  }
  const top = Math.max(1, Math.ceil(0.05 * n));
  let topSum = 0;
  for (let i = n - top; i < n; i++) topSum += sorted[i]!;
  const m = total / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (sorted[i]! - m) ** 2;
  const cv = Math.sqrt(v / n) / m;
  const top5Share = topSum / total;
  return {
    essFraction: ess,
    essStatus: ess >= 0.3 ? "good" : ess < 0.1 ? "critical" : "warning",
    nearZeroFraction: near / n,
    nearZeroFlag: near / n > 0.85,
    top5Share,
    cv,
    unreliable: top5Share > 0.3 && cv > 2,
  };
}
