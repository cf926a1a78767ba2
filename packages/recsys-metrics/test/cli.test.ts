import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, runCommand } from "@wc/command";
import { isWcError } from "@wc/tensor";
import { command } from "../src/cli";

const exec = (raw: Record<string, unknown>) => runCommand(command, [], raw);

import type { RecsysReport } from "../src/report";


async function code(p: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await p();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    return (e as { code: string }).code;
  }
  throw new Error("expected a WcError");
}

// The cross-library fixture (test/fixtures/make_fixtures.py): 200 users x 50 items, graded 0-3, with
// per-user values of NumPy re-implementations of trec_eval (pytrec_eval) ndcg_cut_10, map_cut_10, P_10, recip_rank.
const fx = JSON.parse(readFileSync(new URL("./fixtures/cross-library.json", import.meta.url), "utf8")) as {
  qrels: Record<string, Record<string, number>>;
  run: Record<string, Record<string, number>>;
};

const dir = mkdtempSync(join(tmpdir(), "recsys-cli-"));
const write = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const qrelsTxt = write(
  "qrels.txt",
  Object.entries(fx.qrels).flatMap(([u, m]) => Object.entries(m).map(([i, g]) => `${u} 0 ${i} ${g}`)).join("\n") + "\n",
);
const runTxt = write(
  "run.txt",
  Object.entries(fx.run).flatMap(([u, m]) => Object.entries(m).map(([i, s], r) => `${u} Q0 ${i} ${r + 1} ${s} sys`)).join("\n") + "\n",
);
const qrelsJson = write("qrels.json", JSON.stringify(fx.qrels));
const runJson = write("run.json", JSON.stringify(fx.run));

// Means of the fixture's per-user trec values over its 189 users (qrels and run in common):
// python3 -c "import json,numpy as np; t=json.load(open('test/fixtures/cross-library.json'))['trec']; print({m: np.mean([v[m] for v in t.values()]) for m in ['ndcg','map','precision','mrr']})"
const TREC = { ndcg: 0.22331411673815837, map: 0.0929514620060039, precision: 0.2835978835978836, mrr: 0.4836776685983036 };
const METRICS = ["ndcg", "map", "precision", "mrr"];

