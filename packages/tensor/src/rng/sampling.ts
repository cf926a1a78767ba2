import { WcError } from "../errors";
import type { Rng } from "./generator";

/** Anything {@link shuffleInPlace} can permute: a plain array or a typed array. */
export type Shuffleable =
  | unknown[]
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/**
 * Fisher-Yates shuffle in place: for `i = n-1` down to 1, swap item i with item
 * `j = rng.integers(0, i + 1)`. Returns `items`.
 */
export function shuffleInPlace<T extends Shuffleable>(rng: Rng, items: T): T {
  const a = items as unknown as unknown[];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.integers(0, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return items;
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 2147483647) {
    throw new WcError("E_RANGE", `${what}: expected an integer in [0, 2^31 - 1], got ${n}`);
  }
}

/**
 * A uniformly random permutation of `0 .. n-1`: the Fisher-Yates shuffle of `[0, 1, ..., n-1]`.
 * @throws {WcError} `E_RANGE` unless n is an integer in [0, 2^31 - 1].
 */
export function permutation(rng: Rng, n: number): Int32Array {
  checkCount(n, "permutation n");
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(rng, p);
}

/**
 * `k` distinct indices drawn uniformly from `0 .. n-1` without replacement, in random order: the
 * first k steps of a forward Fisher-Yates shuffle of `[0, ..., n-1]` (step i swaps position i with
 * `j = rng.integers(i, n)`). For `k < n / 16` the untouched identity array is kept implicit in a
 * Map, so memory is O(k) and the result is identical to the dense version.
 * @throws {WcError} `E_RANGE` unless `0 <= k <= n` are integers below 2^31.
 */
export function choice(rng: Rng, n: number, k: number): Int32Array {
  checkCount(n, "choice n");
  checkCount(k, "choice k");
  if (k > n) throw new WcError("E_RANGE", `choice: cannot draw k=${k} distinct items from n=${n}; need k <= n`);
  const out = new Int32Array(k);
  if (k * 16 < n) {
    const moved = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = rng.integers(i, n);
      const vj = moved.get(j) ?? j;
      const vi = moved.get(i) ?? i;
      moved.set(j, vi);
      out[i] = vj;
    }
    return out;
  }
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < k; i++) {
    const j = rng.integers(i, n);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
    out[i] = p[i]!;
  }
  return out;
}
