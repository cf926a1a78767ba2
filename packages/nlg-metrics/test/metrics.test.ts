import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { bleu, chrf, meteor, porterStem, pySplit, rouge, rougeBootstrap, rougeTokenize, sentenceBleu, sentenceChrf, ter, tokenize, tokenizeTercom, translationEditRate } from "../src/index";

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not-a-WcError";
  }
  return undefined;
};

describe("ROUGE (spec section 5; rouge-score conventions)", () => {
  const t = "The quick brown fox jumps over the lazy dog";
  const p = "The quick brown dog jumps on the log.";
  it("R1 0.75/0.6667/0.7059, R2 0.2857/0.25/0.2667, RL 0.625/0.5556/0.5882", () => {
    const s = rouge(t, p, ["rouge1", "rouge2", "rougeL"]);
    // hand count: 6 of 8 prediction unigrams match, 9 target unigrams; LCS = 5
    expect(s.rouge1!.precision).toBeCloseTo(6 / 8, 15);
    expect(s.rouge1!.recall).toBeCloseTo(6 / 9, 15);
    expect(s.rouge1!.fmeasure).toBeCloseTo(0.7058823529411765, 12);
    expect(s.rouge2!.precision).toBeCloseTo(2 / 7, 15);
    expect(s.rouge2!.recall).toBeCloseTo(0.25, 15);
    expect(s.rouge2!.fmeasure).toBeCloseTo(0.26666666666666666, 12);
    expect(s.rougeL!.precision).toBeCloseTo(0.625, 15);
    expect(s.rougeL!.recall).toBeCloseTo(5 / 9, 15);
    expect(s.rougeL!.fmeasure).toBeCloseTo(0.5882352941176471, 12);
  });
  it("rougeLsum splits on newlines and counts union-LCS hits with budgets", () => {
    // by hand: union LCS of target sentence 1 = {w1,w2,w3,w5}, of sentence 2 = {w6,w7,w8,w9};
    // every token has budget 1 in the target, so hits = 8 of 10 prediction and 9 target tokens
    const s = rouge("w1 w2 w3 w4 w5\nw6 w7 w8 w9", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", ["rougeLsum"]);
    expect(s.rougeLsum!.precision).toBeCloseTo(0.8, 12);
    expect(s.rougeLsum!.recall).toBeCloseTo(8 / 9, 12);
    expect(rouge("a b\n\nc", "", ["rougeLsum"]).rougeLsum).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });
  it("tokenizer drops non-ASCII letters and stems only tokens longer than 3", () => {
    expect(rougeTokenize("Café RUNNING runs, über-cool")).toEqual(["caf", "running", "runs", "ber", "cool"]);
    expect(rougeTokenize("running runs dies", { useStemmer: true })).toEqual(["run", "run", "die"]);
  });
  it("ROUGE-L F = 1 iff token sequences are equal", () => {
    expect(rouge("a b c", "A, b. c!", ["rougeL"]).rougeL!.fmeasure).toBe(1);
    expect(rouge("a b c", "a c b", ["rougeL"]).rougeL!.fmeasure).toBeLessThan(1);
  });
  it("bad ROUGE types", () => {
    expect(code(() => rouge("a", "a", ["rouge0" as "rouge1"]))).toBe("E_ARGUMENT");
    expect(code(() => rouge("a", "a", ["rougeX" as "rouge1"]))).toBe("E_ARGUMENT");
    expect(code(() => rouge("a", "a", []))).toBe("E_ARGUMENT");
  });
  it("rougeBootstrap: identical examples give a degenerate interval; mid is a median of means", () => {
    const one = { rouge1: { precision: 0.5, recall: 0.25, fmeasure: 1 / 3 } };
    const b = rougeBootstrap([one, one, one], { nSamples: 50 });
    expect(b.rouge1!.low).toEqual(one.rouge1);
    expect(b.rouge1!.high).toEqual(one.rouge1);
    const mixed = [0, 1, 0, 1, 1, 0, 1, 0].map((v) => ({ rouge1: { precision: v, recall: v, fmeasure: v } }));
    const m = rougeBootstrap(mixed, { seed: 1 });
    expect(m.rouge1!.low.fmeasure).toBeLessThan(0.5);
    expect(m.rouge1!.high.fmeasure).toBeGreaterThan(0.5);
    expect(Math.abs(m.rouge1!.mid.fmeasure - 0.5)).toBeLessThanOrEqual(0.0625);
    expect(code(() => rougeBootstrap([]))).toBe("E_SHAPE");
  });
});

describe("METEOR (NLTK meteor_score)", () => {
  it("'the cat sat on the mat' vs 'the cat is on the mat': m = 5, chunks = 2 -> 0.80667", () => {
    // P = R = 5/6, Fmean = 5/6, penalty = 0.5 * (2/5)^3 = 0.032 -> 0.968 * 5/6
    expect(meteor(["the cat is on the mat"], "the cat sat on the mat")).toBeCloseTo(0.968 * (5 / 6), 14);
  });
  it("stem stage matches 'cats'/'cat' and the synonym provider adds a third stage", () => {
    const base = meteor(["the cat sits"], "the cats sit");
    expect(base).toBeGreaterThan(0.9);
    const noStem = meteor(["the cat sits"], "the cats sit", { stemmer: (w) => w });
    expect(noStem).toBeLessThan(base);
    const syn = meteor(["a big dog"], "a large dog", { synonyms: (w) => (w === "larg" ? new Set(["big"]) : null) });
    // NLTK passes the stemmed words ('larg', 'big') to the synonym stage
    expect(syn).toBeCloseTo(1 - 0.5 * (1 / 3) ** 3, 14);
    expect(meteor(["a big dog"], "a large dog")).toBeLessThan(syn);
  });
  it("zero matches or empty input -> 0; multi-reference -> max", () => {
    expect(meteor(["x y"], "a b")).toBe(0);
    expect(meteor([""], "a b")).toBe(0);
    expect(meteor(["x y", "a b"], "a b")).toBeCloseTo(1 - 0.5 * (1 / 2) ** 3, 14);
  });
  it("bad input", () => {
    expect(code(() => meteor([], "a"))).toBe("E_ARGUMENT");
    expect(code(() => meteor(["a"], "a", { alpha: 2 }))).toBe("E_RANGE");
    expect(code(() => meteor(["a"], 3 as unknown as string))).toBe("E_ARGUMENT");
  });
  it("porterStem: classic examples, NLTK pool, and mode check", () => {
    expect(["caresses", "ponies", "relational", "generalization", "dying"].map((w) => porterStem(w))).toEqual(["caress", "poni", "relat", "gener", "die"]);
    expect(code(() => porterStem("a", "martin" as "nltk"))).toBe("E_ARGUMENT");
  });
});

describe("invariants and bad input", () => {
  it("BLEU(h, [h]) = 100 for >= 4 tokens; chrF in [0, 100]; TER >= 0 and unbounded above", () => {
    const h = "And God said , Let there be light";
    expect(sentenceBleu(h, [h]).score).toBeCloseTo(100, 12);
    expect(bleu([h, "a b c d"], [[h, "a b c d"]]).score).toBeCloseTo(100, 12);
    for (const [a, b] of [["abc", "xyz"], ["a b c", "a b c"], ["In the beginning", "In beginning the"]] as const) {
      const s = sentenceChrf(a, [b]).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
    }
    expect(ter(["a b c d e f"], [["x"]]).score).toBe(600);
  });
  it("Tercom tokenizer options", () => {
    expect(tokenizeTercom("John's car, (new).", { normalized: true })).toBe("john 's car , ( new ) .");
    expect(tokenizeTercom("Hello, World!", { noPunct: true, caseSensitive: true })).toBe("Hello World");
    expect(tokenizeTercom("日本語です。", { normalized: true, asianSupport: true })).toBe("日 本 語 です 。");
    expect(translationEditRate(["a", "b"], [])).toEqual([2, 0]);
  });
  it("wrong lengths, non-strings, empty references, unknown options", () => {
    expect(code(() => bleu(["a"], [["a", "b"]]))).toBe("E_SHAPE");
    expect(code(() => chrf(["a", "b"], [["a"]]))).toBe("E_SHAPE");
    expect(code(() => ter(["a"], [["a"], []]))).toBe("E_SHAPE");
    expect(code(() => bleu(["a"], ["a"] as unknown as string[][]))).toBe("E_ARGUMENT");
    expect(code(() => bleu([1 as unknown as string], [["a"]]))).toBe("E_ARGUMENT");
    expect(code(() => bleu(["a"], [[""]]))).toBe("E_ARGUMENT");
    expect(code(() => sentenceChrf("a", [""]))).toBe("E_ARGUMENT");
    expect(code(() => sentenceBleu("a", []))).toBe("E_ARGUMENT");
    expect(code(() => bleu(["a"], [["a"]], { tokenize: "zh" as "13a" }))).toBe("E_ARGUMENT");
    expect(code(() => tokenize("a", "spm" as "13a"))).toBe("E_ARGUMENT");
    expect(code(() => bleu(["a"], [["a"]], { smooth: "x" as "exp" }))).toBe("E_ARGUMENT");
    expect(code(() => bleu(["a"], [["a"]], { maxOrder: 0 }))).toBe("E_RANGE");
    expect(code(() => bleu(["a"], [["a"]], { smoothValue: NaN }))).toBe("E_RANGE");
    expect(code(() => chrf(["a"], [["a"]], { beta: -1 }))).toBe("E_RANGE");
    expect(code(() => chrf(["a"], [["a"]], { charOrder: 0, wordOrder: 0 }))).toBe("E_RANGE");
  });
  it("empty references are skipped when another reference exists (sacreBLEU variable refs)", () => {
    expect(bleu(["a b c d"], [["a b c d"], [""]]).score).toBeCloseTo(100, 12);
    expect(pySplit("a\u3000b\u200bc")).toEqual(["a", "b\u200bc"]);
  });
});
