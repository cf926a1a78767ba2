import { WcError } from "@wc/tensor";
import { averageRanks } from "./ranks";
import { SIM_KINDS, type SimKind } from "./types";

/** Options of {@link similarity} and {@link pairwise}. */
export interface SimilarityOptions {
  /** For 'adjustedCosine': each dimension's (user's) mean rating, subtracted from both vectors (Sarwar 2001). Default: none, which centres each vector on its own mean (the survey repo's behaviour, equal to Pearson). */
  userMeans?: Float64Array;
}

const DISTANCES: ReadonlySet<SimKind> = new Set<SimKind>(["euclidean", "manhattan", "chebyshev", "hamming"]);

/**
 * True for the kinds that are distances (lower = closer): euclidean, manhattan, chebyshev, hamming.
 * Negate them (score = −d) before using them as a ranking score or for AUC.
 *
 * @param kind - a similarity kind
 * @returns whether `kind` is a distance
 * @example
 * isDistance("manhattan"); // true
 */
export function isDistance(kind: SimKind): boolean {
  return DISTANCES.has(kind);
}

function cosineAt(a: ArrayLike<number>, b: ArrayLike<number>, ao: number, bo: number, d: number, ca?: ArrayLike<number>, cb?: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < d; i++) {
    const x = (a[ao + i] as number) - (ca ? (ca[i] as number) : 0);
    const y = (b[bo + i] as number) - (cb ? (cb[i] as number) : 0);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
}

function centred(v: ArrayLike<number>, o: number, d: number): Float64Array {
  let m = 0;
  for (let i = 0; i < d; i++) m += v[o + i] as number;
  m /= d;
  return new Float64Array(d).fill(m);
}

function one(a: Float64Array, b: Float64Array, ao: number, bo: number, d: number, kind: SimKind, opt: SimilarityOptions): number {
  switch (kind) {
    case "cosine":
      return cosineAt(a, b, ao, bo, d);
    case "adjustedCosine":
      if (opt.userMeans) return cosineAt(a, b, ao, bo, d, opt.userMeans, opt.userMeans);
      return cosineAt(a, b, ao, bo, d, centred(a, ao, d), centred(b, bo, d));
    case "pearson":
      return cosineAt(a, b, ao, bo, d, centred(a, ao, d), centred(b, bo, d));
    case "spearman": {
      const ra = averageRanks(a.subarray(ao, ao + d));
      const rb = averageRanks(b.subarray(bo, bo + d));
      return cosineAt(ra, rb, 0, 0, d, centred(ra, 0, d), centred(rb, 0, d));
    }
    case "jaccard": {
      let mn = 0;
      let mx = 0;
      for (let i = 0; i < d; i++) {
        const x = a[ao + i] as number;
        const y = b[bo + i] as number;
        if (x < 0 || y < 0) throw new WcError("E_RANGE", `similarity: jaccard needs non-negative (binary) vectors, got ${x} and ${y} at ${i}`);
        mn += Math.min(x, y);
        mx += Math.max(x, y);
      }
      return mx === 0 ? 0 : mn / mx;
    }
    case "euclidean": {
      let s = 0;
      for (let i = 0; i < d; i++) s += ((a[ao + i] as number) - (b[bo + i] as number)) ** 2;
      return Math.sqrt(s);
    }
    case "manhattan": {
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.abs((a[ao + i] as number) - (b[bo + i] as number));
      return s;
    }
    case "chebyshev": {
      let s = 0;
      for (let i = 0; i < d; i++) s = Math.max(s, Math.abs((a[ao + i] as number) - (b[bo + i] as number)));
      return s;
    }
    case "hamming": {
      let s = 0;
      for (let i = 0; i < d; i++) if (a[ao + i] !== b[bo + i]) s++;
      return s;
    }
  }
}

function check(name: string, kind: SimKind, arrays: [string, Float64Array][], opt: SimilarityOptions, d: number): void {
  if (!SIM_KINDS.includes(kind)) throw new WcError("E_ARGUMENT", `${name}: unknown kind ${JSON.stringify(kind)}; use one of ${SIM_KINDS.join(", ")}`);
  for (const [label, v] of arrays) {
    if (!(v instanceof Float64Array)) throw new WcError("E_DTYPE", `${name}: ${label} must be a Float64Array`);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new WcError("E_RANGE", `${name}: ${label}[${i}] is ${String(v[i])}; inputs must be finite`);
    }
  }
  if (opt.userMeans !== undefined) {
    if (!(opt.userMeans instanceof Float64Array) || opt.userMeans.length !== d) {
      throw new WcError("E_SHAPE", `${name}: userMeans must be a Float64Array of length ${d}, got length ${String(opt.userMeans?.length)}`);
    }
    for (let i = 0; i < d; i++) if (!Number.isFinite(opt.userMeans[i])) throw new WcError("E_RANGE", `${name}: userMeans[${i}] is not finite`);
  }
}

/**
 * Similarity or distance between two vectors: cosine, adjusted cosine, Pearson, Spearman (Pearson of
 * average ranks), Jaccard (Σmin/Σmax, 0 when both are empty), Euclidean, Manhattan, Chebyshev, Hamming
 * (count of differing positions). Zero-norm/zero-variance vectors give 0 for the correlations.
 *
 * @param a - first vector
 * @param b - second vector, same length
 * @param kind - which measure
 * @param opts - `userMeans` for adjusted cosine (default: none, i.e. per-vector centring)
 * @returns the similarity (higher = closer) or distance (lower = closer; see {@link isDistance})
 * @throws WcError E_DTYPE when an input is not a Float64Array; E_SHAPE for different or zero lengths; E_RANGE for non-finite values or negative Jaccard input; E_ARGUMENT for an unknown kind
 * @example
 * similarity(Float64Array.of(1, 0), Float64Array.of(1, 1), "cosine"); // 0.7071...
 */
export function similarity(a: Float64Array, b: Float64Array, kind: SimKind, opts: SimilarityOptions = {}): number {
  check("similarity", kind, [["a", a], ["b", b]], opts, a.length);
  if (a.length !== b.length || a.length === 0) {
    throw new WcError("E_SHAPE", `similarity: a and b must have the same non-zero length, got ${a.length} and ${b.length}`);
  }
  return one(a, b, 0, 0, a.length, kind, opts);
}

/**
 * Row-wise {@link similarity} of two row-major n x d matrices stored flat: out[r] = sim(A[r], B[r]).
 *
 * @param A - n·d values, row-major
 * @param B - n·d values, row-major
 * @param d - row length (> 0)
 * @param kind - which measure
 * @param opts - as for {@link similarity}
 * @returns a new Float64Array of n values
 * @throws WcError E_SHAPE when the lengths differ or are not a multiple of d; plus those of {@link similarity}
 * @example
 * pairwise(Float64Array.of(0, 0, 1, 1), Float64Array.of(3, 4, 1, 1), 2, "euclidean"); // [5, 0]
 */
export function pairwise(A: Float64Array, B: Float64Array, d: number, kind: SimKind, opts: SimilarityOptions = {}): Float64Array {
  if (!Number.isInteger(d) || d <= 0) throw new WcError("E_ARGUMENT", `pairwise: d must be a positive integer, got ${String(d)}`);
  check("pairwise", kind, [["A", A], ["B", B]], opts, d);
  if (A.length !== B.length || A.length % d !== 0) {
    throw new WcError("E_SHAPE", `pairwise: A and B must both hold n x ${d} values, got lengths ${A.length} and ${B.length}`);
  }
  const n = A.length / d;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = one(A, B, r * d, r * d, d, kind, opts);
  return out;
}
