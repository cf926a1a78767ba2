import { WcError, type FloatTensor } from "@wc/tensor";
import { normAxis } from "../internal/alloc";

/**
 * Per-channel running statistics of a stream of tensors, merged batch by batch with Chan et al.'s
 * parallel update (no activation is kept): count, mean, sum of squares and the variance.
 * @example
 * const s = new RunningStats(); s.update(x, -1); s.variance();
 */
export class RunningStats {
  /** Values seen per channel. */
  count = 0;
  /** Per-channel mean. */
  mean: Float64Array = new Float64Array(0);
  /** Per-channel sum of squared deviations from the mean (M2). */
  m2: Float64Array = new Float64Array(0);
  /** Per-channel sum of squares `sum x^2` (the squared column norm Wanda-style scores use). */
  sumSq: Float64Array = new Float64Array(0);
  /** Channel axis used (normalised). */
  axis = -1;

  /**
   * Folds a tensor in: every element counts toward the channel given by its index on `axis`.
   * @param t - contiguous float tensor
   * @param axis - channel axis (negative counts from the end)
   * @throws {WcError} `E_RANGE` for an axis out of range; `E_SHAPE` when the channel count changes.
   */
  update(t: FloatTensor, axis: number): void {
    const s = t.shape;
    const ax = normAxis(axis, s.length, "RunningStats");
    const C = s[ax]!;
    const inner = s.slice(ax + 1).reduce((a, b) => a * b, 1);
    const outer = s.slice(0, ax).reduce((a, b) => a * b, 1);
    if (this.mean.length === 0) {
      this.mean = new Float64Array(C);
      this.m2 = new Float64Array(C);
      this.sumSq = new Float64Array(C);
      this.axis = ax;
    } else if (this.mean.length !== C) {
      throw new WcError("E_SHAPE", `RunningStats: channel count changed from ${this.mean.length} to ${C} (axis ${axis} of [${s.join(", ")}])`);
    }
    const nb = outer * inner;
    if (nb === 0) return;
    const d = t.data;
    const bm = new Float64Array(C);
    const bs = new Float64Array(C);
    for (let o = 0; o < outer; o++) for (let c = 0; c < C; c++) for (let i = 0, p = (o * C + c) * inner; i < inner; i++) bm[c]! += d[p + i]!;
    for (let c = 0; c < C; c++) bm[c]! /= nb;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < C; c++) {
        for (let i = 0, p = (o * C + c) * inner; i < inner; i++) {
          const v = d[p + i]!;
          bs[c]! += (v - bm[c]!) ** 2;
          this.sumSq[c]! += v * v;
        }
      }
    }
    const na = this.count;
    const n = na + nb;
    for (let c = 0; c < C; c++) {
      const delta = bm[c]! - this.mean[c]!;
      this.mean[c]! += (delta * nb) / n;
      this.m2[c]! += bs[c]! + (delta * delta * na * nb) / n;
    }
    this.count = n;
  }

  /**
   * Per-channel variance.
   * @param options - `unbiased`: divide by `count - 1` instead of `count`; default false
   * @returns a new array
   */
  variance(options: { unbiased?: boolean } = {}): Float64Array {
    const den = options.unbiased ? this.count - 1 : this.count;
    return this.m2.map((v) => v / den);
  }
}
