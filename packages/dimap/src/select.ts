import type { FloatArray } from "@wc/tensor";

/** Internal: one layer's ranking keys, both sorted from largest to smallest along the layer's magnitude order. */
export interface RankedLayer {
  /** Primary key per position (DIMAP/LAMP score, or the magnitude itself), non-increasing. */
  keys: ArrayLike<number>;
  /** Magnitude per position (first tie-break), non-increasing. */
  mags: FloatArray | Float64Array;
}

/** Positions whose key is >= t (when `strict` false) or > t (strict) in a non-increasing array. */
function countAbove(keys: ArrayLike<number>, t: number, strict: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (strict ? k > t : k >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Internal: how many leading positions of each layer the `keep` best entries of the union take, under
 * the order (key desc, magnitude desc, layer index asc, position asc). Within a layer that order is
 * the position order, so the kept entries of a layer are a prefix. Runs a bisection on the key value
 * (each step costs one binary search per layer) and then merges the entries tied at the threshold,
 * so memory stays at the inputs whatever the module size.
 * @returns kept count per layer, summing to `clamp(keep, 0, total)`
 */
export function selectTopK(layers: readonly RankedLayer[], keep: number): number[] {
  const total = layers.reduce((a, l) => a + l.keys.length, 0);
  if (keep <= 0) return layers.map(() => 0);
  if (keep >= total) return layers.map((l) => l.keys.length);
  const cntGE = (t: number) => layers.reduce((a, l) => a + countAbove(l.keys, t, false), 0);
  let maxKey = 0;
  for (const l of layers) if (l.keys.length > 0) maxKey = Math.max(maxKey, l.keys[0]!);
  // invariant: cntGE(lo) >= keep > cntGE(hi); keys are >= 0 so cntGE(0) = total
  let lo = 0;
  let hi = maxKey * 2 + 1;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (cntGE(mid) >= keep) lo = mid;
    else hi = mid;
  }
  const counts = layers.map((l) => countAbove(l.keys, lo, true));
  const ends = layers.map((l) => countAbove(l.keys, lo, false));
  let rest = keep - counts.reduce((a, b) => a + b, 0);
  // merge the entries whose key equals the threshold: magnitude desc, then layer asc, position asc
  while (rest > 0) {
    let best = -1;
    let second = -1;
    for (let l = 0; l < layers.length; l++) {
      if (counts[l]! >= ends[l]!) continue;
      const m = layers[l]!.mags[counts[l]!]!;
      if (best < 0 || m > layers[best]!.mags[counts[best]!]!) {
        second = best;
        best = l;
      } else if (second < 0 || m > layers[second]!.mags[counts[second]!]!) {
        second = l;
      }
    }
    const mags = layers[best]!.mags;
    const rival = second < 0 ? -Infinity : layers[second]!.mags[counts[second]!]!;
    // take from `best` while it stays ahead of every other layer's next entry
    do {
      counts[best]!++;
      rest--;
    } while (rest > 0 && counts[best]! < ends[best]! && (mags[counts[best]!]! > rival || (mags[counts[best]!]! === rival && best < second)));
  }
  return counts;
}
