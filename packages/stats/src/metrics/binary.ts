import { WcError } from "@wc/tensor";
import { assertSameLength, toFiniteF64 } from "../internal/checks";
import { argsortF64 } from "../internal/argsort";
import { rankAverage } from "../numeric/ranks";

function toBinary(labels: ArrayLike<number | boolean>, where: string): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === true || v === 1) out[i] = 1;
    else if (v !== false && v !== 0) throw new WcError("E_RANGE", `${where}: labels[${i}] = ${String(v)}; labels must be 0/1 or booleans`);
  }
  return out;
}

function counts(y: Uint8Array, where: string): [number, number] {
  let p = 0;
  for (let i = 0; i < y.length; i++) p += y[i] as number;
  const n = y.length - p;
  if (p === 0 || n === 0) throw new WcError("E_RANGE", `${where}: need both positive and negative labels, got ${p} positive and ${n} negative`);
  return [p, n];
}

/**
 * Area under the ROC curve (scikit-learn `roc_auc_score`), via the Mann-Whitney U statistic with
 * average ranks, so tied scores count one half.
 *
 * @param scores - finite scores, higher means more likely positive.
 * @param labels - 0/1 or booleans, same length, both classes present.
 * @returns AUROC in [0, 1].
 * @throws {WcError} `E_SHAPE` for mismatched lengths; `E_RANGE` for NaN scores, bad labels or a single class.
 * @example
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  const where = "auroc";
  const s = toFiniteF64(scores, where, "scores");
  const y = toBinary(labels, where);
  assertSameLength(s.length, y.length, where, "scores", "labels");
  const [p, n] = counts(y, where);
  const r = rankAverage(s);
  let sum = 0;
  for (let i = 0; i < s.length; i++) if (y[i]) sum += r[i] as number;
  return (sum - (p * (p + 1)) / 2) / (p * n);
}

/**
 * Area under the precision-recall curve as average precision, sum_k (R_k - R_{k-1}) P_k over
 * distinct score thresholds (scikit-learn `average_precision_score`; no interpolation).
 *
 * @param scores - finite scores, higher means more likely positive.
 * @param labels - 0/1 or booleans, same length, at least one positive.
 * @returns AP in [0, 1].
 * @throws {WcError} `E_SHAPE` for mismatched lengths; `E_RANGE` for NaN scores, bad labels or no positive.
 * @example
 * averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.8333333333333333
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  const where = "averagePrecision";
  const s = toFiniteF64(scores, where, "scores");
  const y = toBinary(labels, where);
  assertSameLength(s.length, y.length, where, "scores", "labels");
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] as number;
  if (pos === 0) throw new WcError("E_RANGE", `${where}: no positive label, so recall is undefined`);
  const order = argsortF64(s);
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let t = s.length - 1;
  while (t >= 0) {
    const v = s[order[t] as number] as number;
    while (t >= 0 && s[order[t] as number] === v) {
      if (y[order[t] as number]) tp++;
      else fp++;
      t--;
    }
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}
