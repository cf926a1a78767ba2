import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { RANK_METRICS, rankingMetrics, resolveRankOptions, type Qrels, type Run } from "../src/index";

// Spec section 5 toy: run [a,b,c,d,e], qrels {b:3, d:1, f:2}.
const toyQ: Qrels = new Map([["u", new Map<string | number, number>([["b", 3], ["d", 1], ["f", 2]])]]);
const toyR: Run = new Map([["u", { items: ["a", "b", "c", "d", "e"] }]]);
const mean = (o: Parameters<typeof rankingMetrics>[3]) => rankingMetrics(toyQ, toyR, [...RANK_METRICS], o).mean;

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

describe("spec toy ranking (section 5), 1e-9", () => {
  // Literals: python3 -c "import numpy as np; g={'b':3,'d':1,'f':2}; run='abcde'; nd=lambda k,f: sum(f(g.get(x,0))/np.log2(j+2) for j,x in enumerate(run[:k]))/sum(f(v)/np.log2(j+2) for j,v in enumerate(sorted(g.values(),reverse=True)[:k])); print(nd(5,lambda r:r), nd(5,lambda r:2**r-1), nd(5,lambda r:1.0*(r>0)), nd(2,lambda r:r), nd(2,lambda r:2**r-1))"
  // -> 0.4879324590115489 0.5160538258158408 0.49818925746641285 0.44412286644879784 0.4966392596877323
  it("k=5: NDCG linear/exp2/binary", () => {
    expect(mean({ k: 5 }).ndcg).toBeCloseTo(0.4879324590115489, 12);
    expect(mean({ k: 5, gain: "exp2" }).ndcg).toBeCloseTo(0.5160538258158408, 12);
    expect(mean({ k: 5, gain: "binary" }).ndcg).toBeCloseTo(0.49818925746641285, 12);
    expect(Math.abs((mean({ k: 5 }).ndcg as number) - 0.487932)).toBeLessThan(1e-6);
  });
  it("k=5: AP with |R| and with hits, P, R, RR", () => {
    const m = mean({ k: 5 });
    expect(m.map).toBeCloseTo(1 / 3, 12); // (1/2 + 2/4)/3
    expect(mean({ k: 5, apDenominator: "numHits" }).map).toBeCloseTo(0.5, 12);
    expect(m.precision).toBeCloseTo(0.4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.mrr).toBeCloseTo(0.5, 12);
    expect(m.hitRate).toBe(1);
    expect(m.f1).toBeCloseTo((2 * 0.4 * (2 / 3)) / (0.4 + 2 / 3), 12);
    expect(m.arhr).toBeCloseTo(1 / 2 + 1 / 4, 12);
  });
  it("k=2: NDCG linear/exp2, AP@2 with |R| vs RecBole min(|R|,k)", () => {
    expect(mean({ k: 2 }).ndcg).toBeCloseTo(0.44412286644879784, 12);
    expect(mean({ k: 2, gain: "exp2" }).ndcg).toBeCloseTo(0.4966392596877323, 12);
    expect(mean({ k: 2 }).map).toBeCloseTo(1 / 6, 12);
    expect(mean({ k: 2, preset: "recbole" }).map).toBeCloseTo(0.25, 12);
    expect(mean({ k: 2, apDenominator: "minRelK" }).map).toBeCloseTo(0.25, 12);
  });
  it("every preset gives the documented toy values", () => {
    for (const preset of ["standard", "trec", "ranx"] as const) expect(mean({ k: 5, preset }).ndcg).toBeCloseTo(0.4879324590115489, 12);
    for (const preset of ["recbole", "msrec"] as const) expect(mean({ k: 5, preset }).ndcg).toBeCloseTo(0.49818925746641285, 12);
  });
  it("idealOver retrievedRelevant: IDCG from the retrieved hits only", () => {
    // hits b (3) at rank 2, d (1) at rank 4; ideal = [3, 1] at ranks 1, 2
    const dcg = 3 / Math.log2(3) + 1 / Math.log2(5);
    expect(mean({ k: 5, idealOver: "retrievedRelevant" }).ndcg).toBeCloseTo(dcg / (3 + 1 / Math.log2(3)), 12);
    expect(mean({ k: 5 }).dcg).toBeCloseTo(dcg, 12);
  });
  it("precisionDenominator retrievedAtK divides by the list length when shorter than k", () => {
    expect(mean({ k: 10 }).precision).toBeCloseTo(0.2, 12);
    expect(mean({ k: 10, precisionDenominator: "retrievedAtK" }).precision).toBeCloseTo(0.4, 12);
  });
  it("AUC of a list: relevant items missing from the list rank below all listed items", () => {
    // listed: a-,b+,c-,d+,e- ; f+ unlisted. Pairs (pos,neg): b beats c,e (2), d beats e (1), f beats none: 3/(3*3)
    expect(mean({ k: 5 }).auc).toBeCloseTo(3 / 9, 12);
    expect(mean({ k: 5 }).gauc).toBeCloseTo(3 / 9, 12);
  });
});

