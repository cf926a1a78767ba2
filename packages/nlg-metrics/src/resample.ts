import { rng, WcError } from "@wc/tensor";

/** @internal Where resampling draws its randomness: a seed for @wc/tensor's `rng`, or a caller's uniform source. */
export interface ResampleSource {
  /** Seed of @wc/tensor's `rng`, an integer in [0, 2^53 − 1]. Default 0. */
  seed?: number;
  /** A uniform [0, 1) source used instead of the seeded generator. Default none. */
  random?: () => number;
}

/**
 * @internal Draws `samples` index vectors of length `n` with replacement and hands each to `visit`
 * (one buffer, overwritten by every draw). With `random`, index i is `floor(random() · n)`;
 * otherwise `rng(seed).integers(0, n)` (no modulo bias).
 *
 * @throws WcError E_RANGE for a seed that is not an integer in [0, 2^53 − 1]
 * @throws WcError E_ARGUMENT when `random` is not a function
 */
export function forEachResample(n: number, samples: number, source: ResampleSource, visit: (idx: Int32Array, s: number) => void): void {
  let draw: () => number;
  if (source.random !== undefined) {
    const u = source.random;
    if (typeof u !== "function") throw new WcError("E_ARGUMENT", `resampling: expected random to be a function returning uniforms in [0, 1), got ${typeof u}`);
    draw = () => Math.min(n - 1, Math.floor(u() * n));
  } else {
    const r = rng(source.seed ?? 0);
    draw = () => r.integers(0, n);
  }
  const idx = new Int32Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) idx[i] = draw();
    visit(idx, s);
  }
}
