import { WcError } from "@wc/tensor";

/**
 * The block structure of a Monarch matrix `M = P L Pᵀ R` (Dao et al. 2022, Def. 1):
 * the right factor `R` (`w1`) has `k` blocks of `q x p`, the left factor `L` (`w2`) has `l`
 * blocks of `s x r`. Invariant: `k * q === l * r` (the intermediate length `nMid`).
 * Input length `nIn = k * p`, output length `nOut = l * s`.
 */
export interface MonarchShape {
  /** Number of blocks of the right factor `w1`. */
  readonly k: number;
  /** Rows of each `w1` block. */
  readonly q: number;
  /** Columns of each `w1` block. */
  readonly p: number;
  /** Number of blocks of the left factor `w2`. */
  readonly l: number;
  /** Rows of each `w2` block. */
  readonly s: number;
  /** Columns of each `w2` block. */
  readonly r: number;
}

/** A {@link MonarchShape} for a `MonarchLinear` layer, with the padded feature counts. */
export interface LinearMonarchShape extends MonarchShape {
  /** Input features after zero padding (`nblocks * ceil(in / nblocks)`). */
  readonly inExt: number;
  /** Output features before truncation (`nblocks * ceil(out / nblocks)`). */
  readonly outExt: number;
}

/** Options of {@link squareShape}. */
export interface SquareShapeOptions {
  /**
   * Block size `b` of the paper's class `M^(b,n)` (App. "General Monarch"); must divide `n`.
   * Default: the largest divisor of `n` that is `<= sqrt(n)` (the official code's `factors(n)[-1]`),
   * so a perfect square `n = m²` gets `b = m` (Def. 1).
   */
  b?: number;
}

const isPosInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 1;

function checkPosInt(x: unknown, what: string): asserts x is number {
  if (!isPosInt(x)) throw new WcError("E_RANGE", `${what}: expected a positive integer, got ${String(x)}`);
}

/**
 * Checks a {@link MonarchShape}: six positive integers with `k * q === l * r`.
 * @param s - the shape
 * @param where - caller name for the message
 * @returns `s`, typed
 * @throws {WcError} `E_RANGE` for a non-positive or non-integer extent; `E_SHAPE` when `k*q !== l*r`.
 * @example
 * assertMonarchShape({ k: 4, q: 4, p: 4, l: 4, s: 4, r: 4 }, "mine");
 */
export function assertMonarchShape(s: MonarchShape, where = "monarch"): MonarchShape {
  if (s === null || typeof s !== "object") throw new WcError("E_ARGUMENT", `${where}: expected a MonarchShape object {k,q,p,l,s,r}, got ${String(s)}`);
  for (const key of ["k", "q", "p", "l", "s", "r"] as const) checkPosInt(s[key], `${where}: shape.${key}`);
  if (s.k * s.q !== s.l * s.r) {
    throw new WcError(
      "E_SHAPE",
      `${where}: k*q (${s.k}*${s.q} = ${s.k * s.q}) must equal l*r (${s.l}*${s.r} = ${s.l * s.r}), the length between the two factors`,
    );
  }
  return s;
}

/**
 * Derived sizes of a shape: `nIn = k*p`, `nMid = k*q = l*r`, `nOut = l*s`.
 * @param s - a valid shape
 * @returns the three lengths
 * @example
 * monarchSizes(squareShape(16)); // { nIn: 16, nMid: 16, nOut: 16 }
 */
export function monarchSizes(s: MonarchShape): { nIn: number; nMid: number; nOut: number } {
  return { nIn: s.k * s.p, nMid: s.k * s.q, nOut: s.l * s.s };
}

/**
 * The square Monarch class `M^(b,n)`: `R` has `n/b` blocks of `b x b`, `L` has `b` blocks of
 * `(n/b) x (n/b)` (k = n/b, q = p = b, l = b, s = r = n/b); parameters `n²/b + n·b`.
 * @param n - matrix size
 * @param options - {@link SquareShapeOptions}; default `b` = largest divisor of n that is <= sqrt(n)
 * @returns the shape
 * @throws {WcError} `E_RANGE` when `n` or `b` is not a positive integer; `E_ARGUMENT` when `b`
 *   does not divide `n`, or when `n` has no divisor in `[2, sqrt(n)]` (prime n: no saving; use
 *   {@link linearShape}, which pads).
 * @example
 * squareShape(1024); // { k: 32, q: 32, p: 32, l: 32, s: 32, r: 32 }
 * squareShape(15);   // b = 3: { k: 5, q: 3, p: 3, l: 3, s: 5, r: 5 }
 */
