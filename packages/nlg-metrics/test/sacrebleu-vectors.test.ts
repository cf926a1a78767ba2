import { describe, expect, it } from "vitest";
import { bleu, bleuSignature, chrf, computeBleu, sentenceBleu, sentenceChrf, ter, tokenize13a, tokenizeIntl, tokenizeChar, chrfSignature, terSignature } from "../src/index";

// Vectors from mjpost/sacrebleu test/test_sentence_bleu.py (issue #98), test/test_bleu.py,
// test/test_chrf.py and test/test_ter.py (expected values are sacreBLEU's own outputs).
const H = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
const R = "producţia de zahăr brut se exprimă în zahăr alb;";

describe("sentence BLEU (sacreBLEU test_sentence_bleu.py)", () => {
  const cases: [object, number][] = [
    [{}, 8.493],
    [{ smooth: "none" }, 0.0],
    [{ smooth: "floor" }, 4.51688],
    [{ smooth: "floor", smoothValue: 0.5 }, 10.1],
    [{ smooth: "add-k" }, 14.882],
    [{ smooth: "add-k", smoothValue: 2 }, 21.389],
    [{ tokenize: "none" }, 7.347],
    [{ tokenize: "char" }, 40.8759],
    [{ tokenize: "char", lowercase: true }, 42.0267],
  ];
  for (const [o, want] of cases) {
    it(`${JSON.stringify(o)} -> ${want}`, () => {
      expect(Math.abs(sentenceBleu(H, [R], o).score - want)).toBeLessThan(1e-3);
    });
  }
  it("reports precisions 35.7/15.4/4.2/2.3, BP 1, hyp_len 14, ref_len 10", () => {
    const s = sentenceBleu(H, [R]);
    expect(s.precisions.map((p) => p.toFixed(1)).join("/")).toBe("35.7/15.4/4.2/2.3");
    expect(s.bp).toBe(1);
    expect(s.sysLen).toBe(14);
    expect(s.refLen).toBe(10);
  });
});

