import { WcError } from "../errors";
import { truncatedNormal, gumbel, exponential, gamma, beta, type TruncatedNormalOptions } from "./distributions";
import { choice, permutation, shuffleInPlace, type Shuffleable } from "./sampling";

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const GOLDEN = 0x9e3779b9;

/** The 32-bit finaliser of MurmurHash3 (`fmix32`): a bijection on uint32 with full avalanche. */
function fmix32(z: number): number {
  z ^= z >>> 16;
  z = Math.imul(z, 0x85ebca6b);
  z ^= z >>> 13;
  z = Math.imul(z, 0xc2b2ae35);
  z ^= z >>> 16;
  return z >>> 0;
}

/** Four words of splitmix32 (Weyl step `+0x9e3779b9`, then `fmix32`) started from `state`. */
function splitmix32x4(state: number): number[] {
  const out: number[] = [];
  let s = state >>> 0;
  for (let i = 0; i < 4; i++) {
    s = (s + GOLDEN) >>> 0;
    out.push(fmix32(s));
  }
  return out;
}

/** A 32-bit hash of a fork key: FNV-1a over UTF-16 code units for strings, lo/hi words for integers. */
function hashKey(key: number | string): number {
  if (typeof key === "string") {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return fmix32(h);
  }
  checkSeed(key, "fork key");
  return fmix32((key >>> 0) ^ fmix32(Math.floor(key / TWO32) + GOLDEN));
}

function checkSeed(seed: number, what: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new WcError("E_RANGE", `${what}: expected an integer in [0, 2^53 - 1], got ${seed}; pass a non-negative integer`);
  }
}

