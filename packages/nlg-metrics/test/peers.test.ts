import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bleu, chrf, kendall, meteor, pearson, porterStem, rouge, sentenceBleu, sentenceChrf, sentenceTer, spearman, ter } from "../src/index";

// Produced offline by test/fixtures/make_fixtures.py (NLTK 3.8 for Porter/METEOR, SciPy for
// correlations, compact Python ports of sacreBLEU/rouge-score for the rest) on 41 KJV verses.
const fx = JSON.parse(readFileSync(new URL("./fixtures/peers.json", import.meta.url), "utf8")) as {
  hyps: string[]; refs: string[]; refs2: string[]; severity: number[];
  porter: Record<string, [string, string]>;
  sentenceBleu: number[]; sentenceChrf: number[]; sentenceChrfpp: number[]; sentenceTer: number[];
  corpusBleu1: number; corpusBleu2: number; corpusChrf1: number; corpusChrf2: number; corpusChrfpp2: number;
  corpusTer1: number; corpusTer2: number; meteor: number[]; meteor2: number[];
  rouge: Record<"rouge1" | "rouge2" | "rougeL" | "rouge1Stem" | "rougeLStem", [number, number, number]>[];
  corr: Record<"pearson" | "spearman" | "kendallB" | "kendallC", [number, number]>;
};

describe("peers on perturbed KJV verses", () => {
  it("NLTK PorterStemmer, NLTK_EXTENSIONS and ORIGINAL_ALGORITHM modes, on every word", () => {
    const words = Object.keys(fx.porter);
    expect(words.length).toBeGreaterThan(300);
    for (const w of words) {
      expect([w, porterStem(w)]).toEqual([w, fx.porter[w]![0]]);
      expect([w, porterStem(w, "original")]).toEqual([w, fx.porter[w]![1]]);
    }
  });
  it("sentence BLEU / chrF / chrF++ / TER per segment", () => {
    fx.hyps.forEach((h, i) => {
      const r = fx.refs[i]!;
      expect(sentenceBleu(h, [r]).score).toBeCloseTo(fx.sentenceBleu[i]!, 10);
      expect(sentenceChrf(h, [r]).score).toBeCloseTo(fx.sentenceChrf[i]!, 10);
      expect(sentenceChrf(h, [r], { wordOrder: 2 }).score).toBeCloseTo(fx.sentenceChrfpp[i]!, 10);
      expect(sentenceTer(h, [r]).score).toBeCloseTo(fx.sentenceTer[i]!, 10);
    });
  });
  it("corpus BLEU / chrF / chrF++ / TER with one and two references", () => {
    const one = [fx.refs];
    const two = [fx.refs, fx.refs2];
    expect(bleu(fx.hyps, one).score).toBeCloseTo(fx.corpusBleu1, 10);
    expect(bleu(fx.hyps, two).score).toBeCloseTo(fx.corpusBleu2, 10);
    expect(chrf(fx.hyps, one).score).toBeCloseTo(fx.corpusChrf1, 10);
    expect(chrf(fx.hyps, two).score).toBeCloseTo(fx.corpusChrf2, 10);
    expect(chrf(fx.hyps, two, { wordOrder: 2 }).score).toBeCloseTo(fx.corpusChrfpp2, 10);
    expect(ter(fx.hyps, one).score).toBeCloseTo(fx.corpusTer1, 10);
    expect(ter(fx.hyps, two).score).toBeCloseTo(fx.corpusTer2, 10);
  });
  it("corpus BLEU differs from the mean sentence BLEU", () => {
    const mean = fx.sentenceBleu.reduce((a, b) => a + b, 0) / fx.sentenceBleu.length;
    expect(Math.abs(bleu(fx.hyps, [fx.refs]).score - mean)).toBeGreaterThan(0.5);
  });
  it("NLTK meteor_score (exact + stem stages), one and two references", () => {
    fx.hyps.forEach((h, i) => {
      expect(meteor([fx.refs[i]!], h)).toBeCloseTo(fx.meteor[i]!, 12);
      expect(meteor([fx.refs[i]!, fx.refs2[i]!], h)).toBeCloseTo(fx.meteor2[i]!, 12);
    });
  });
  it("ROUGE-1/2/L with and without stemming", () => {
    fx.hyps.forEach((h, i) => {
      const r = fx.refs[i]!;
      const plain = rouge(r, h, ["rouge1", "rouge2", "rougeL"]);
      const stem = rouge(r, h, ["rouge1", "rougeL"], { useStemmer: true });
      const want = fx.rouge[i]!;
      const cmp = (got: { precision: number; recall: number; fmeasure: number }, w: [number, number, number]) => {
        expect(got.precision).toBeCloseTo(w[0], 12);
        expect(got.recall).toBeCloseTo(w[1], 12);
        expect(got.fmeasure).toBeCloseTo(w[2], 12);
      };
      cmp(plain.rouge1!, want.rouge1);
      cmp(plain.rouge2!, want.rouge2);
      cmp(plain.rougeL!, want.rougeL);
      cmp(stem.rouge1!, want.rouge1Stem);
      cmp(stem.rougeL!, want.rougeLStem);
    });
  });
  it("SciPy correlations of sentence BLEU with perturbation severity", () => {
    const sb = fx.hyps.map((h, i) => sentenceBleu(h, [fx.refs[i]!]).score);
    const p = pearson(sb, fx.severity);
    expect(p.r).toBeCloseTo(fx.corr.pearson[0], 10);
    expect(p.p).toBeCloseTo(fx.corr.pearson[1], 10);
    const s = spearman(sb, fx.severity);
    expect(s.rho).toBeCloseTo(fx.corr.spearman[0], 10);
    expect(s.p).toBeCloseTo(fx.corr.spearman[1], 10);
    const kb = kendall(sb, fx.severity);
    expect(kb.tau).toBeCloseTo(fx.corr.kendallB[0], 10);
    expect(kb.p).toBeCloseTo(fx.corr.kendallB[1], 10);
    expect(kendall(sb, fx.severity, { variant: "c" }).tau).toBeCloseTo(fx.corr.kendallC[0], 10);
  });
});