describe("corpus BLEU (sacreBLEU test_bleu.py)", () => {
  const refs = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
  ];
  const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
  it("default settings 48.530827", () => expect(Math.abs(bleu(hyps, refs).score - 48.530827)).toBeLessThan(1e-6));
  it("empty hypotheses are kept: 0", () => expect(bleu(["", "", ""], refs).score).toBe(0));
  it("tokenize none 49.1919566", () => expect(Math.abs(bleu(hyps, refs, { tokenize: "none" }).score - 49.1919566)).toBeLessThan(1e-6));
  it("tokenize intl 43.91623493", () => expect(Math.abs(bleu(hyps, refs, { tokenize: "intl" }).score - 43.91623493)).toBeLessThan(1e-6));
  it("smooth none 48.530827", () => expect(Math.abs(bleu(hyps, refs, { smooth: "none" }).score - 48.530827)).toBeLessThan(1e-6));

  // raw_corpus_bleu = floor smoothing 0.01, tokenize none, effective order
  const raw = { smooth: "floor", smoothValue: 0.01, tokenize: "none", effectiveOrder: true } as const;
  it("raw corpus BLEU cases", () => {
    // sacreBLEU 1.x gave 0.003799178428257963 here; 2.x returns 0 early when no n-gram matches (#141)
    expect(bleu(["this is a test", "another test"], [["ref1", "ref2"]], raw).score).toBe(0);
    expect(Math.abs(bleu(["this is a test"], [["this is a test"]], raw).score / 100 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(bleu(["this is a fest"], [["this is a test"]], raw).score / 100 - 0.223606797749979)).toBeLessThan(1e-8);
  });
  it("effective order cases", () => {
    expect(Math.abs(bleu(["test"], [["a test"]], raw).score / 100 - 0.3678794411714425)).toBeLessThan(1e-8);
    expect(Math.abs(bleu(["a test"], [["a test"]], raw).score / 100 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(bleu(["a little test"], [["a test"]], raw).score / 100 - 0.03218297948685433)).toBeLessThan(1e-8);
  });
  it("statistics of 'am I am a character sequence'", () => {
    const s = bleu(["am I am a character sequence"], [["I am a symbol string sequence a a"]], { ...raw, smoothValue: 0.1 });
    expect(s.counts).toEqual([4, 2, 1, 0]);
    expect(s.totals).toEqual([6, 5, 4, 3]);
    expect(Math.abs(s.score / 100 - 0.1555722182)).toBeLessThan(1e-8);
    const noOffset = bleu(["am I am a character sequence"], [["I am a symbol string sequence a a"]], { ...raw, smoothValue: 0 });
    expect(noOffset.score).toBe(0);
  });
  it("compute_bleu scoring 0.8375922397 and degenerate statistics", () => {
    expect(Math.abs(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11, { smooth: "none" }).score / 100 - 0.8375922397)).toBeLessThan(1e-8);
    const f = (c: number[], t: number[], s: number, r: number, v: number) => computeBleu(c, t, s, r, { smooth: "floor", smoothValue: v }).score;
    expect(f([0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0)).toBe(0);
    expect(f([0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0)).toBe(0);
    expect(f([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0)).toBe(0);
    expect(f([6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0)).toBe(0);
    expect(f([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1)).toBe(0);
    expect(f([0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01)).toBe(0);
  });
  it("signature strings", () => {
    expect(bleuSignature(1)).toBe("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3");
    expect(bleuSignature(2, { smooth: "floor", lowercase: true, effectiveOrder: true })).toBe("nrefs:2|case:lc|eff:yes|tok:13a|smooth:floor[0.10]|version:2.4.3");
    expect(chrfSignature(1, { wordOrder: 2 })).toBe("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.4.3");
    expect(terSignature(1)).toBe("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3");
  });
});

describe("chrF (sacreBLEU test_chrf.py, beta = 3)", () => {
  const eps: [string[], string[], number][] = [
    [["abcdefg"], ["hijklmnop"], 0.0],
    [["a"], ["b"], 0.0],
    [[""], ["b"], 0.0],
    [[""], ["ref"], 0.0],
    [[""], ["reference"], 0.0],
    [["aa"], ["ab"], 8.3333],
    [["a", "b"], ["a", "c"], 8.3333],
    [["a"], ["a"], 16.6667],
    [["a b c"], ["a b c"], 50.0],
    [["a b c"], ["abc"], 50.0],
    [[" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."],
      ["risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."], 63.36173],
    [[" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "],
      ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."], 64.1302698],
    [["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 100.0],
  ];
  for (const [h, r, want] of eps) {
    it(`eps smoothing ${JSON.stringify(h).slice(0, 30)} -> ${want}`, () => {
      expect(Math.abs(chrf(h, [r], { beta: 3, epsSmoothing: true }).score - want)).toBeLessThan(1e-4);
    });
  }
  const eff: [string[], string[], number][] = [
    [["a"], ["a"], 100.0],
    [[""], ["reference"], 0.0],
    [["a b c"], ["a b c"], 100.0],
    [["a b c"], ["abc"], 100.0],
    [[""], ["c"], 0.0],
    [["a", "b"], ["a", "c"], 50.0],
    [["aa"], ["ab"], 25.0],
  ];
  for (const [h, r, want] of eff) {
    it(`effective order ${JSON.stringify(h)} -> ${want}`, () => {
      expect(Math.abs(chrf(h, [r], { beta: 3 }).score - want)).toBeLessThan(1e-4);
    });
  }
  const czech: [string, string, number][] = [
    ["Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.", "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 39.14078509],
    ["Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.", "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 31.22557079],
    ["Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.", "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 57.15704367],
  ];
  for (const [h, r, want] of czech) {
    it(`sentence chrF eps beta 2 -> ${want}`, () => {
      expect(Math.abs(sentenceChrf(h, [r], { epsSmoothing: true }).score - want)).toBeLessThan(1e-4);
    });
  }
  it("multi-reference: the best sentence-F reference is used and the first wins ties (initial best = -1)", () => {
    // with both refs scoring 0, the first reference's statistics are kept (ref n-gram counts of "xyz")
    const s = chrf(["abc"], [["xyz"], ["uvwxyz"]]);
    expect(s.score).toBe(0);
    expect(s.stats.slice(0, 3)).toEqual([3, 3, 0]);
    expect(chrf(["abc"], [["xyz"], ["abc"]]).score).toBe(100);
  });
});

describe("TER (sacreBLEU test_ter.py)", () => {
  it("perfect match, no overlap, empty hypothesis, one shift", () => {
    expect(ter(["aaaa bbbb cccc dddd"], [["aaaa bbbb cccc dddd"]]).score).toBe(0);
    expect(ter(["dddd eeee ffff"], [["aaaa bbbb cccc"]]).score).toBe(100);
    expect(ter([""], [["a"]]).score).toBe(100);
    expect(ter(["d e f g h a b c"], [["a b c d e f g h"]]).score).toBe(12.5);
  });
  it("empty reference conventions", () => {
    expect(ter(["a"], [[""]]).score).toBe(100);
    expect(ter([""], [[""]]).score).toBe(0);
  });
  it("5-sentence WMT 2019 example 13.6", () => {
    const hyps = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',
      "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ];
    const refs = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',
      "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ];
    expect(Math.abs(ter(hyps, [refs]).score - 13.6)).toBeLessThan(1e-3);
  });
});

describe("tokenizers (spec section 6.2, checked with Python ports of the regexes)", () => {
  it("13a edge cases", () => {
    expect(tokenize13a("3.14, x.")).toBe("3.14 , x .");
    expect(tokenize13a("U.S.A.")).toBe("U . S . A .");
    expect(tokenize13a("a-b")).toBe("a-b");
    expect(tokenize13a("5-3")).toBe("5 - 3");
    expect(tokenize13a("It's $5 (approx.)")).toBe("It's $ 5 ( approx . )");
    expect(tokenize13a("1,000.50 km")).toBe("1,000.50 km");
    expect(tokenize13a("a &amp; b &lt;c&gt; <skipped>x")).toBe("a & b < c > x");
    expect(tokenize13a("line-\nbreak\nnext")).toBe("linebreak next");
  });
  it("Python whitespace: \\x1c and \\u00a0 split, \\ufeff does not", () => {
    // Python: " ".join("a\x1cb\u00a0c\ufeffd".split()) == "a b c\ufeffd"
    expect(tokenize13a("a\x1cb\u00a0c\ufeffd")).toBe("a b c\ufeffd");
  });
  it("intl and char tokenizers", () => {
    expect(tokenizeIntl("Hello, “world”! 3.5 €")).toBe("Hello , “ world ” ! 3.5 €");
    expect(tokenizeChar("a😀b")).toBe("a 😀 b");
  });
  it("a 4-byte emoji is one character n-gram in chrF", () => {
    // 3 code points -> 3+2+1 = 6 character n-grams (UTF-16 would give 4+3+2+1 = 10 for orders <= 4)
    const s = chrf(["a😀b"], [["a😀b"]], { charOrder: 6 });
    const hypCounts = [0, 1, 2, 3, 4, 5].map((k) => s.stats[3 * k]);
    expect(hypCounts).toEqual([3, 2, 1, 0, 0, 0]);
  });
});