export function squareShape(n: number, options: SquareShapeOptions = {}): MonarchShape {
  checkPosInt(n, "squareShape n");
  let b = options.b;
  if (b === undefined) {
    b = 1;
    for (let d = 1; d * d <= n; d++) if (n % d === 0) b = d;
    if (b === 1) {
      throw new WcError(
        "E_ARGUMENT",
        `squareShape: n = ${n} has no divisor in [2, sqrt(n)] (prime or 1), so a Monarch factorisation saves nothing; use linearShape(${n}, ${n}, nblocks), which zero-pads, or pass an explicit b`,
      );
    }
  } else {
    checkPosInt(b, "squareShape b");
    if (n % b !== 0) throw new WcError("E_ARGUMENT", `squareShape: b = ${b} must divide n = ${n}; pick a divisor of n`);
  }
  const m = n / b;
  return Object.freeze({ k: m, q: b, p: b, l: b, s: m, r: m });
}

/**
 * The block layout of the official `MonarchLinear` (HazyResearch/fly `monarch_linear.py`):
 * `ib = ceil(in/N)`, `ob = ceil(out/N)`, `inExt = N·ib`, `outExt = N·ob`; if `inExt < outExt`
 * then `w1` is `(N, ib, ib)` and `w2` is `(N, ob, ib)`, else `w1` is `(N, ob, ib)` and `w2` is
 * `(N, ob, ob)`.
 * @param inF - input features
 * @param outF - output features
 * @param nblocks - N, the number of blocks of each factor; default 4 (every fly config)
 * @returns the shape with `inExt` and `outExt`
 * @throws {WcError} `E_RANGE` for a non-positive or non-integer argument.
 * @example
 * linearShape(768, 3072, 4); // w1 (4,192,192), w2 (4,768,192): 737,280 parameters
 */
export function linearShape(inF: number, outF: number, nblocks = 4): LinearMonarchShape {
  checkPosInt(inF, "linearShape in");
  checkPosInt(outF, "linearShape out");
  checkPosInt(nblocks, "linearShape nblocks");
  const ib = Math.ceil(inF / nblocks);
  const ob = Math.ceil(outF / nblocks);
  const inExt = nblocks * ib;
  const outExt = nblocks * ob;
  const N = nblocks;
  return Object.freeze(
    inExt < outExt
      ? { k: N, q: ib, p: ib, l: N, s: ob, r: ib, inExt, outExt }
      : { k: N, q: ob, p: ib, l: N, s: ob, r: ob, inExt, outExt },
  );
}

/**
 * Number of parameters: `k·q·p + l·s·r`.
 * @param s - the shape
 * @returns the count
 * @throws {WcError} as {@link assertMonarchShape}.
 * @example
 * monarchParamCount(squareShape(1024)); // 65536
 */
export function monarchParamCount(s: MonarchShape): number {
  assertMonarchShape(s, "monarchParamCount");
  return s.k * s.q * s.p + s.l * s.s * s.r;
}

/**
 * Floating-point operations of one multiply, counting a multiply and an add each: `2 · batch · params`.
 * @param s - the shape
 * @param batch - number of input vectors; default 1
 * @returns the FLOP count
 * @throws {WcError} as {@link assertMonarchShape}; `E_RANGE` for a negative or non-integer batch.
 * @example
 * monarchFlops(squareShape(16), 2); // 2 * 2 * 128 = 512
 */
export function monarchFlops(s: MonarchShape, batch = 1): number {
  if (!Number.isSafeInteger(batch) || batch < 0) throw new WcError("E_RANGE", `monarchFlops: batch must be a non-negative integer, got ${batch}`);
  return 2 * batch * monarchParamCount(s);
}

/**
 * The rank available to each slice `(g, a)` of the projection: `|T(g,a)| = #{b < q : (a·q + b) mod l = g}`
 * (spec §3.2), capped by nothing (the SVD caps it by `min(s, p)`).
 * @param s - the shape
 * @returns `l·k` counts, index `g·k + a`
 * @throws {WcError} as {@link assertMonarchShape}.
 * @example
 * sliceRanks(linearShape(768, 768, 4))[0]; // 48
 */
export function sliceRanks(s: MonarchShape): Int32Array {
  assertMonarchShape(s, "sliceRanks");
  const out = new Int32Array(s.l * s.k);
  for (let a = 0; a < s.k; a++) for (let b = 0; b < s.q; b++) out[((a * s.q + b) % s.l) * s.k + a]! += 1;
  return out;
}
