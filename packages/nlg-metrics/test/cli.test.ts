import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, runCommand } from "@wc/command";
import { isWcError } from "@wc/tensor";
import { command } from "../src/cli";

const exec = (args: string[], raw: Record<string, unknown>) => runCommand(command, args, raw);



async function code(p: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await p();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    return (e as { code: string }).code;
  }
  throw new Error("expected a WcError");
}

type Json = Record<string, unknown> & { score: number; signature: string };
const run = async (args: string[], raw: Record<string, unknown>): Promise<Json> => (await exec(args, raw)).json as Json;

const dir = mkdtempSync(join(tmpdir(), "nlg-cli-"));
const write = (name: string, lines: readonly string[], eol = "\n"): string => {
  const f = join(dir, name);
  writeFileSync(f, lines.join(eol) + eol);
  return f;
};

// sacreBLEU test/test_bleu.py: two reference streams, corpus BLEU 48.530827 (default), 43.91623493 (tokenize intl)
const SB_HYP = write("sb-hyp.txt", ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]);
const SB_REF1 = write("sb-ref1.txt", ["The dog bit the man.", "It was not unexpected.", "The man bit him first."]);
const SB_REF2 = write("sb-ref2.txt", ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."], "\r\n");

// test/fixtures/peers.json (make_fixtures.py): 41 perturbed KJV verses, two references, with corpus scores
// from Python ports of sacreBLEU and per-segment NLTK 3.8 meteor_score and rouge-score values.
const fx = JSON.parse(readFileSync(new URL("./fixtures/peers.json", import.meta.url), "utf8")) as {
  hyps: string[]; refs: string[]; refs2: string[]; sentenceBleu: number[];
  corpusBleu1: number; corpusBleu2: number; corpusChrf1: number; corpusChrf2: number; corpusChrfpp2: number; corpusTer1: number; corpusTer2: number;
};
const HYP = write("hyp.txt", fx.hyps);
const REF = write("ref.txt", fx.refs);
const REF2 = write("ref2.txt", fx.refs2);

describe("wcraft nlg-metrics", () => {
  it("bleu: sacreBLEU's test_bleu.py corpus scores and signature, CRLF reference file", async () => {
    const r = await exec(["bleu"], { hyp: SB_HYP, ref: [SB_REF1, SB_REF2] });
    const json = r.json as Json;
    expect(Math.abs(json.score - 48.530827)).toBeLessThan(1e-6);
    expect(json.signature).toBe("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3");
    expect(json.segments).toBe(3);
    const text = r.sections[0]!;
    expect(text.kind === "text" && text.text.startsWith("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3 = 48.5 ")).toBe(true);
    const intl = await run(["bleu"], { hyp: SB_HYP, ref: [SB_REF1, SB_REF2], tokenize: "intl" });
    expect(Math.abs(intl.score - 43.91623493)).toBeLessThan(1e-6);
    expect(intl.signature).toBe("nrefs:2|case:mixed|eff:no|tok:intl|smooth:exp|version:2.4.3");
  });

  it("bleu on the KJV fixture with one and two references, and sentence-level scores", async () => {
    const one = await run(["bleu"], { hyp: HYP, ref: REF, "per-segment": true });
    expect(one.score).toBeCloseTo(fx.corpusBleu1, 10);
    expect(one.signature).toBe("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3");
    (one.perSegment as number[]).forEach((s, i) => expect(s).toBeCloseTo(fx.sentenceBleu[i]!, 10));
    expect((await run(["bleu"], { hyp: HYP, ref: [REF, REF2] })).score).toBeCloseTo(fx.corpusBleu2, 10);
  });

  it("chrf / chrF++ and ter against the fixture; sacreBLEU test_chrf.py with beta 3", async () => {
    const c1 = await run(["chrf"], { hyp: HYP, ref: REF });
    expect(c1.score).toBeCloseTo(fx.corpusChrf1, 10);
    expect(c1.name).toBe("chrF2");
    expect(c1.signature).toBe("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3");
    expect((await run(["chrf"], { hyp: HYP, ref: [REF, REF2] })).score).toBeCloseTo(fx.corpusChrf2, 10);
    const pp = await run(["chrf"], { hyp: HYP, ref: [REF, REF2], "word-order": 2 });
    expect(pp.score).toBeCloseTo(fx.corpusChrfpp2, 10);
    expect(pp.name).toBe("chrF2++");
    // sacreBLEU test_chrf.py (effective order): hyps [a, b], refs [a, c], beta 3 -> 50.0
    const ab = await run(["chrf"], { hyp: write("ab.txt", ["a", "b"]), ref: write("ac.txt", ["a", "c"]), beta: 3 });
    expect(Math.abs(ab.score - 50)).toBeLessThan(1e-4);
    expect(ab.name).toBe("chrF3");
    const t1 = await run(["ter"], { hyp: HYP, ref: REF });
    expect(t1.score).toBeCloseTo(fx.corpusTer1, 10);
    expect(t1.signature).toBe("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3");
    expect((await run(["ter"], { hyp: HYP, ref: [REF, REF2] })).score).toBeCloseTo(fx.corpusTer2, 10);
    // sacreBLEU test_ter.py: one shift over 8 words -> 12.5
    expect((await run(["ter"], { hyp: write("t-h.txt", ["d e f g h a b c"]), ref: write("t-r.txt", ["a b c d e f g h"]) })).score).toBe(12.5);
  });

  it("rouge: means of rouge-score's per-segment P/R/F; the best reference per type", async () => {
    const r = await run(["rouge"], { hyp: HYP, ref: REF, "per-segment": true });
    const s = r.scores as Record<string, { precision: number; recall: number; fmeasure: number }>;
    // python3 -c "import json,numpy as np; d=json.load(open('test/fixtures/peers.json')); print(np.mean([x['rouge1'] for x in d['rouge']], axis=0))"
    const want: Record<string, [number, number, number]> = {
      rouge1: [0.9481233040018334, 0.9537449998296924, 0.9502666867858055],
      rouge2: [0.8396135915922932, 0.8453756121660849, 0.8419030284010888],
      rougeL: [0.9280381176100798, 0.9333146070221504, 0.9300343481225415],
    };
    expect(Object.keys(s)).toEqual(["rouge1", "rouge2", "rougeL"]);
    for (const [t, [p, rc, f]] of Object.entries(want)) {
      expect(s[t]!.precision).toBeCloseTo(p, 12);
      expect(s[t]!.recall).toBeCloseTo(rc, 12);
      expect(s[t]!.fmeasure).toBeCloseTo(f, 12);
    }
    expect((r.perSegment as unknown[]).length).toBe(41);
    // a second reference identical to the hypotheses is the best one for every segment and type
    const perfect = await run(["rouge"], { hyp: HYP, ref: [REF, HYP], "rouge-type": ["rouge2", "rougeL"], "use-stemmer": true });
    expect(perfect.scores).toEqual({ rouge2: { precision: 1, recall: 1, fmeasure: 1 }, rougeL: { precision: 1, recall: 1, fmeasure: 1 } });
    expect(perfect.signature).toBe("nrefs:2|tok:rouge-score|stem:porter|multiref:max-f|agg:mean");
  });

  it("meteor: mean of NLTK meteor_score over segments", async () => {
    // python3 -c "import json,numpy as np; d=json.load(open('test/fixtures/peers.json')); print(np.mean(d['meteor']), np.mean(d['meteor2']))"
    expect((await run(["meteor"], { hyp: HYP, ref: REF })).score).toBeCloseTo(0.9409202460372237, 12);
    expect((await run(["meteor"], { hyp: HYP, ref: [REF, REF2] })).score).toBeCloseTo(0.9409202460372237, 12);
    // NLTK meteor_score(["the cat is on the mat"], "the cat sat on the mat") = 0.8066666666666668 (the package's example)
    const m = await run(["meteor"], { hyp: write("m-h.txt", ["the cat sat on the mat"]), ref: write("m-r.txt", ["the cat is on the mat"]) });
    expect(m.score).toBeCloseTo(0.8066666666666668, 12);
  });

  it("bad input: unknown metric, options of another metric, line counts, files, option values", async () => {
    expect(await code(() => exec(["bertscore"], { hyp: HYP, ref: REF }))).toBe("E_ARGUMENT");
    expect(await code(() => exec(["chrf"], { hyp: HYP, ref: REF, tokenize: "intl" }))).toBe("E_ARGUMENT");
    expect(await code(() => exec(["bleu"], { hyp: HYP, ref: REF, "use-stemmer": true }))).toBe("E_ARGUMENT");
    expect(await code(() => exec(["bleu"], { hyp: HYP, ref: SB_REF1 }))).toBe("E_SHAPE");
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    expect(await code(() => exec(["bleu"], { hyp: empty, ref: empty }))).toBe("E_SHAPE");
    expect(await code(() => exec(["ter"], { hyp: join(dir, "missing.txt"), ref: REF }))).toBe("E_IO");
    expect(await code(() => exec(["rouge"], { hyp: HYP, ref: REF, "rouge-type": "rougeX" }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { hyp: HYP }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { hyp: HYP, ref: REF, smooth: "laplace" }))).toBe("E_ARGUMENT");
    expect(await code(() => parseOptions(command.options, { hyp: HYP, ref: REF, alpha: "2" }))).toBe("E_ARGUMENT");
  });
});