describe("wcraft recsys-metrics", () => {
  it("TREC qrels/run files with --preset trec --k 10 equal pytrec_eval's means", async () => {
    const r = await exec({ qrels: qrelsTxt, run: runTxt, preset: "trec", k: "10", metric: METRICS });
    const json = r.json as RecsysReport;
    for (const m of METRICS) expect(Math.abs(json.ranking![m]! - TREC[m as keyof typeof TREC]), m).toBeLessThan(1e-12);
    expect(json.counts).toEqual({ users: 189, skipped: 0 });
    expect(json.options?.preset).toBe("trec");
    expect(json.options?.k).toBe(10);
    expect(Object.keys(json.ranking!)).toEqual(METRICS);
    expect(r.sections.map((s) => [s.kind, s.title])).toEqual([
      ["table", "ranking metrics@10 (preset trec)"],
      ["bar", "ranking metrics@10"],
      ["table", "conventions"],
    ]);
    const table = r.sections[0]!;
    expect(table.kind === "table" ? table.rows.map((row) => row[0]) : []).toEqual(["ndcg@10", "map@10", "precision@10", "mrr"]);
    expect(JSON.parse(JSON.stringify(r.json))).toEqual(json);
  });

  it("JSON qrels/run give the same numbers; per-user values on request", async () => {
    const r = await exec({ qrels: qrelsJson, run: runJson, preset: "trec", metric: METRICS, "per-user": true });
    const json = r.json as RecsysReport;
    for (const m of METRICS) expect(Math.abs(json.ranking![m]! - TREC[m as keyof typeof TREC]), m).toBeLessThan(1e-12);
    expect(Object.keys(json.perUser!).length).toBe(189);
  });

  it("every metric by default; the default preset (standard) skips users without a relevant item", async () => {
    const r = await exec({ qrels: qrelsTxt, run: runTxt });
    const json = r.json as RecsysReport;
    expect(Object.keys(json.ranking!)).toEqual(["precision", "recall", "f1", "hitRate", "mrr", "arhr", "map", "ndcg", "dcg", "auc", "gauc"]);
    // make_fixtures.py: 195 qrels users (u % 40 != 3); it zeroes every grade of u007, u032, ..., u182 (u % 25 == 7):
    // 8 users, all in the qrels, so 195 - 8 = 187 are averaged
    expect(json.counts).toEqual({ users: 187, skipped: 8 });
    const bar = r.sections.find((s) => s.kind === "bar");
    expect(bar && bar.kind === "bar" ? bar.data.map((d) => d.label) : []).not.toContain("dcg");
  });

  // MovieLens-style rating files (the readers test's example): truth 1,a,5 · 1,b,3 · 2,a,4; predictions
  // 1,a,4.5 · 1,b,3.5 · 1,c,4 · 3,a,1.
  const truthCsv = write("truth.csv", "userId,movieId,rating\n1,a,5\n1,b,3\n2,a,4\n");
  const predCsv = write("pred.csv", "userId,movieId,rating\n1,a,4.5\n1,b,3.5\n1,c,4\n3,a,1\n");

  it("rating files as qrels/run, with --rel-level", async () => {
    const r = await exec({ qrels: truthCsv, run: predCsv, preset: "trec", k: 2, metric: ["ndcg", "precision"] });
    const json = r.json as RecsysReport;
    // trec: only user 1 is in both files; top 2 = a (grade 5), c (unjudged):
    // ndcg@2 = 5 / (5 + 3/log2 3): python3 -c "import numpy as np; print(5/(5+3/np.log2(3)))" -> 0.7253957448688627
    expect(json.ranking!.ndcg).toBeCloseTo(0.7253957448688627, 12);
    expect(json.ranking!.precision).toBe(0.5);
    expect(json.counts).toEqual({ users: 1, skipped: 0 });
    // with rel-level 4 the 3-star b is not relevant: the ideal list is a alone, so ndcg@2 = 1 and precision 1/2
    const hi = (await exec({ qrels: truthCsv, run: predCsv, preset: "trec", k: 2, metric: ["ndcg"], "rel-level": 4 })).json as RecsysReport;
    expect(hi.ranking!.ndcg).toBe(1);
  });

  it("--ratings/--predictions give scikit-learn's regression errors on the joined pairs", async () => {
    const r = await exec({ ratings: truthCsv, predictions: predCsv });
    const json = r.json as RecsysReport;
    // joined pairs (5, 4.5), (3, 3.5); sklearn.metrics on yt=[5,3], yp=[4.5,3.5]: rmse 0.5, mae 0.5, mse 0.25,
    // 100*mean_absolute_percentage_error 13.333333333333334, r2_score 0.75, explained_variance_score 0.75
    expect(json.rating!.pairs).toBe(2);
    expect(json.rating!.rmse).toBeCloseTo(0.5, 14);
    expect(json.rating!.mae).toBeCloseTo(0.5, 14);
    expect(json.rating!.mse).toBeCloseTo(0.25, 14);
    expect(json.rating!.mape).toBeCloseTo(13.333333333333334, 12);
    expect(json.rating!.r2).toBeCloseTo(0.75, 14);
    expect(json.rating!.explainedVariance).toBeCloseTo(0.75, 14);
    expect(json.ranking).toBeUndefined();
    expect(r.sections.map((s) => s.title)).toEqual(["rating-prediction errors"]);
  });

  it("bad input: missing files, half-given pairs, malformed files, bad options", async () => {
    expect(await code(() => exec({ qrels: join(dir, "missing.txt"), run: runTxt }))).toBe("E_IO");
    expect(await code(() => exec({ qrels: qrelsTxt }))).toBe("E_ARGUMENT");
    expect(await code(() => exec({ ratings: truthCsv }))).toBe("E_ARGUMENT");
    expect(await code(() => exec({}))).toBe("E_ARGUMENT");
    const bad = write("bad.txt", "q1 0 d1\n");
    expect(await code(() => exec({ qrels: bad, run: runTxt }))).toBe("E_FORMAT");
    const badJson = write("bad.json", "{ not json");
    expect(await code(() => exec({ qrels: badJson, run: runJson }))).toBe("E_FORMAT");
    // a TREC run read as JSON because of --format json
    expect(await code(() => exec({ qrels: qrelsTxt, run: runTxt, format: "json" }))).toBe("E_FORMAT");
    const other = write("other.csv", "u,i,r\n9,z,1\n");
    expect(await code(() => exec({ ratings: truthCsv, predictions: other }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { preset: "pytrec" }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { k: "-1" }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { metric: ["ndcg", "bleu"] }))).toBe("E_ARGUMENT");
  });
});
