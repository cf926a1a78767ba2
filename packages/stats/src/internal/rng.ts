import { Rng, WcError, toRng } from "@wc/tensor";

/**
 * The randomness a stats procedure needs: uniform draws in [0, 1) and standard normal draws.
 * @wc/tensor's `Rng` satisfies it; so does any object with these two methods.
 */
export interface RandomSource {
  /** A uniform draw in [0, 1). */
  uniform(): number;
  /** A standard normal draw. */
  normal(): number;
}

/** A seed (integer in [0, 2^53 - 1], turned into @wc/tensor's `rng(seed)`) or a ready random source. */
export type SeedOrRng = number | RandomSource;

/**
 * Turns a seed or a random source into a random source: a numeric seed becomes @wc/tensor's
 * `Rng` (xoshiro128** seeded by splitmix32, via `toRng`); `undefined` is seed 0; an object with
 * `uniform()` and `normal()` (an `Rng` included) is used as given.
 * @throws {WcError} `E_ARGUMENT` for a fractional seed or an object without the two methods;
 *   `E_RANGE` (from @wc/tensor) for a negative or unsafe integer seed.
 */
export function toRandomSource(seedOrRng: SeedOrRng | undefined, where: string): RandomSource {
  if (seedOrRng === undefined) return toRng(0);
  if (typeof seedOrRng === "number") {
    if (!Number.isInteger(seedOrRng)) throw new WcError("E_ARGUMENT", `${where}: seed must be an integer in [0, 2^53 - 1], got ${seedOrRng}`);
    return toRng(seedOrRng);
  }
  if (typeof seedOrRng === "object" && seedOrRng !== null && typeof seedOrRng.uniform === "function" && typeof seedOrRng.normal === "function") {
    return seedOrRng;
  }
  throw new WcError("E_ARGUMENT", `${where}: expected an integer seed or an object with uniform() and normal(), got ${typeof seedOrRng}`);
}

/** A uniform integer in [0, n). */
export function randomIndex(rng: RandomSource, n: number): number {
  const i = Math.floor(rng.uniform() * n);
  return i < n ? i : n - 1;
}

/**
 * A uniform draw in the open interval (0, 1), safe to take the log of: `Rng#uniformOpen` for an
 * @wc/tensor `Rng`, otherwise `uniform()` redrawn while it returns 0.
 */
export function uniformOpen(rng: RandomSource): number {
  if (rng instanceof Rng) return rng.uniformOpen();
  for (;;) {
    const u = rng.uniform();
    if (u > 0) return u;
  }
}
