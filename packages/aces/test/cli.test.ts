import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseOptions, runCommand } from "@wc/command";
import { isWcError } from "@wc/tensor";
import { command } from "../src/cli";

const exec = (raw: Record<string, unknown>, out?: string) => runCommand(command, [], raw, { out });

import { readScoredTsv } from "../src/tsv";


async function code(p: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await p();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    return (e as { code: string }).code;
  }
  throw new Error("expected a WcError");
}

interface Json {
  mode: string;
  rows: number;
  metrics: string[];
  perPhenomenon: { phenomenon: string; n: number; tau: Record<string, number | null> }[];
  perCategory: Record<string, Record<string, number | null>>;
  acesScore: Record<string, number | null>;
  categoriesWithoutPhenomena: string[];
}

const FIXTURE = new URL("./fixtures/challenge.tsv", import.meta.url);
const CHALLENGE = fileURLToPath(FIXTURE);
const text = readFileSync(FIXTURE, "utf8");
const dir = mkdtempSync(join(tmpdir(), "aces-cli-"));
const write = (name: string, content: string): string => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

// The fixture scored with the length metric of test/fixtures/check_challenge.py, -|len(hyp) - len(ref)|,
// as columns len-good / len-bad (what the official aces-score writes for any metric).
const lenScored = write(
  "len.tsv",
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l, i) => {
      if (i === 0) return `${l}\tlen-good\tlen-bad`;
      const [, good, bad, ref] = l.split("\t") as [string, string, string, string];
      return `${l}\t${-Math.abs(good.length - ref.length)}\t${-Math.abs(bad.length - ref.length)}`;
    })
    .join("\n") + "\n",
);

