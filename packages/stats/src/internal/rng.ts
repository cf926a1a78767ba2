import { WcError } from "@wc/tensor";

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

/** A seed (integer) or a ready random source. */
export type SeedOrRng = number | RandomSource;

/**
 * Internal seeded generator: xoshiro128** seeded by splitmix32, 53-bit uniforms, polar normals.
 * Used only when the caller passes a numeric seed.
 */
class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;
  constructor(seed: number) {
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) | 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }
  private u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }
  uniform(): number {
    const hi = this.u32() >>> 5;
    const lo = this.u32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Turns a seed or a random source into a random source (`E_ARGUMENT` for anything else). */
export function toRandomSource(seedOrRng: SeedOrRng | undefined, where: string): RandomSource {
  if (seedOrRng === undefined) return new Xoshiro128(0);
  if (typeof seedOrRng === "number") {
    if (!Number.isInteger(seedOrRng)) throw new WcError("E_ARGUMENT", `${where}: seed must be an integer, got ${seedOrRng}`);
    return new Xoshiro128(seedOrRng);
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
