import { WcError } from "@wc/tensor";
import { checkInt } from "../internal/checks";
import { encodeLabels, toRows, type PointsInput } from "../internal/rows";

/** Options of {@link recallAtK}. */
export interface RecallAtKOptions {
  /** Cut-offs K (default [1]). */
  ks?: readonly number[];
  /** 'euclidean' (default) or 'cosine' distance. */
  metric?: "euclidean" | "cosine";
}

/**
 * Recall@K of embedding retrieval (the metric-learning protocol): each item queries all the others
 * (itself excluded); a query scores 1 when one of its K nearest neighbours has its label. Ties in
 * distance are broken by index.
 *
 * @param embeddings - n x d points (2-D tensor or array of rows), n >= 2.
 * @param labels - a class label per point.
 * @param options - ks (default [1]), metric (default 'euclidean').
 * @returns Recall@K per requested K, in the order given.
 * @throws {WcError} `E_SHAPE` for mismatched sizes or n < 2; `E_RANGE` for NaN/Inf or K outside [1, n - 1].
 * @example
 * recallAtK([[0], [0.1], [5], [5.2]], [0, 0, 1, 1], { ks: [1] }); // [1]
 */
export function recallAtK(embeddings: PointsInput, labels: ArrayLike<number | string>, options: RecallAtKOptions = {}): number[] {
  const where = "recallAtK";
  const { data, n, d } = toRows(embeddings, where);
  if (labels.length !== n) throw new WcError("E_SHAPE", `${where}: ${n} embeddings but ${labels.length} labels`);
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 points, got ${n}`);
  const ks = options.ks ?? [1];
  for (const k of ks) checkInt(k, 1, where, "K");
  const kMax = Math.max(...ks);
  if (kMax > n - 1) throw new WcError("E_RANGE", `${where}: K = ${kMax} exceeds the n - 1 = ${n - 1} other points`);
  const metric = options.metric ?? "euclidean";
  if (metric !== "euclidean" && metric !== "cosine") throw new WcError("E_ARGUMENT", `${where}: metric must be 'euclidean' or 'cosine', got ${String(metric)}`);
  const x = data;
  if (metric === "cosine") {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] as number) ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] as number) * inv;
    }
  }
  const { codes } = encodeLabels(labels, where);
  const hits = new Float64Array(ks.length);
  const dist = new Float64Array(n);
  const idx = new Int32Array(n - 1);
  for (let q = 0; q < n; q++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = (x[q * d + j] as number) - (x[i * d + j] as number);
        s += t * t;
      }
      dist[i] = s;
    }
    let m = 0;
    for (let i = 0; i < n; i++) if (i !== q) idx[m++] = i;
    const sorted = Array.from(idx).sort((a, b) => (dist[a] as number) - (dist[b] as number) || a - b);
    let firstHit = Infinity;
    for (let r = 0; r < kMax; r++) {
      if (codes[sorted[r] as number] === codes[q]) {
        firstHit = r + 1;
        break;
      }
    }
    ks.forEach((k, t) => {
      if (firstHit <= k) hits[t] = (hits[t] as number) + 1;
    });
  }
  return Array.from(hits, (h) => h / n);
}

/**
 * Standard (non-interpolated) average precision from the 0-based ranks of the relevant items in a
 * ranking: (1/nPositives) * sum_j (j + 1) / (rank_j + 1).
 *
 * @param positiveRanks - ascending 0-based positions of the retrieved relevant items.
 * @param nPositives - total number of relevant items (>= the number of ranks given).
 * @returns AP in [0, 1].
 * @throws {WcError} `E_RANGE` for unsorted/negative ranks or nPositives too small.
 * @example
 * apFromRanks([0, 2], 2); // (1/1 + 2/3) / 2 = 0.8333333333333333
 */
export function apFromRanks(positiveRanks: ArrayLike<number>, nPositives: number): number {
  checkRanks(positiveRanks, nPositives, "apFromRanks");
  let ap = 0;
  for (let j = 0; j < positiveRanks.length; j++) ap += (j + 1) / ((positiveRanks[j] as number) + 1);
  return ap / nPositives;
}

/**
 * Average precision by the trapezoidal rule of the revisited Oxford/Paris protocol
 * (Radenovic et al. 2018, `compute_ap` of the revisitop code): each relevant item at rank r_j adds
 * (P_before + P_at) / 2 * (1 / nPositives), with P_before = j / r_j (1 when r_j = 0) and
 * P_at = (j + 1) / (r_j + 1).
 *
 * @param positiveRanks - ascending 0-based ranks of the relevant items (junk already removed).
 * @param nPositives - number of relevant items.
 * @returns AP in [0, 1].
 * @throws {WcError} `E_RANGE` for unsorted/negative ranks or nPositives too small.
 * @example
 * apTrapezoidal([0, 2], 2); // 0.7916666666666666
 */
export function apTrapezoidal(positiveRanks: ArrayLike<number>, nPositives: number): number {
  checkRanks(positiveRanks, nPositives, "apTrapezoidal");
  const step = 1 / nPositives;
  let ap = 0;
  for (let j = 0; j < positiveRanks.length; j++) {
    const r = positiveRanks[j] as number;
    const p0 = r === 0 ? 1 : j / r;
    const p1 = (j + 1) / (r + 1);
    ap += ((p0 + p1) * step) / 2;
  }
  return ap;
}

function checkRanks(ranks: ArrayLike<number>, nPos: number, where: string): void {
  checkInt(nPos, 1, where, "nPositives");
  if (ranks.length > nPos) throw new WcError("E_RANGE", `${where}: ${ranks.length} ranks but only nPositives = ${nPos}`);
  for (let j = 0; j < ranks.length; j++) {
    const r = ranks[j] as number;
    if (!Number.isInteger(r) || r < j || (j > 0 && r <= (ranks[j - 1] as number))) {
      throw new WcError("E_RANGE", `${where}: ranks must be strictly increasing non-negative integers, got ranks[${j}] = ${r}`);
    }
  }
}

/** One query of {@link revisitedMeanAP}: the ranking and its ground truth. */
export interface RevisitedQuery {
  /** Database indices in ranked order (best first). */
  readonly ranking: ArrayLike<number>;
  /** Relevant ('easy' + 'hard' or the protocol's positives) database indices. */
  readonly positives: ArrayLike<number>;
  /** Junk indices, removed from the ranking before scoring (default none). */
  readonly junk?: ArrayLike<number>;
}

/**
 * Mean average precision under the revisited Oxford/Paris protocol: junk images are removed from each
 * ranking, ranks of positives are shifted accordingly, AP uses {@link apTrapezoidal}, and queries
 * without positives are skipped (revisitop `compute_map`).
 *
 * @param queries - one {@link RevisitedQuery} per query.
 * @returns { mAP, aps } with aps[i] = NaN for a skipped query.
 * @throws {WcError} `E_SHAPE` when every query lacks positives.
 * @example
 * revisitedMeanAP([{ ranking: [3, 1, 0, 2], positives: [1, 2], junk: [0] }]).mAP; // 0.41666666666666663
 */
export function revisitedMeanAP(queries: readonly RevisitedQuery[]): { mAP: number; aps: Float64Array } {
  const aps = new Float64Array(queries.length);
  let sum = 0;
  let used = 0;
  queries.forEach((q, i) => {
    const pos = new Set(Array.from(q.positives));
    if (pos.size === 0) {
      aps[i] = Number.NaN;
      return;
    }
    const junk = new Set(Array.from(q.junk ?? []));
    const ranks: number[] = [];
    let skipped = 0;
    for (let r = 0; r < q.ranking.length; r++) {
      const id = q.ranking[r] as number;
      if (pos.has(id)) ranks.push(r - skipped);
      else if (junk.has(id)) skipped++;
    }
    const ap = apTrapezoidal(ranks, pos.size);
    aps[i] = ap;
    sum += ap;
    used++;
  });
  if (used === 0) throw new WcError("E_SHAPE", "revisitedMeanAP: no query has a positive; mAP is undefined");
  return { mAP: sum / used, aps };
}
