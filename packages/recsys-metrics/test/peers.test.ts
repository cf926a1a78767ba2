import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { aucScore, binaryMetrics, isDistance, pairwise, ratingMetrics, rankingMetrics, similarity, type SimKind } from "../src/index";

// Fixture written by test/fixtures/make_fixtures.py with scikit-learn 1.2.1 / SciPy / NumPy.
const fx = JSON.parse(readFileSync(new URL("./fixtures/peers.json", import.meta.url), "utf8"));

function throwsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a WcError ${code}`);
}

describe("ranking vs scikit-learn on full rankings (distinct scores)", () => {
  it("ndcg_score (k=5 and all), average_precision_score, roc_auc_score per user", () => {
    for (const u of fx.rankingUsers as { grades: number[]; scores: number[]; ndcg5: number; ndcgAll: number; ap: number; auc: number }[]) {
      const items = u.grades.map((_, i) => i);
      const q = new Map([["u", new Map<string | number, number>(items.map((i) => [i, u.grades[i] as number]))]]);
      const r = new Map([["u", { items, scores: Float64Array.from(u.scores) }]]);
      expect(rankingMetrics(q, r, ["ndcg"], { k: 5 }).mean.ndcg).toBeCloseTo(u.ndcg5, 12);
      const all = rankingMetrics(q, r, ["ndcg", "map", "auc"], { k: 0 }).mean;
      expect(all.ndcg).toBeCloseTo(u.ndcgAll, 12);
      expect(all.map).toBeCloseTo(u.ap, 12);
      expect(all.auc).toBeCloseTo(u.auc, 12);
    }
  });
});

describe("rating metrics vs scikit-learn", () => {
  it("mse, rmse, mae, mape (percent), r2, explained variance", () => {
    const r = fx.rating;
    const got = ratingMetrics(Float64Array.from(r.yTrue), Float64Array.from(r.yPred));
    for (const k of ["mse", "rmse", "mae", "mape", "r2", "explainedVariance"] as const) expect(got[k]).toBeCloseTo(r[k], 11);
  });
  it("constant truth: sklearn force_finite (1 if perfect, else 0); bad input", () => {
    expect(ratingMetrics(Float64Array.of(3, 3), Float64Array.of(3, 3)).r2).toBe(1);
    expect(ratingMetrics(Float64Array.of(3, 3), Float64Array.of(3, 4)).r2).toBe(0);
    throwsCode(() => ratingMetrics(Float64Array.of(0, 3), Float64Array.of(1, 3)), "E_RANGE");
    throwsCode(() => ratingMetrics(Float64Array.of(1), Float64Array.of(1, 2)), "E_SHAPE");
    throwsCode(() => ratingMetrics(new Float64Array(0), new Float64Array(0)), "E_SHAPE");
    throwsCode(() => ratingMetrics(Float64Array.of(1), Float64Array.of(Number.NaN)), "E_RANGE");
  });
});

describe("binary metrics vs scikit-learn", () => {
  it("roc_auc_score (with ties) and log_loss (eps 1e-15 clip)", () => {
    const b = fx.binary;
    const got = binaryMetrics(Uint8Array.from(b.label), Float64Array.from(b.prob));
    expect(got.auc).toBeCloseTo(b.auc, 12);
    expect(got.logloss).toBeCloseTo(b.logloss, 12);
  });
  it("bad input", () => {
    throwsCode(() => binaryMetrics(Uint8Array.of(1, 1), Float64Array.of(0.2, 0.3)), "E_RANGE");
    throwsCode(() => binaryMetrics(Uint8Array.of(0, 2), Float64Array.of(0.2, 0.3)), "E_RANGE");
    throwsCode(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.2, 1.3)), "E_RANGE");
    throwsCode(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.2)), "E_SHAPE");
    throwsCode(() => binaryMetrics(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.4), { eps: 0 }), "E_RANGE");
  });
});

describe("similarities vs NumPy/SciPy", () => {
  const s = fx.similarity;
  const a = Float64Array.from(s.a);
  const b = Float64Array.from(s.b);
  it("cosine, pearson (np.corrcoef), spearman (scipy, with a tie), euclidean, cityblock, chebyshev", () => {
    for (const k of ["cosine", "pearson", "spearman", "euclidean", "manhattan", "chebyshev"] as SimKind[]) {
      expect(similarity(a, b, k), k).toBeCloseTo(s[k], 12);
    }
    expect(similarity(a, b, "adjustedCosine")).toBeCloseTo(s.pearson, 12); // repo behaviour without userMeans
  });
  it("jaccard = 1 - scipy jaccard, hamming = scipy hamming · d on binary vectors", () => {
    const ab = Float64Array.from(s.abin);
    const bb = Float64Array.from(s.bbin);
    expect(similarity(ab, bb, "jaccard")).toBeCloseTo(s.jaccard, 12);
    expect(similarity(ab, bb, "hamming")).toBeCloseTo(s.hamming, 12);
    expect(similarity(new Float64Array(3), new Float64Array(3), "jaccard")).toBe(0);
  });
  it("adjusted cosine with user means subtracts the same vector from both", () => {
    const m = Float64Array.of(1, 2, 3);
    const x = Float64Array.of(2, 2, 5);
    const y = Float64Array.of(0, 4, 4);
    // centred: (1,0,2) and (-1,2,1): dot 1, norms sqrt5 sqrt6
    expect(similarity(x, y, "adjustedCosine", { userMeans: m })).toBeCloseTo(1 / Math.sqrt(30), 12);
  });
  it("pairwise = row-wise similarity; AUC of -d equals 1 - AUC of d", () => {
    const n = 8;
    const d = 4;
    const A = new Float64Array(n * d);
    const B = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      A[i] = Math.sin(i * 1.3);
      B[i] = Math.cos(i * 0.7);
    }
    const out = pairwise(A, B, d, "euclidean");
    for (let r = 0; r < n; r++) expect(out[r]).toBe(similarity(A.subarray(r * d, r * d + d), B.subarray(r * d, r * d + d), "euclidean"));
    const label = [1, 0, 1, 0, 0, 1, 1, 0];
    expect(isDistance("euclidean")).toBe(true);
    expect(aucScore(label, out.map((x) => -x))).toBeCloseTo(1 - aucScore(label, out), 12);
  });
  it("bad input", () => {
    throwsCode(() => similarity(a, Float64Array.of(1), "cosine"), "E_SHAPE");
    throwsCode(() => similarity(Float64Array.of(Number.NaN), Float64Array.of(1), "cosine"), "E_RANGE");
    throwsCode(() => similarity(a, b, "dice" as SimKind), "E_ARGUMENT");
    throwsCode(() => similarity(Float64Array.of(-1), Float64Array.of(1), "jaccard"), "E_RANGE");
    throwsCode(() => similarity([1] as unknown as Float64Array, Float64Array.of(1), "cosine"), "E_DTYPE");
    throwsCode(() => pairwise(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3), 2, "cosine"), "E_SHAPE");
    throwsCode(() => similarity(a, b, "adjustedCosine", { userMeans: Float64Array.of(1) }), "E_SHAPE");
  });
});
