import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { qrelsFromJson, rankingMetrics, runFromJson } from "../src/index";

// Fixture written by test/fixtures/make_fixtures.py: 200 users x 50 items, graded 0-3, seeded NumPy,
// expected per-user values from NumPy re-implementations of trec_eval (pytrec_eval), ranx and RecBole.
const fx = JSON.parse(readFileSync(new URL("./fixtures/cross-library.json", import.meta.url), "utf8")) as {
  k: number;
  qrels: Record<string, Record<string, number>>;
  run: Record<string, Record<string, number>>;
  trec: Record<string, Record<string, number>>;
  ranx: Record<string, Record<string, number>>;
  recbole: Record<string, Record<string, number>>;
};
const qrels = qrelsFromJson(fx.qrels);
const run = runFromJson(fx.run);

function compare(got: Map<string | number, Record<string, number>>, want: Record<string, Record<string, number>>, names: [string, string][]): void {
  expect(new Set([...got.keys()].map(String))).toEqual(new Set(Object.keys(want)));
  for (const [u, w] of Object.entries(want)) {
    const g = got.get(u) as Record<string, number>;
    for (const [ours, theirs] of names) expect(Math.abs((g[ours] as number) - (w[theirs] as number)), `${u} ${ours}`).toBeLessThan(1e-12);
  }
}

describe("cross-library agreement (spec 6.3)", () => {
  it("preset trec = trec_eval ndcg_cut_10 / map_cut_10 / P_10 / recip_rank per user", () => {
    const res = rankingMetrics(qrels, run, ["ndcg", "map", "precision", "mrr"], { k: fx.k, preset: "trec" });
    compare(res.perUser, fx.trec, [["ndcg", "ndcg"], ["map", "map"], ["precision", "precision"], ["mrr", "mrr"]]);
  });
  it("preset ranx = ranx ndcg@10 / map@10 / precision@10 and ndcg_burges@10 with gain exp2", () => {
    const res = rankingMetrics(qrels, run, ["ndcg", "map", "precision"], { k: fx.k, preset: "ranx" });
    compare(res.perUser, fx.ranx, [["ndcg", "ndcg"], ["map", "map"], ["precision", "precision"]]);
    const burges = rankingMetrics(qrels, run, ["ndcg"], { k: fx.k, preset: "ranx", gain: "exp2" });
    compare(burges.perUser, fx.ranx, [["ndcg", "ndcgExp2"]]);
  });
  it("preset recbole = RecBole NDCG / MAP / Precision / Recall / MRR formulas", () => {
    const res = rankingMetrics(qrels, run, ["ndcg", "map", "precision", "recall", "mrr"], { k: fx.k, preset: "recbole" });
    compare(res.perUser, fx.recbole, [["ndcg", "ndcg"], ["map", "map"], ["precision", "precision"], ["recall", "recall"], ["mrr", "mrr"]]);
  });
  it("the presets really disagree on this data (the point of the package)", () => {
    const t = rankingMetrics(qrels, run, ["ndcg", "map"], { k: fx.k, preset: "trec" }).mean;
    const r = rankingMetrics(qrels, run, ["ndcg", "map"], { k: fx.k, preset: "recbole" }).mean;
    expect(Math.abs((t.map as number) - (r.map as number))).toBeGreaterThan(0.01);
    expect(Math.abs((t.ndcg as number) - (r.ndcg as number))).toBeGreaterThan(0.01);
  });
});