/**
 * A seeded, splittable pseudo-random generator: xoshiro128** (Blackman and Vigna, 2018) with a
 * 128-bit state seeded by splitmix32. All state updates use 32-bit integer math (`Math.imul`,
 * `>>>`), so the stream of {@link Rng.nextUint32} and everything derived from it by integer and
 * exact double arithmetic (uniform, integers, shuffles, permutations, choice) is bit-identical in
 * every JavaScript engine. Draws that call `Math.log`/`Math.exp`/`Math.pow` (normal, gamma, ...)
 * are bit-identical across runs and across V8-based runtimes (Node, Chrome, Deno) and agree to a
 * few ulps elsewhere, because engines may round those functions differently.
 *
 * @example
 * const r = rng(42);
 * r.uniform();        // in [0, 1)
 * r.normal(0, 2);     // N(0, 4)
 * const child = r.split();
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The spare deviate of the Marsaglia polar method (NaN when none is cached). */
  private spare = Number.NaN;

  /**
   * Creates a generator from a seed.
   * @param seed - integer in [0, 2^53 - 1]; the low and high 32-bit words are both used.
   * @throws {WcError} `E_RANGE` for a negative, fractional or unsafe seed.
   */
  constructor(seed: number) {
    checkSeed(seed, "rng seed");
    const w = splitmix32x4(seed >>> 0);
    const hi = Math.floor(seed / TWO32) >>> 0;
    if (hi !== 0) {
      const v = splitmix32x4(hi ^ 0x6a09e667);
      for (let i = 0; i < 4; i++) w[i] = (w[i]! ^ v[i]!) >>> 0;
    }
    [this.s0, this.s1, this.s2, this.s3] = w as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator with the given raw 128-bit state (four uint32 words, not all zero), e.g. from
   * {@link Rng.getState}.
   * @throws {WcError} `E_ARGUMENT` when the state is not four uint32 words or is all zero.
   */
  static fromState(state: ArrayLike<number>): Rng {
    const ok =
      state.length === 4 && Array.from(state).every((x) => Number.isInteger(x) && x >= 0 && x < TWO32);
    if (!ok || (state[0]! | state[1]! | state[2]! | state[3]!) === 0) {
      throw new WcError("E_ARGUMENT", "Rng.fromState: expected four uint32 words, not all zero (as returned by getState())");
    }
    const r = new Rng(0);
    r.s0 = state[0]! >>> 0;
    r.s1 = state[1]! >>> 0;
    r.s2 = state[2]! >>> 0;
    r.s3 = state[3]! >>> 0;
    return r;
  }

  /** The raw state `[s0, s1, s2, s3]` (a copy); the cached normal spare is not included. */
  getState(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * A uniform float. With no arguments: in [0, 1) on the grid `k / 2^53` (53 random bits from two
   * draws: the top 27 bits of the first and the top 26 of the second). With `lo, hi`: `lo + (hi - lo) u`
   * in [lo, hi) (a result rounded up to `hi` is redrawn).
   * @throws {WcError} `E_RANGE` when `lo`/`hi` are not finite or `hi <= lo`.
   */
  uniform(lo?: number, hi?: number): number {
    if (lo === undefined && hi === undefined) return this.uniform53();
    const a = lo ?? 0;
    const b = hi ?? 1;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) {
      throw new WcError("E_RANGE", `uniform: expected finite lo < hi, got lo=${a}, hi=${b}`);
    }
    for (;;) {
      const x = a + (b - a) * this.uniform53();
      if (x < b) return x;
    }
  }

  /** Uniform in [0, 1) with 53-bit resolution (see {@link Rng.uniform}). */
  uniform53(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO53;
  }

  /** Uniform in the open interval (0, 1): `(k + 0.5) / 2^53`, never 0 or 1 (safe for logs). */
  uniformOpen(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b + 0.5) / TWO53;
  }

  /**
   * A uniform integer in [lo, hi) without modulo bias: for ranges up to 2^32 one 32-bit draw with
   * rejection above the largest multiple of the range; larger ranges (up to 2^53) use 53-bit draws.
   * @throws {WcError} `E_RANGE` unless `lo < hi` are safe integers with `hi - lo <= 2^53`.
   */
  integers(lo: number, hi: number): number {
    const range = hi - lo;
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || !(range >= 1) || range > TWO53) {
      throw new WcError("E_RANGE", `integers: expected safe integers lo < hi with hi - lo <= 2^53, got lo=${lo}, hi=${hi}`);
    }
    if (range <= TWO32) {
      const limit = TWO32 - (TWO32 % range);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return lo + (x % range);
      }
    }
    const limit = TWO53 - (TWO53 % range);
    for (;;) {
      const x = (this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6);
      if (x < limit) return lo + (x % range);
    }
  }

  /**
   * A normal draw N(mean, std^2) by the Marsaglia polar method: draw `u, v = 2 uniform() - 1` until
   * `0 < s = u^2 + v^2 < 1`, then `f = sqrt(-2 log(s) / s)`; return `u f` and keep `v f` as the spare
   * for the next call (children from split/fork start without a spare).
   * @throws {WcError} `E_RANGE` when `mean` is not finite or `std` is negative or not finite.
   */
  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
      throw new WcError("E_RANGE", `normal: expected finite mean and std >= 0, got mean=${mean}, std=${std}`);
    }
    return mean + std * this.standardNormal();
  }

  /** A standard normal draw (polar method, see {@link Rng.normal}); no argument checks. */
  standardNormal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = Number.NaN;
      return spare;
    }
    for (;;) {
      const u = 2 * this.uniform53() - 1;
      const v = 2 * this.uniform53() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** A truncated normal draw with absolute bounds, as `torch.nn.init.trunc_normal_` (see {@link truncatedNormal}). */
  truncatedNormal(options: TruncatedNormalOptions = {}): number {
    return truncatedNormal(this, options);
  }

  /** A Gumbel(loc, scale) draw: `loc - scale * log(-log(u))`, u in (0, 1). */
  gumbel(loc = 0, scale = 1): number {
    return gumbel(this, loc, scale);
  }

  /** An exponential draw with the given rate: `-log(u) / rate`, u in (0, 1). */
  exponential(rate = 1): number {
    return exponential(this, rate);
  }

  /** A Gamma(shape, scale) draw by Marsaglia and Tsang (2000) (see {@link gamma}). */
  gamma(shape: number, scale = 1): number {
    return gamma(this, shape, scale);
  }

  /** A Beta(a, b) draw as `X / (X + Y)` with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    return beta(this, a, b);
  }

  /** A shuffled copy of `items` (Fisher-Yates); the input is not changed. */
  shuffle<T extends Shuffleable>(items: T): T {
    const copy = (Array.isArray(items) ? items.slice() : (items as unknown as Float64Array).slice()) as T;
    return shuffleInPlace(this, copy);
  }

  /** Shuffles `items` in place (Fisher-Yates, `j = integers(0, i + 1)` for `i = n-1 .. 1`) and returns it. */
  shuffleInPlace<T extends Shuffleable>(items: T): T {
    return shuffleInPlace(this, items);
  }

  /** A random permutation of `0 .. n-1` as an Int32Array (see {@link permutation}). */
  permutation(n: number): Int32Array {
    return permutation(this, n);
  }

  /** `k` distinct indices from `0 .. n-1` in random order, without replacement (see {@link choice}). */
  choice(n: number, k: number): Int32Array {
    return choice(this, n, k);
  }

  /**
   * A child generator seeded from 128 bits drawn from this one (this generator advances by four
   * draws), each word scrambled by `fmix32(w ^ 0x5bd1e995)`. Repeated splits give distinct,
   * statistically independent streams (overlap is possible only by a 2^-128-scale accident).
   */
  split(): Rng {
    const w = [0, 0, 0, 0].map(() => fmix32(this.nextUint32() ^ 0x5bd1e995));
    if ((w[0]! | w[1]! | w[2]! | w[3]!) === 0) w[0] = 1;
    return Rng.fromState(w);
  }

  /**
   * A child generator determined by this generator's current state and `key`, without advancing
   * this one: `fork("dropout")` gives the same child every time until this generator is used.
   * Child word i is `fmix32(s_i ^ fmix32(h + (i + 1) * 0x9e3779b9))` with `h` the key's hash
   * (FNV-1a of the UTF-16 code units for strings, then `fmix32`).
   * @throws {WcError} `E_RANGE` for a numeric key that is not an integer in [0, 2^53 - 1].
   */
  fork(key: number | string): Rng {
    const h = hashKey(key);
    const s = [this.s0, this.s1, this.s2, this.s3];
    const w = s.map((si, i) => fmix32(si ^ fmix32((h + Math.imul(i + 1, GOLDEN)) >>> 0)));
    if ((w[0]! | w[1]! | w[2]! | w[3]!) === 0) w[0] = 1;
    return Rng.fromState(w);
  }
}

/**
 * A new {@link Rng} from a seed (integer in [0, 2^53 - 1]).
 * @throws {WcError} `E_RANGE` for an invalid seed.
 * @example
 * const r = rng(0);
 * r.integers(0, 10);
 */
export function rng(seed: number): Rng {
  return new Rng(seed);
}

/** An `Rng` as given, or a new one from a numeric seed. */
export function toRng(source: Rng | number): Rng {
  return source instanceof Rng ? source : new Rng(source);
}
