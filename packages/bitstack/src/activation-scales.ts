import { WcError } from "@wc/tensor";

/** Default `eps` of {@link activationScales} (official `get_act_scale`). */
export const ACT_SCALE_EPS = 1e-3;

/**
 * Streaming form of {@link activationScales}: feed samples one at a time (e.g. from an activation
 * capture hook), read the scales at the end. Memory is `O(C)`.
 * @example
 * const acc = new ActivationScaleAccumulator(128);
 * acc.add(x0, 64); acc.add(x1, 64); acc.scales(); // Float32Array(128)
 */
export class ActivationScaleAccumulator {
  readonly #sum: Float64Array;
  readonly #sq: Float64Array;
  #count = 0;
  /**
   * @param channels - number of channels `C`
   * @throws {WcError} `E_RANGE` for a non-positive channel count.
   */
  constructor(readonly channels: number) {
    if (!Number.isSafeInteger(channels) || channels < 1) throw new WcError("E_RANGE", `ActivationScaleAccumulator: channels must be a positive integer, got ${channels}`);
    this.#sum = new Float64Array(channels);
    this.#sq = new Float64Array(channels);
  }
  /** Samples added so far. */
  get count(): number {
    return this.#count;
  }
  /**
   * Adds one sample `X [T x C]` (row-major): per channel, the L2 norm over its tokens.
   * @param x - `T * C` values
   * @param tokens - `T`
   * @throws {WcError} `E_SHAPE` when `x.length !== tokens * C`; `E_RANGE` for NaN/Inf.
   */
  add(x: ArrayLike<number>, tokens: number): void {
    const C = this.channels;
    if (!Number.isInteger(tokens) || tokens < 1 || x.length !== tokens * C) {
      throw new WcError("E_SHAPE", `activationScales: a sample of ${tokens} tokens x ${C} channels needs ${tokens * C} values, got ${x.length}`);
    }
    const sq = this.#sq.fill(0);
    for (let t = 0; t < tokens; t++) {
      for (let j = 0; j < C; j++) {
        const v = x[t * C + j]!;
        sq[j] += v * v;
      }
    }
    for (let j = 0; j < C; j++) {
      if (!Number.isFinite(sq[j]!)) throw new WcError("E_RANGE", `activationScales: sample ${this.#count} has a NaN/Inf (or overflowing) value in channel ${j}`);
      this.#sum[j] += Math.sqrt(sq[j]!);
    }
    this.#count++;
  }
  /**
   * `s_j = mean over samples of ||X[:, j]||_2 + eps`.
   * @param eps - added to every scale; default 1e-3
   * @returns a new Float32Array of `C` scales
   * @throws {WcError} `E_STATE` when no sample was added.
   */
  scales(eps: number = ACT_SCALE_EPS): Float32Array {
    if (this.#count === 0) throw new WcError("E_STATE", "activationScales: no calibration sample was added");
    const out = new Float32Array(this.channels);
    for (let j = 0; j < this.channels; j++) out[j] = this.#sum[j]! / this.#count + eps;
    return out;
  }
}

/**
 * Per-input-channel activation scales as the official `get_act_scale`: for each calibration
 * sample `X_n [T x C]` take the L2 norm of every channel over the tokens, average over samples
 * (not divided by `T`), add `eps`: `s_j = (1/N) sum_n sqrt(sum_t X[n,t,j]^2) + eps`.
 * @param inputs - one row-major `T x C` array per sample (`T` may differ between samples)
 * @param C - channels
 * @param eps - default 1e-3
 * @returns `C` scales
 * @throws {WcError} `E_ARGUMENT` for no samples; `E_SHAPE` when a sample's length is not a positive
 *   multiple of `C`; `E_RANGE` for NaN/Inf or a bad `C`.
 * @example
 * activationScales([Float32Array.of(1, 2, 2, 0, 2, 1), Float32Array.of(0, 3, 0, 4, 0, 0)], 2);
 * // Float32Array [1.501, 3.619034]
 */
export function activationScales(inputs: readonly (Float32Array | Float64Array)[], C: number, eps: number = ACT_SCALE_EPS): Float32Array {
  if (inputs.length === 0) throw new WcError("E_ARGUMENT", "activationScales: expected at least one calibration sample");
  if (!(Number.isFinite(eps) && eps >= 0)) throw new WcError("E_RANGE", `activationScales: eps must be finite and >= 0, got ${eps}`);
  const acc = new ActivationScaleAccumulator(C);
  for (const x of inputs) acc.add(x, x.length % C === 0 ? x.length / C : -1);
  return acc.scales(eps);
}
