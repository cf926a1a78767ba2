import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import {
  ACES_CATEGORY_WEIGHTS, ACES_PHENOMENA, ACES_PHENOMENA_MAPPING, BASELINE_METRICS, acesScore, corpusSpanF1, evaluate, extractSpans,
  formatAcesTable, readAcesTsv, readScoredTsv, scaledSensitivity, scoreChallengeSet, selfScaledSensitivity, spanF1, tauLike, writeScoredTsv,
  type ScoredRow,
} from "../src/index";

const code = async (f: () => unknown): Promise<string | undefined> => {
  try {
    await f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-a-WcError";
  }
  return undefined;
};

const row = (phenomena: string, good: number, bad: number, m = "m"): ScoredRow => ({
  source: "s", goodTranslation: "g", incorrectTranslation: "b", reference: "r", phenomena, scores: { [m]: { good, bad } },
});

describe("tau-like (spec 6.1)", () => {
  it("0.2 with the 0.5/0.5 tie counted as discordant; NaN; all good wins; all ties", () => {
    expect(tauLike([0.9, 0.5, 0.7, 0.2, 0.4], [0.1, 0.5, 0.3, 0.6, 0.1])).toBeCloseTo(0.2, 15);
    expect(tauLike([1], [NaN])).toBeNaN();
    expect(tauLike([3, 2], [1, 1])).toBe(1);
    expect(tauLike([1, 1, 1], [1, 1, 1])).toBe(-1);
  });
});