describe("invariants (spec 6.2)", () => {
  const q: Qrels = new Map();
  const r: Run = new Map();
  // deterministic pseudo-random data without Math.random
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let u = 0; u < 30; u++) {
    const m = new Map<string | number, number>();
    for (let i = 0; i < 20; i++) if (next() < 0.5) m.set(`i${i}`, Math.floor(next() * 4));
    m.set(`i${u % 20}`, 2);
    q.set(`u${u}`, m);
    const items = Array.from({ length: 20 }, (_, i) => `i${i}`).filter(() => next() < 0.7);
    r.set(`u${u}`, { items });
  }
  it("NDCG = 1 when the run is the qrels sorted by gain", () => {
    const ideal: Run = new Map();
    for (const [u, m] of q) ideal.set(u, { items: [...m].sort((a, b) => b[1] - a[1]).map((x) => x[0]) });
    for (const gain of ["linear", "exp2", "binary"] as const) {
      const res = rankingMetrics(q, ideal, ["ndcg"], { k: 10, gain });
      for (const v of res.perUser.values()) expect(v.ndcg).toBeCloseTo(1, 12);
    }
  });
  it("NDCG unchanged when log2 is replaced by ln; DCG scales by 1/ln 2", () => {
    const a = rankingMetrics(q, r, ["ndcg", "dcg"], { k: 10 });
    const b = rankingMetrics(q, r, ["ndcg", "dcg"], { k: 10, logBase: Math.E });
    expect(b.mean.ndcg).toBeCloseTo(a.mean.ndcg as number, 12);
    expect(b.mean.dcg).toBeCloseTo((a.mean.dcg as number) / Math.LN2, 12);
  });
  it("AP <= 1, Precision@k·k = Recall@k·|R_u|", () => {
    for (const apDenominator of ["numRelevant", "minRelK", "numHits"] as const) {
      const res = rankingMetrics(q, r, ["map", "precision", "recall"], { k: 7, apDenominator });
      for (const [u, v] of res.perUser) {
        expect(v.map).toBeLessThanOrEqual(1 + 1e-12);
        const nRel = [...(q.get(u) as Map<string | number, number>).values()].filter((g) => g >= 1).length;
        expect((v.precision as number) * 7).toBeCloseTo((v.recall as number) * nRel, 10);
      }
    }
  });
  it("shuffling users leaves means unchanged", () => {
    const q2: Qrels = new Map([...q].reverse());
    const r2: Run = new Map([...r].reverse());
    for (const preset of ["standard", "trec", "ranx", "recbole", "msrec"] as const) {
      const a = rankingMetrics(q, r, [...RANK_METRICS], { preset });
      const b = rankingMetrics(q2, r2, [...RANK_METRICS], { preset });
      for (const m of RANK_METRICS) expect(b.mean[m]).toBeCloseTo(a.mean[m] as number, 12);
    }
  });
  it("inputs are not mutated", () => {
    const before = JSON.stringify([...r].map(([u, l]) => [u, l.items]));
    rankingMetrics(q, r, ["ndcg"], { preset: "trec" });
    expect(JSON.stringify([...r].map(([u, l]) => [u, l.items]))).toBe(before);
  });
});

