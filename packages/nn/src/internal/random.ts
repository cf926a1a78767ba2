/**
 * A source of uniform numbers in [0, 1). Every random procedure in @wc/nn takes one (or a seed),
 * so same seed = same bits.
 */
export type Uniform = () => number;

/**
 * A small seeded uniform generator (mulberry32, 32-bit state), used when the caller gives a seed
 * instead of a {@link Uniform}. Output is a multiple of 2^-32 in [0, 1).
 * @param seed - any integer (taken modulo 2^32)
 * @returns a Uniform
 * @example
 * const u = seededUniform(42); u(); // deterministic
 */
export function seededUniform(seed: number): Uniform {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform source (Box-Muller, one value per call). */
export function normalFrom(u: Uniform): number {
  let a = u();
  while (a <= 0) a = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

/** A uniform source from either a Uniform or a seed (default seed 0). */
export function resolveUniform(rng: Uniform | undefined, seed: number | undefined): Uniform {
  return rng ?? seededUniform(seed ?? 0);
}

/** A Fisher-Yates permutation of `0..n-1` driven by `u`. */
export function permutation(n: number, u: Uniform): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