describe("ACES-score (spec 6.2: paper table rows from normalize_scores_utils.py)", () => {
  const cats = ["addition", "omission", "mistranslation", "untranslated", "do not translate", "overtranslation", "undertranslation", "real-world knowledge", "wrong language", "punctuation"];
  const rowOf = (v: number[]) => Object.fromEntries(cats.map((c, i) => [c, v[i]!]));
  it("WMT22 BLEU -2.79, chrF 3.71, COMET-22 16.41, WMT23 BLEU -2.49", () => {
    expect(acesScore(rowOf([0.748, 0.435, -0.229, 0.353, 0.6, -0.838, -0.856, -0.768, 0.661, 0.638]))).toBeCloseTo(-2.79, 2);
    expect(acesScore(rowOf([0.642, 0.784, 0.162, 0.781, 0.96, -0.696, -0.592, -0.294, 0.691, 0.743]))).toBeCloseTo(3.71, 2);
    expect(acesScore(rowOf([0.333, 0.806, 0.566, 0.536, 0.9, 0.69, 0.538, 0.574, -0.318, 0.539]))).toBeCloseTo(16.41, 2);
    expect(acesScore(rowOf([0.759, 0.422, -0.191, 0.337, 0.711, -0.834, -0.857, -0.767, 0.658, 0.746]))).toBeCloseTo(-2.49, 2);
  });
  it("all ones 29.1, all -1 -29.1; weights sum to 29.1", () => {
    expect(acesScore(rowOf(cats.map(() => 1)))).toBeCloseTo(29.1, 12);
    expect(acesScore(rowOf(cats.map(() => -1)))).toBeCloseTo(-29.1, 12);
    expect(Object.values(ACES_CATEGORY_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(29.1, 12);
  });
  it("missing category: NaN by default, 0 in 'zero' mode; NaN tau propagates", async () => {
    expect(acesScore({ addition: 1 })).toBeNaN();
    expect(acesScore({ addition: 1 }, undefined, { missingCategory: "zero" })).toBe(5);
    expect(acesScore({ ...rowOf(cats.map(() => 1)), punctuation: NaN })).toBeNaN();
    expect(await code(() => acesScore({}, undefined, { missingCategory: "x" as "nan" }))).toBe("E_ARGUMENT");
  });
});

describe("the official phenomenon table", () => {
  it("68 labels: 47 mistranslation, 7 real-world knowledge, 4 punctuation, 3 untranslated, 2 wrong language, 1 each for the rest", () => {
    expect(ACES_PHENOMENA.length).toBe(68);
    const counts: Record<string, number> = {};
    for (const c of Object.values(ACES_PHENOMENA_MAPPING)) counts[c] = (counts[c] ?? 0) + 1;
    expect(counts).toEqual({
      mistranslation: 47, "real-world knowledge": 7, punctuation: 4, untranslated: 3, "wrong language": 2,
      addition: 1, omission: 1, "do not translate": 1, overtranslation: 1, undertranslation: 1,
    });
    expect(ACES_PHENOMENA_MAPPING["hallucination-number-level-2"]).toBe("mistranslation");
    expect(ACES_PHENOMENA_MAPPING["anaphoric_intra_they:deletion"]).toBe("mistranslation");
    expect(ACES_PHENOMENA_MAPPING["punctuation:statement-to-question"]).toBe("punctuation");
    expect(ACES_PHENOMENA_MAPPING["similar-language-low"]).toBe("wrong language");
    expect(ACES_PHENOMENA_MAPPING["hyponym-replacement"]).toBe("overtranslation");
    expect(ACES_PHENOMENA_MAPPING["hypernym-replacement"]).toBe("undertranslation");
  });
});

describe("end to end on the shipped TSV (spec 6.3; literals from test/fixtures/check_challenge.py with pandas)", () => {
  const text = readFileSync(new URL("./fixtures/challenge.tsv", import.meta.url), "utf8");
  const rows = readAcesTsv(text);
  const len = (hyp: string, ref: string) => -Math.abs(hyp.length - ref.length);
  it("reads 12 rows with QUOTE_NONE: quotes stay literal", () => {
    expect(rows.length).toBe(12);
    expect(rows[3]!.goodTranslation).toBe('He said "Yes"');
    expect(rows[0]!.langpair).toBe("de-en");
  });
  it("per-phenomenon tau, macro category means and ACES in both missing-category modes", async () => {
    const scored = await scoreChallengeSet(rows, { len }, { concurrency: 3 });
    const res = evaluate(scored);
    // pandas: tau = {addition: 1.0, hallucination-number-level-1: 0.3333333333333333, ordering-mismatch: -1.0, punctuation:deletion_all: 0.5}
    expect(res.perPhenomenon.map((p) => [p.phenomenon, p.n, p.tau.len])).toEqual([
      ["addition", 4, 1],
      ["hallucination-number-level-1", 3, 1 / 3],
      ["ordering-mismatch", 1, -1],
      ["punctuation:deletion_all", 4, 0.5],
    ]);
    // mistranslation = mean(1/3, -1) = -0.33333333333333337 (macro over phenomena; row-weighted would be 0)
    expect(res.perCategory.len!.mistranslation).toBeCloseTo(-0.33333333333333337, 15);
    expect(res.perCategory.len!.addition).toBe(1);
    expect(res.perCategory.len!.punctuation).toBe(0.5);
    expect(res.acesScore.len).toBeNaN();
    // pandas/NumPy: acesZero = 3.383333333333333
    expect(evaluate(scored, { missingCategory: "zero" }).acesScore.len).toBeCloseTo(3.383333333333333, 12);
    expect(formatAcesTable(res)).toBe(
      "phenomenon\tnum_examples\tlen\naddition\t4\t1.0\nhallucination-number-level-1\t3\t0.3333333333333333\nordering-mismatch\t1\t-1.0\npunctuation:deletion_all\t4\t0.5\n",
    );
  });
  it("scored TSV round trip, NA tokens become NaN tau, unknown labels throw", async () => {
    const scored = await scoreChallengeSet(rows, { len, BLEU: BASELINE_METRICS.BLEU });
    const back = readScoredTsv(writeScoredTsv(scored));
    expect(back.map((r) => r.scores)).toEqual(scored.map((r) => r.scores));
    expect(back[3]!.goodTranslation).toBe('He said "Yes"');
    const withNa = text.split("\n").map((l, i) => (l === "" ? l : i === 0 ? `${l}\tx-good\tx-bad` : `${l}\t${i === 2 ? "NA" : "1"}\t0`)).join("\n");
    const res = evaluate(readScoredTsv(withNa));
    expect(res.perPhenomenon[0]!.tau.x).toBeNaN(); // row 2 is an 'addition' row
    expect(res.perPhenomenon[1]!.tau.x).toBe(1);
    expect(await code(() => evaluate([row("not-a-label", 1, 0)]))).toBe("E_ARGUMENT");
    expect(evaluate([row("mine", 1, 0)], { mapping: { mine: "addition" }, weights: { addition: 2 } }).acesScore.m).toBe(2);
  });
});

describe("scoring loop", () => {
  it("respects the concurrency bound, keeps order, does not mutate input", async () => {
    const rows = readAcesTsv(readFileSync(new URL("./fixtures/challenge.tsv", import.meta.url), "utf8"));
    const before = JSON.stringify(rows);
    let inFlight = 0;
    let peak = 0;
    const slow = async (hyp: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return hyp.length;
    };
    const out = await scoreChallengeSet(rows, { slow }, { concurrency: 4 });
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(out.map((r) => r.scores.slow!.good)).toEqual(rows.map((r) => r.goodTranslation.length));
    expect(JSON.stringify(rows)).toBe(before);
  });
  it("baselines are sacreBLEU sentence_bleu / sentence_chrf", async () => {
    // sacreBLEU test_sentence_bleu.py: 8.493 (exp smoothing, effective order)
    const h = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
    const r = "producţia de zahăr brut se exprimă în zahăr alb;";
    const any = { source: "", goodTranslation: "", incorrectTranslation: "", reference: "", phenomena: "" };
    expect(Math.abs((await BASELINE_METRICS.BLEU(h, r, "", any)) - 8.493)).toBeLessThan(1e-3);
    // sacreBLEU test_chrf.py effective-order mode, beta 2 default: "a b c" vs "abc" = 100
    expect(await BASELINE_METRICS.chrF("a b c", "abc", "", any)).toBe(100);
  });
  it("bad input", async () => {
    expect(await code(() => scoreChallengeSet([], {}))).toBe("E_ARGUMENT");
    expect(await code(() => scoreChallengeSet([row("addition", 0, 0)], { m: () => 1 }, { concurrency: 0 }))).toBe("E_RANGE");
    expect(await code(() => scoreChallengeSet([row("addition", 0, 0)], { m: () => "1" as unknown as number }))).toBe("E_ARGUMENT");
  });
});

describe("TSV format errors", () => {
  it("empty file, missing column, too many fields, non-numeric score, lone -good column", async () => {
    expect(await code(() => readAcesTsv(""))).toBe("E_FORMAT");
    expect(await code(() => readAcesTsv("source\tgood-translation\n"))).toBe("E_FORMAT");
    const h = "source\tgood-translation\tincorrect-translation\treference\tphenomena";
    expect(await code(() => readAcesTsv(`${h}\na\tb\tc\td\te\tf\n`))).toBe("E_FORMAT");
    expect(await code(() => readScoredTsv(`${h}\tm-good\tm-bad\na\tb\tc\td\te\tx\t1\n`))).toBe("E_FORMAT");
    expect(await code(() => readScoredTsv(`${h}\tm-good\na\tb\tc\td\te\t1\n`))).toBe("E_FORMAT");
    expect(await code(() => writeScoredTsv([{ ...row("addition", 1, 0), source: "a\tb" }]))).toBe("E_FORMAT");
    expect(readScoredTsv(`${h}\tm-good\tm-bad\na\tb\tc\td\te\tnull\t-inf\n`)[0]!.scores.m).toEqual({ good: NaN, bad: -Infinity });
  });
});

describe("Span-ACES (spec 6.4)", () => {
  it("extractSpans and spanF1", () => {
    expect(extractSpans("a <v>b c</v> d <v> e </v>")).toEqual(["b c", "e"]);
    expect(spanF1(extractSpans("a <v>b c</v> d <v> e </v>"), ["b c", "x"])).toBe(0.5);
    expect(spanF1([], [])).toBe(1);
    expect(spanF1(["a"], [])).toBe(0);
    expect(extractSpans("<v></v><v>  </v>x<v>a\nb</v>")).toEqual([]);
  });
  it("corpus Span-F1, intended and official-quirk gold", async () => {
    expect(corpusSpanF1(["a <v>b</v>", "<v>x</v>"], ["a <v>b</v>", "<v>y</v>"])).toBe(0.5);
    // quirk: gold = set of characters of "<v>b</v>" = {<, v, >, b, /}; predicted {"b"} -> P = 1, R = 1/5 -> F = 1/3
    expect(corpusSpanF1(["a <v>b</v>"], ["<v>b</v>"], { gold: "characters" })).toBeCloseTo(1 / 3, 15);
    expect(await code(() => corpusSpanF1(["a"], []))).toBe("E_SHAPE");
  });
});

describe("sensitivity diagnostics", () => {
  it("self-scaled and IQR-scaled", async () => {
    // (3-1 + 2-2) / (3+1+2+2) = 0.25
    expect(selfScaledSensitivity([3, 2], [1, 2])).toBe(0.25);
    // np.percentile([0,1,2,3,4,10],[25,75]) -> 1.25, 3.75 -> IQR 2.5; diffs (g-b)/IQR = [0.8, 0, -0.4]
    const s = scaledSensitivity([3, 2, 1], [1, 2, 2], [0, 1, 2, 3, 4, 10]);
    expect(s.meanDiff).toBeCloseTo(0.4 / 3, 14);
    // np.std([0.8, 0, -0.4]) = 0.49888765156985887 ; mean abs = 0.4
    expect(s.stdDiff).toBeCloseTo(0.49888765156985887, 14);
    expect(s.meanAbsDiff).toBeCloseTo(0.4, 14);
    expect(await code(() => scaledSensitivity([1], [0], [1, 1, 1]))).toBe("E_RANGE");
    expect(await code(() => selfScaledSensitivity([1, NaN], [0, 0]))).toBe("E_RANGE");
    expect(await code(() => selfScaledSensitivity([1], [0, 0]))).toBe("E_SHAPE");
  });
});
