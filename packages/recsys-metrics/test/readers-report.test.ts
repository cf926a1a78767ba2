import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { joinRatings, parseQrels, parseRatings, parseRun, qrelsFromJson, qrelsFromRatings, rankingMetrics, recsysReport, runFromJson, runFromRatings } from "../src/index";

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

// A hand-checked TREC example: q1 run sorted by score d3(0.9), then tie at 0.5 broken by docno desc: d2, d1.
const QRELS = "# comment\nq1 0 d1 1\nq1 0 d2 0\nq1 0 d9 2\nq2 0 d5 0\n";
const RUN = "q1 Q0 d1 1 0.5 sys\nq1 Q0 d2 2 0.5 sys\nq1 Q0 d3 3 0.9 sys\nq2 Q0 d5 1 1.0 sys\n";

describe("TREC readers", () => {
  it("parse and evaluate: d1 at rank 3 under trec ties", () => {
    const q = parseQrels(QRELS);
    const r = parseRun(RUN);
    expect(q.get("q1")?.get("d9")).toBe(2);
    expect(r.get("q1")?.items).toEqual(["d1", "d2", "d3"]);
    const m = rankingMetrics(q, r, ["mrr", "precision", "ndcg"], { preset: "trec", k: 10 });
    // q1: RR 1/3; P_10 = 1/10; ndcg = (1/log2 4)/(2 + 1/log2 3); q2: all non-relevant -> 0
    expect(m.perUser.get("q1")?.mrr).toBeCloseTo(1 / 3, 12);
    expect(m.perUser.get("q1")?.ndcg).toBeCloseTo(0.5 / (2 + 1 / Math.log2(3)), 12);
    expect(m.perUser.get("q2")).toEqual({ mrr: 0, precision: 0, ndcg: 0 });
    expect(m.mean.mrr).toBeCloseTo(1 / 6, 12);
  });
  it("malformed files", () => {
    throwsCode(() => parseQrels("q1 0 d1"), "E_FORMAT");
    throwsCode(() => parseQrels("q1 0 d1 x"), "E_FORMAT");
    throwsCode(() => parseQrels("q1 0 d1 1\nq1 0 d1 2"), "E_FORMAT");
    throwsCode(() => parseRun("q1 Q0 d1 1 0.5"), "E_FORMAT");
    throwsCode(() => parseRun("q1 Q0 d1 1 NaN sys"), "E_FORMAT");
    throwsCode(() => parseRun("q1 Q0 d1 1 1 s\nq1 Q0 d1 2 0.5 s"), "E_FORMAT");
  });
});

describe("MovieLens-style CSV and JSON", () => {
  it("detects delimiters and headers", () => {
    expect(parseRatings("userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3,1260759179")).toEqual([
      { user: "1", item: "31", rating: 2.5, timestamp: 1260759144 },
      { user: "1", item: "1029", rating: 3, timestamp: 1260759179 },
    ]);
    expect(parseRatings("196\t242\t3\t881250949")[0]).toEqual({ user: "196", item: "242", rating: 3, timestamp: 881250949 });
    expect(parseRatings("1::1193::5::978300760")[0]?.rating).toBe(5);
    throwsCode(() => parseRatings("1,2"), "E_FORMAT");
    throwsCode(() => parseRatings("1,2,x", { header: false }), "E_FORMAT");
  });
  it("ratings -> qrels/run, join for rating metrics", () => {
    const truth = parseRatings("u,i,r\n1,a,5\n1,b,3\n2,a,4");
    const pred = parseRatings("u,i,r\n1,a,4.5\n1,b,3.5\n1,c,4\n3,a,1");
    const q = qrelsFromRatings(truth);
    const r = runFromRatings(pred);
    expect(rankingMetrics(q, r, ["precision"], { k: 2, preset: "msrec" }).mean.precision).toBeCloseTo(0.5, 12);
    const j = joinRatings(truth, pred);
    expect([...j.yTrue]).toEqual([5, 3]);
    expect([...j.yPred]).toEqual([4.5, 3.5]);
    throwsCode(() => qrelsFromRatings([...truth, truth[0] as never]), "E_FORMAT");
  });
  it("JSON qrels/run shapes and errors", () => {
    expect(runFromJson({ u: { a: 0.2, b: 0.9 } }).get("u")?.scores).toEqual(Float64Array.of(0.2, 0.9));
    throwsCode(() => qrelsFromJson([]), "E_FORMAT");
    throwsCode(() => qrelsFromJson({ u: { a: "1" } }), "E_FORMAT");
    throwsCode(() => runFromJson({ u: 3 }), "E_FORMAT");
    throwsCode(() => runFromJson({ u: [{}] }), "E_FORMAT");
  });
});

describe("recsysReport (the function a CLI wraps)", () => {
  it("TREC texts or JSON in, plain JSON out", () => {
    const rep = recsysReport({ qrels: QRELS, run: RUN, preset: "trec", metrics: ["mrr"], perUser: true });
    expect(rep.ranking?.mrr).toBeCloseTo(1 / 6, 12);
    expect(rep.perUser?.q1?.mrr).toBeCloseTo(1 / 3, 12);
    expect(rep.counts).toEqual({ users: 2, skipped: 0 });
    expect(JSON.parse(JSON.stringify(rep)).options.preset).toBe("trec");
    const rep2 = recsysReport({ ratings: { truth: [{ user: 1, item: 2, rating: 4 }], pred: [{ user: 1, item: 2, rating: 3 }] } });
    expect(rep2.rating?.mae).toBe(1);
    expect(rep2.rating?.pairs).toBe(1);
  });
  it("rejects incomplete input", () => {
    throwsCode(() => recsysReport({}), "E_ARGUMENT");
    throwsCode(() => recsysReport({ qrels: QRELS }), "E_ARGUMENT");
  });
});
