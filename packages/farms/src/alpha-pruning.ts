import { WcError, assertFinite, assertFloat, copy, type FloatTensor, type Tensor } from "@wc/tensor";

/** Options of {@link alphaPruningRatios}. */
export interface AlphaPruningOptions {
  /** Half-width of the ratio band `[1 - epsilon, 1 + epsilon]` before rescaling; default 0.2. */
  epsilon?: number;
  /**
   * Consecutive layers averaged into one block alpha (`mapping_type='block_wise'`); default 7
   * (LLaMA: q, k, v, o, gate, up, down). 1 disables the averaging.
   */
  layersPerBlock?: number;
}

/**
 * AlphaPruning layer-wise sparsities (spec section 3, step 8; `ww_sparsity`, block-wise mapping):
 * each alpha is replaced by the mean of its block of `layersPerBlock` consecutive layers, mapped
 * linearly onto `[1 - epsilon, 1 + epsilon]` (higher alpha -> pruned more), and rescaled so that
 * `sum P_l r_l = target sum P_l` (P_l = parameter count). A ratio above 1 becomes 0.998
 * (0.99999 when `target` is exactly 0.7), as in the FARMS code. When every block alpha is equal
 * (the code divides 0 by 0), every layer gets `target`.
 *
 * @param alphas - one finite alpha per prunable layer, in module order (not modified).
 * @param numParams - parameter count of each layer (> 0), same length.
 * @param target - global sparsity in [0, 1).
 * @param options - {@link AlphaPruningOptions}; defaults `{ epsilon: 0.2, layersPerBlock: 7 }`.
 * @returns a new array of per-layer sparsities.
 * @throws {WcError} `E_SHAPE` for lengths that differ or are not a multiple of `layersPerBlock`;
 *   `E_RANGE` for empty/non-finite alphas, non-positive counts, `target` outside [0, 1),
 *   `epsilon` outside [0, 1] or `layersPerBlock < 1`.
 * @example
 * alphaPruningRatios([1.5, 2.5, 3, 5], [100, 300, 100, 300], 0.5, { layersPerBlock: 2 }); // [0.4, 0.4, 0.6, 0.6]
 */
export function alphaPruningRatios(
  alphas: readonly number[],
  numParams: readonly number[],
  target: number,
  options: AlphaPruningOptions = {},
): number[] {
  const where = "alphaPruningRatios";
  const eps = options.epsilon ?? 0.2;
  const per = options.layersPerBlock ?? 7;
  const n = alphas?.length ?? 0;
  if (n === 0) throw new WcError("E_RANGE", `${where}: alphas is empty; pass one alpha per prunable layer`);
  if (numParams?.length !== n) {
    throw new WcError("E_SHAPE", `${where}: numParams has ${numParams?.length} entries, alphas has ${n}; pass one count per layer`);
  }
  if (!Number.isInteger(per) || per < 1) throw new WcError("E_RANGE", `${where}: layersPerBlock must be an integer >= 1, got ${per}`);
  if (n % per !== 0) {
    throw new WcError("E_SHAPE", `${where}: ${n} layers do not split into blocks of ${per}; set layersPerBlock to the number of prunable linears per block (or 1)`);
  }
  if (typeof target !== "number" || !(target >= 0 && target < 1)) throw new WcError("E_RANGE", `${where}: target sparsity must be in [0, 1), got ${target}`);
  if (typeof eps !== "number" || !(eps >= 0 && eps <= 1)) throw new WcError("E_RANGE", `${where}: epsilon must be in [0, 1], got ${eps}`);
  for (let i = 0; i < n; i++) {
    if (typeof alphas[i] !== "number" || !Number.isFinite(alphas[i]!)) throw new WcError("E_RANGE", `${where}: alphas[${i}] is ${alphas[i]}; every alpha must be finite`);
    if (typeof numParams[i] !== "number" || !Number.isFinite(numParams[i]!) || numParams[i]! <= 0) {
      throw new WcError("E_RANGE", `${where}: numParams[${i}] is ${numParams[i]}; counts must be > 0`);
    }
  }
  const scores = new Array<number>(n);
  for (let b = 0; b < n; b += per) {
    let s = 0;
    for (let j = b; j < b + per; j++) s += alphas[j]!;
    for (let j = b; j < b + per; j++) scores[j] = s / per;
  }
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  if (hi === lo) return new Array<number>(n).fill(target);
  const s1 = 1 - eps;
  const s2 = 1 + eps;
  const r = scores.map((a) => ((a - lo) / (hi - lo)) * (s2 - s1) + s1);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += numParams[i]!;
    weighted += numParams[i]! * r[i]!;
  }
  const c = (target * total) / weighted;
  const cap = target === 0.7 ? 0.99999 : 0.998;
  return r.map((x) => (x * c > 1 ? cap : x * c));
}

/**
 * Magnitude pruning of one weight at a given sparsity (AlphaPruning's per-layer pruner): every
 * entry with `|w| <=` the value at index `floor(numel * ratio)` of the ascending sorted `|w|` is
 * zeroed, as in the code, so `floor(numel * ratio) + 1` entries (plus ties) go. Ratio 0 keeps
 * everything (the code would still zero the smallest entry); ratio 1 zeroes everything.
 *
 * @param W - float tensor of any shape (not modified).
 * @param ratio - sparsity in [0, 1].
 * @returns a new contiguous tensor of the same dtype and shape.
 * @throws {WcError} `E_DTYPE` for integers; `E_RANGE` for NaN/Inf or a ratio outside [0, 1].
 * @example
 * magnitudePrune(fromNested([[1, -4], [3, 2]]), 0.25); // [[0, -4], [3, 0]]
 */
export function magnitudePrune(W: Tensor, ratio: number): FloatTensor {
  assertFloat(W, "magnitudePrune");
  assertFinite(W, "magnitudePrune");
  if (typeof ratio !== "number" || !(ratio >= 0 && ratio <= 1)) throw new WcError("E_RANGE", `magnitudePrune: ratio must be in [0, 1], got ${ratio}`);
  const size = W.size;
  const result = copy(W) as FloatTensor;
  const out = result.data;
  const k = Math.floor(size * ratio);
  if (ratio > 0 && size > 0) {
    const mags = new Float64Array(size);
    for (let p = 0; p < size; p++) mags[p] = Math.abs(out[p]!);
    mags.sort();
    const thr = mags[Math.min(k, size - 1)]!;
    for (let p = 0; p < size; p++) if (Math.abs(out[p]!) <= thr) out[p] = 0;
  }
  return result;
}