describe("averaging presets", () => {
  // u1: hit at rank 3; u2: no relevant items; u3: relevant but not in run; u4: run only; u5: no hit
  const q: Qrels = new Map([
    ["u1", new Map<string | number, number>([["a", 1], ["z", 1]])],
    ["u2", new Map<string | number, number>([["a", 0]])],
    ["u3", new Map<string | number, number>([["b", 2]])],
    ["u5", new Map<string | number, number>([["q", 1]])],
  ]);
  const r: Run = new Map([
    ["u1", { items: ["x", "y", "a", "w"] }],
    ["u2", { items: ["a", "b"] }],
    ["u4", { items: ["a"] }],
    ["u5", { items: ["x", "y"] }],
  ]);
  it("standard: qrels users with a relevant item; u2 skipped", () => {
    const res = rankingMetrics(q, r, ["mrr", "ndcg"], { k: 4 });
    expect(res.counts).toEqual({ users: 3, skipped: 1 });
    expect(res.mean.mrr).toBeCloseTo(1 / 3 / 3, 12);
    expect([...res.perUser.keys()]).toEqual(["u1", "u3", "u5"]);
  });
  it("trec: users in both qrels and run, 0 for u2", () => {
    const res = rankingMetrics(q, r, ["mrr"], { k: 4, preset: "trec" });
    expect(res.counts).toEqual({ users: 3, skipped: 0 });
    expect(res.mean.mrr).toBeCloseTo(1 / 3 / 3, 12);
  });
  it("ranx: every qrels user, 0 for empty ones", () => {
    const res = rankingMetrics(q, r, ["mrr"], { k: 4, preset: "ranx" });
    expect(res.counts.users).toBe(4);
    expect(res.mean.mrr).toBeCloseTo(1 / 3 / 4, 12);
  });
  it("userSet run: users of the run, u4 has no relevant item", () => {
    const res = rankingMetrics(q, r, ["mrr"], { k: 4, userSet: "run", emptyUser: "zero" });
    expect(res.counts.users).toBe(4);
    expect(res.mean.mrr).toBeCloseTo(1 / 3 / 4, 12);
  });
  it("msrec quirks: MRR over users with a hit, ARHR over hit rows, NDCG over truth users, P over common users", () => {
    const res = rankingMetrics(q, r, ["mrr", "arhr", "ndcg", "precision"], { k: 4, preset: "msrec" });
    expect(res.mean.mrr).toBeCloseTo(1 / 3, 12); // only u1 has a hit
    expect(res.mean.arhr).toBeCloseTo(1 / 3, 12); // one hit row, rank 3
    // NDCG (binary, ln): u1 = (1/ln 4)/(1/ln 2 + 1/ln 3), others 0, over the 4 truth users
    expect(res.mean.ndcg).toBeCloseTo(1 / Math.log(4) / (1 / Math.log(2) + 1 / Math.log(3)) / 4, 12);
    expect(res.mean.precision).toBeCloseTo(1 / 4 / 3, 12); // common users u1, u2, u5
    expect(res.counts.users).toBe(3);
  });
});

describe("ties and scores", () => {
  const q: Qrels = new Map([["u", new Map<string | number, number>([["d2", 1]])]]);
  const r: Run = new Map([["u", { items: ["d1", "d2", "d3"], scores: Float64Array.of(0.5, 0.5, 0.9) }]]);
  it("trec: score descending, then item id descending (d3, d2, d1)", () => {
    expect(rankingMetrics(q, r, ["mrr"], { ties: "trec" }).mean.mrr).toBeCloseTo(1 / 2, 12);
  });
  it("inputOrder: stable (d3, d1, d2)", () => {
    expect(rankingMetrics(q, r, ["mrr"], { ties: "inputOrder" }).mean.mrr).toBeCloseTo(1 / 3, 12);
  });
  it("rrDepth full finds a hit beyond k; numeric and string ids match", () => {
    const q2: Qrels = new Map([[1, new Map<string | number, number>([[7, 1]])]]);
    const r2: Run = new Map([["1", { items: ["5", "6", 7] }]]);
    expect(rankingMetrics(q2, r2, ["mrr"], { k: 2 }).mean.mrr).toBe(0);
    expect(rankingMetrics(q2, r2, ["mrr"], { k: 2, rrDepth: "full" }).mean.mrr).toBeCloseTo(1 / 3, 12);
  });
  it("k = 0 evaluates the whole list", () => {
    expect(rankingMetrics(toyQ, toyR, ["precision", "recall"], { k: 0 }).mean).toEqual({ precision: 0.4, recall: 2 / 3 });
  });
});

describe("bad input", () => {
  it("rejects bad options, metrics and entries with WcError codes", () => {
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { k: -1 }), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { k: 2.5 }), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { preset: "spark" as never }), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { gain: "log" as never }), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { relLevel: Number.NaN }), "E_RANGE");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["ndcg"], { logBase: 1 }), "E_RANGE");
    throwsCode(() => rankingMetrics(toyQ, toyR, ["nope" as never]), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, toyR, []), "E_ARGUMENT");
    throwsCode(() => rankingMetrics({} as never, toyR, ["ndcg"]), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, new Map([["u", { items: ["a", "a"] }]]), ["ndcg"]), "E_ARGUMENT");
    throwsCode(() => rankingMetrics(toyQ, new Map([["u", { items: ["a", "b"], scores: Float64Array.of(1) }]]), ["ndcg"]), "E_SHAPE");
    throwsCode(() => rankingMetrics(toyQ, new Map([["u", { items: ["a"], scores: Float64Array.of(Number.NaN) }]]), ["ndcg"]), "E_RANGE");
    throwsCode(() => rankingMetrics(new Map([["u", new Map([["a", Number.POSITIVE_INFINITY]])]]), toyR, ["ndcg"]), "E_RANGE");
  });
  it("resolveRankOptions: explicit options win over the preset and the result is frozen", () => {
    const o = resolveRankOptions({ preset: "recbole", gain: "exp2" });
    expect(o.gain).toBe("exp2");
    expect(o.apDenominator).toBe("minRelK");
    expect(Object.isFrozen(o)).toBe(true);
  });
});