describe("wcraft aces", () => {
  it("--scores: tau per phenomenon, macro category means and the ACES-score as aces-eval (pandas, check_challenge.py)", async () => {
    const r = await exec({ scores: lenScored });
    const json = r.json as Json;
    expect(json.mode).toBe("scores");
    expect(json.rows).toBe(12);
    // pandas: tau = {addition: 1.0, hallucination-number-level-1: 0.3333333333333333, ordering-mismatch: -1.0, punctuation:deletion_all: 0.5}
    expect(json.perPhenomenon.map((p) => [p.phenomenon, p.n, p.tau.len])).toEqual([
      ["addition", 4, 1],
      ["hallucination-number-level-1", 3, 1 / 3],
      ["ordering-mismatch", 1, -1],
      ["punctuation:deletion_all", 4, 0.5],
    ]);
    expect(json.perCategory.len!.mistranslation).toBeCloseTo(-0.33333333333333337, 15);
    // 7 of the 10 categories have no phenomenon here: aces-eval's mean of an empty list makes ACES NaN (JSON null)
    expect(json.acesScore.len).toBeNull();
    expect(json.categoriesWithoutPhenomena).toEqual(["omission", "untranslated", "do not translate", "overtranslation", "undertranslation", "real-world knowledge", "wrong language"]);
    const table = r.sections[0]!;
    expect(table.kind === "table" ? table.rows.map((row) => row[0]) : []).toEqual(["addition", "mistranslation", "punctuation", "ACES-score"]);
    expect(table.kind === "table" ? table.rows[3] : []).toEqual(["ACES-score", "", "nan"]);
    // pandas/NumPy: acesZero = 5*1 + 5*(-1/3) + 0.1*0.5 = 3.383333333333333
    const zero = (await exec({ scores: lenScored, "missing-category": "zero" })).json as Json;
    expect(zero.acesScore.len).toBeCloseTo(3.383333333333333, 12);
  });

  it("--challenge with bleu and chrf: per-row scores of the sacreBLEU ports, tau, and the scored TSV via --out", async () => {
    const out = join(dir, "scored.tsv");
    const r = await exec({ challenge: CHALLENGE, metric: ["bleu", "chrf"], "missing-category": "zero" }, out);
    const json = r.json as Json;
    expect(json.metrics).toEqual(["BLEU", "chrF"]);
    expect(r.files).toEqual([out]);
    // Sentence BLEU (13a, exp smoothing, effective order) and chrF of every row against its reference, from the
    // Python ports of sacreBLEU in ../nlg-metrics/test/fixtures/make_fixtures.py (bleu_score(*bleu_stats(h, [r]), True),
    // chrf_f(chrf_seg(h, [r], 0))), loaded with their imports and defs only and run over challenge.tsv with pandas.
    const want = {
      "BLEU-good": [100, 100, 77.88007830714052, 100, 100, 100, 100, 100, 100, 100, 100, 100],
      "BLEU-bad": [61.47881529512643, 39.76353643835252, 50.81327481546149, 42.72870063962342, 50, 50, 50, 39.68502629920499, 26.013004751144457, 36.78794411714425, 32.34325178227722, 50],
      "chrF-good": [100, 100, 93.88443101094023, 100, 100, 100, 100, 100, 100, 100, 100, 100],
      "chrF-bad": [92.24276737500206, 82.04290998726376, 86.03087155889288, 53.67261555866796, 31.071428571428573, 83.5889146258232, 23.657080810525198, 43.42592592592593, 35.09278884282781, 63.63636363636363, 61.62801227169526, 54.33333333333333],
    };
    const back = readScoredTsv(readFileSync(out, "utf8"));
    expect(back.length).toBe(12);
    back.forEach((row, i) => {
      expect(row.scores.BLEU!.good).toBeCloseTo(want["BLEU-good"][i]!, 9);
      expect(row.scores.BLEU!.bad).toBeCloseTo(want["BLEU-bad"][i]!, 9);
      expect(row.scores.chrF!.good).toBeCloseTo(want["chrF-good"][i]!, 9);
      expect(row.scores.chrF!.bad).toBeCloseTo(want["chrF-bad"][i]!, 9);
    });
    expect(back[3]!.goodTranslation).toBe('He said "Yes"');
    // every good translation outscores its incorrect one: tau 1 everywhere; ACES (zero) = 5 + 5 + 0.1 = 10.1
    for (const p of json.perPhenomenon) expect(p.tau).toEqual({ BLEU: 1, chrF: 1 });
    expect(json.acesScore.BLEU).toBeCloseTo(10.1, 12);
    expect(json.acesScore.chrF).toBeCloseTo(10.1, 12);
    expect(r.sections.filter((s) => s.kind === "bar").map((s) => s.title)).toEqual(["tau-like per category: BLEU", "tau-like per category: chrF"]);
    // the scored file evaluates to the same result in --scores mode
    expect((await exec({ scores: out, "missing-category": "zero" })).json).toEqual({ ...json, mode: "scores" });
  });

  it("default metrics are the official baselines; ter is negated TER; --mapping and --weights for own labels", async () => {
    expect(((await exec({ challenge: CHALLENGE })).json as Json).metrics).toEqual(["BLEU", "chrF"]);
    const own = write(
      "own.tsv",
      "source\tgood-translation\tincorrect-translation\treference\tphenomena\ns\tthe cat sat\tthe dog sat\tthe cat sat\tanimal-swap\ns\ta b c d\ta b c\ta b c d\tdropped-word\n",
    );
    expect(await code(() => exec({ challenge: own, metric: ["ter"] }))).toBe("E_ARGUMENT"); // labels not in the official mapping
    const mapping = write("mapping.json", JSON.stringify({ "animal-swap": "mistranslation", "dropped-word": "omission" }));
    const weights = write("weights.json", JSON.stringify({ mistranslation: 2, omission: 3 }));
    const json = (await exec({ challenge: own, metric: ["ter"], mapping, weights, "missing-category": "zero" })).json as Json;
    // TER: good = reference (0 edits) vs 1 edit each, so -TER prefers the good one: tau 1; ACES = 2*1 + 3*1 (other weights x 0)
    expect(json.metrics).toEqual(["-TER"]);
    expect(json.perCategory["-TER"]).toEqual({ mistranslation: 1, omission: 1 });
    expect(json.acesScore["-TER"]).toBe(5);
  });

  it("bad input: modes, files, option values", async () => {
    expect(await code(() => exec({}))).toBe("E_ARGUMENT");
    expect(await code(() => exec({ challenge: CHALLENGE, scores: lenScored }))).toBe("E_ARGUMENT");
    expect(await code(() => exec({ scores: lenScored, metric: ["bleu"] }))).toBe("E_ARGUMENT");
    expect(await code(() => exec({ scores: lenScored }, join(dir, "x.tsv")))).toBe("E_ARGUMENT");
    expect(await code(() => exec({ challenge: join(dir, "missing.tsv") }))).toBe("E_IO");
    expect(await code(() => exec({ challenge: CHALLENGE }, join(dir, "no-such-dir", "out.tsv")))).toBe("E_IO");
    expect(await code(() => exec({ scores: CHALLENGE }))).toBe("E_FORMAT"); // no score columns
    expect(await code(() => exec({ challenge: write("bad.tsv", "source\tgood-translation\n") }))).toBe("E_FORMAT");
    expect(await code(() => exec({ challenge: write("header.tsv", "source\tgood-translation\tincorrect-translation\treference\tphenomena\n") }))).toBe("E_FORMAT");
    expect(await code(() => exec({ challenge: CHALLENGE, mapping: write("m.json", "[1]") }))).toBe("E_FORMAT");
    expect(await code(() => exec({ challenge: CHALLENGE, weights: write("w.json", '{"addition": "5"}') }))).toBe("E_FORMAT");
    expect(await code(() => parseOptions(command.options, { metric: ["comet"] }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { "missing-category": "skip" }))).toBe("E_ARGUMENT");
  });
});
