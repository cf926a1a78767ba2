import { describe, expect, it } from "vitest";
import { isWcError, tensor } from "@wc/tensor";
import * as S from "../src/index";
import fx from "./fixtures/metrics.json";
import { expectClose, testRng } from "./helpers";

// Reference values: test/fixtures/make_fixtures.py (scikit-learn metrics).
describe("clustering metrics vs scikit-learn", () => {
  fx.clustering.forEach((c, i) => {
    it(`case ${i}: NMI (arithmetic, geometric), ARI, Rand`, () => {
      expectClose(S.normalizedMutualInfo(c.a, c.b), c.nmi, 1e-12, 1e-15, "nmi");
      expectClose(S.normalizedMutualInfo(c.a, c.b, { averageMethod: "geometric" }), c.nmiGeometric, 1e-12, 1e-15, "nmi geo");
      expectClose(S.adjustedRandIndex(c.a, c.b), c.ari, 1e-12, 1e-15, "ari");
      expectClose(S.randIndex(c.a, c.b), c.rand, 1e-12, 0, "rand");
    });
  });
  it("label names do not matter; identical partitions score 1; single clusters", () => {
    expectClose(S.normalizedMutualInfo(["a", "a", "b"], [7, 7, 3]), 1, 1e-15);
    expect(S.adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(S.normalizedMutualInfo([1, 1, 1], [2, 2, 2])).toBe(1);
  });
  it("pair F1 by hand: true {01}{23}, pred {012}{3}: TP 1, pred pairs 3, true pairs 2", () => {
    const r = S.pairF1([0, 0, 1, 1], [0, 0, 0, 1]);
    expectClose(r.precision, 1 / 3, 1e-15);
    expectClose(r.recall, 1 / 2, 1e-15);
    expectClose(r.f1, 0.4, 1e-15);
  });
});

describe("AUROC / AUPRC vs scikit-learn", () => {
  fx.binary.forEach((c, i) => {
    it(`case ${i} (ties in case 1 and 2)`, () => {
      expectClose(S.auroc(c.s, c.y), c.auroc, 1e-12, 0, "auroc");
      expectClose(S.averagePrecision(c.s, c.y), c.ap, 1e-12, 0, "ap");
    });
  });
  it("rejects one-class labels and non-binary labels", () => {
    for (const [f, code] of [
      [() => S.auroc([1, 2], [1, 1]), "E_RANGE"],
      [() => S.auroc([1, 2], [0, 2]), "E_RANGE"],
      [() => S.averagePrecision([1, 2], [0, 0]), "E_RANGE"],
    ] as const) {
      try {
        f();
        expect.fail("no throw");
      } catch (e) {
        expect(isWcError(e, code)).toBe(true);
      }
    }
  });
});

describe("retrieval metrics", () => {
  it("trapezoidal AP (revisited protocol) and standard AP by hand", () => {
    // ranks [0, 2] of 2 positives: standard (1 + 2/3)/2; trapezoid 0.5*(1+1)/2 + 0.5*(1/2+2/3)/2
    expectClose(S.apFromRanks([0, 2], 2), 5 / 6, 1e-15);
    expectClose(S.apTrapezoidal([0, 2], 2), 0.5 + (0.5 * (0.5 + 2 / 3)) / 2, 1e-15);
    // a positive never retrieved lowers AP through nPositives
    expectClose(S.apTrapezoidal([0], 2), 0.5, 1e-15);
  });
  it("revisited mAP removes junk before ranking and skips queries without positives", () => {
    const r = S.revisitedMeanAP([
      { ranking: [3, 1, 0, 2], positives: [1, 2], junk: [0] },
      { ranking: [0, 1], positives: [] },
      { ranking: [5, 4], positives: [5] },
    ]);
    // query 0: ranks after junk removal [1, 2]: (0 + 1/2)/4 + (1/2 + 2/3)/4 = 0.41666...
    expectClose(r.aps[0]!, 0.5 / 4 + (0.5 + 2 / 3) / 4, 1e-15);
    expect(Number.isNaN(r.aps[1]!)).toBe(true);
    expectClose(r.mAP, (r.aps[0]! + 1) / 2, 1e-15);
  });
  it("Recall@K on separated clusters, tensor input and cosine metric", () => {
    const pts = [[0, 0], [0.1, 0], [5, 5], [5.2, 5], [0, 0.2], [5, 5.1]];
    const labels = [0, 0, 1, 1, 0, 1];
    expect(S.recallAtK(pts, labels, { ks: [1, 2] })).toEqual([1, 1]);
    const t = tensor(Float64Array.from(pts.flat()), [6, 2]);
    expect(S.recallAtK(t, labels)).toEqual([1]);
    // mislabel one point: it fails at K = 1 and K = 2, its neighbours still succeed at K = 1
    const bad = [0, 0, 1, 1, 1, 1];
    expect(S.recallAtK(pts, bad, { ks: [1] })[0]).toBeCloseTo(5 / 6, 15);
    expect(S.recallAtK([[1, 0], [2, 0.1], [0, 1], [0.1, 3]], [0, 0, 1, 1], { metric: "cosine" })).toEqual([1]);
  });
});

describe("k-means", () => {
  it("recovers well-separated blobs (ARI = 1), is reproducible, inertia matches its labels", () => {
    const r = testRng(4);
    const centres = [[0, 0], [10, 0], [0, 10], [10, 10]];
    const pts: number[][] = [];
    const truth: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = i % 4;
      pts.push([centres[c]![0]! + r.normal() * 0.5, centres[c]![1]! + r.normal() * 0.5]);
      truth.push(c);
    }
    const a = S.kMeans(pts, 4, { seed: 7, nInit: 3 });
    const b = S.kMeans(pts, 4, { seed: 7, nInit: 3 });
    expect(S.adjustedRandIndex(truth, a.labels)).toBe(1);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    let inertia = 0;
    pts.forEach((p, i) => {
      const j = a.labels[i]!;
      inertia += (p[0]! - a.centroids[2 * j]!) ** 2 + (p[1]! - a.centroids[2 * j + 1]!) ** 2;
    });
    expectClose(a.inertia, inertia, 1e-12);
  });
  it("k = n gives zero inertia; bad k throws", () => {
    expect(S.kMeans([[1], [2], [4]], 3).inertia).toBe(0);
    try {
      S.kMeans([[1], [2]], 3);
      expect.fail("no throw");
    } catch (e) {
      expect(isWcError(e, "E_RANGE")).toBe(true);
    }
  });
});
