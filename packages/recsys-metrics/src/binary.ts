import { WcError } from "@wc/tensor";
import { aucScore } from "./ranks";

/** Options of {@link binaryMetrics}. */
export interface BinaryOptions {
  /** Probabilities are clipped to [eps, 1 − eps] for the log loss. Default 1e-15 (scikit-learn ≤ 1.2). */
  eps?: number;
}

/**
 * ROC-AUC (Mann–Whitney, average ranks on ties) and log loss −mean[y ln p + (1−y) ln(1−p)] with p
 * clipped to [eps, 1 − eps].
 *
 * @param label - 0/1 labels
 * @param prob - predicted probabilities of class 1, in [0, 1]
 * @param o - options; eps default 1e-15
 * @returns `{ auc, logloss }`
 * @throws WcError E_SHAPE for different or zero lengths; E_RANGE for labels not 0/1, probabilities outside [0, 1] or non-finite, a single class, or eps outside (0, 0.5)
 * @example
 * binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.9)).auc; // 1
 */
export function binaryMetrics(label: Uint8Array, prob: Float64Array, o: BinaryOptions = {}): { auc: number; logloss: number } {
  const eps = o.eps ?? 1e-15;
  if (typeof eps !== "number" || !(eps > 0 && eps < 0.5)) throw new WcError("E_RANGE", `binaryMetrics: eps must be in (0, 0.5), got ${String(eps)}`);
  if (label.length !== prob.length || label.length === 0) {
    throw new WcError("E_SHAPE", `binaryMetrics: label and prob must have the same non-zero length, got ${label.length} and ${prob.length}`);
  }
  let s = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i] as number;
    if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `binaryMetrics: prob[${i}] = ${String(p)} is not a probability in [0, 1]`);
    const q = Math.min(Math.max(p, eps), 1 - eps);
    const y = label[i];
    if (y !== 0 && y !== 1) throw new WcError("E_RANGE", `binaryMetrics: labels must be 0 or 1, got ${String(y)} at ${i}`);
    s += y === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return { auc: aucScore(label, prob), logloss: -s / prob.length };
}
