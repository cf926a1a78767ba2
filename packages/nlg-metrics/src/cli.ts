import { defineCommand, type OptionValue, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { bleu, bleuSignature, sentenceBleu, type BleuOptions } from "./bleu";
import { chrf, chrfSignature, sentenceChrf, type ChrfOptions } from "./chrf";
import { meteor, type MeteorOptions } from "./meteor";
import { rouge, type PRF, type RougeType } from "./rouge";
import { sentenceTer, ter, terSignature, type TerOptions } from "./ter";

const METRICS = ["bleu", "chrf", "ter", "rouge", "meteor"] as const;
type Metric = (typeof METRICS)[number];

/** The options each metric accepts (camelCase); any other metric option given is an error. */
const APPLIES: Record<Metric, readonly string[]> = {
  bleu: ["tokenize", "lowercase", "smooth", "smoothValue", "maxOrder", "effectiveOrder"],
  chrf: ["charOrder", "wordOrder", "beta", "lowercase", "whitespace", "epsSmoothing"],
  ter: ["normalized", "noPunct", "asianSupport", "caseSensitive"],
  rouge: ["rougeType", "useStemmer"],
  meteor: ["alpha", "beta", "gamma"],
};
const ALL_METRIC_OPTIONS = [...new Set(Object.values(APPLIES).flat())];
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Lines of a text file: `\n` or `\r\n` ends, a leading BOM dropped, no final empty line after the last newline. */
async function readLines(file: string, what: string): Promise<string[]> {
  const text = await readTextFile(file, what);
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The given options among `names`, as an options object of the package (undefined ones left out). */
function pick<T>(o: Readonly<Record<string, OptionValue>>, names: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const n of names) if (o[n] !== undefined) out[n] = o[n];
  return out as T;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, d: number): number => Number(x.toFixed(d));

interface Scored {
  json: Record<string, unknown>;
  line: string;
  rows: (string | number)[][];
  /** Sentence-level scores (for ROUGE the F of the first type) for the histogram. */
  perSegment: number[];
  /** Sentence-level values for the JSON, when they are more than one number. */
  perSegmentJson?: unknown[];
}

function runBleu(hyps: string[], refs: string[][], o: BleuOptions, perSegment: boolean): Scored {
  const s = bleu(hyps, refs, o);
  const signature = bleuSignature(refs.length, o);
  const ratio = s.refLen > 0 ? s.sysLen / s.refLen : 0;
  const verbose = `${s.precisions.map((p) => p.toFixed(1)).join("/")} (BP = ${s.bp.toFixed(3)} ratio = ${ratio.toFixed(3)} hyp_len = ${s.sysLen} ref_len = ${s.refLen})`;
  const seg = perSegment ? hyps.map((h, i) => sentenceBleu(h, refs.map((r) => r[i]!).filter((r) => r !== ""), o).score) : [];
  return {
    json: { name: "BLEU", score: s.score, signature, verbose_score: verbose, counts: s.counts, totals: s.totals, precisions: s.precisions, bp: s.bp, ratio, sysLen: s.sysLen, refLen: s.refLen },
    line: `BLEU|${signature} = ${s.score.toFixed(1)} ${verbose}`,
    rows: [["BLEU", round(s.score, 4)], ...s.precisions.map((p, n) => [`${n + 1}-gram precision`, round(p, 4)]), ["brevity penalty", round(s.bp, 4)], ["hyp_len / ref_len", `${s.sysLen} / ${s.refLen}`]],
    perSegment: seg,
  };
}

function runChrf(hyps: string[], refs: string[][], o: ChrfOptions, perSegment: boolean): Scored {
  const s = chrf(hyps, refs, o);
  const signature = chrfSignature(refs.length, o);
  // sacreBLEU's name: chrF<beta> followed by one '+' per word order (chrF2, chrF2++)
  const name = `chrF${o.beta ?? 2}${"+".repeat(o.wordOrder ?? 0)}`;
  const seg = perSegment ? hyps.map((h, i) => sentenceChrf(h, refs.map((r) => r[i]!).filter((r) => r !== ""), o).score) : [];
  return { json: { name, score: s.score, signature, stats: s.stats }, line: `${name}|${signature} = ${s.score.toFixed(1)}`, rows: [[name, round(s.score, 4)]], perSegment: seg };
}

function runTer(hyps: string[], refs: string[][], o: TerOptions, perSegment: boolean): Scored {
  const s = ter(hyps, refs, o);
  const signature = terSignature(refs.length, o);
  const seg = perSegment ? hyps.map((h, i) => sentenceTer(h, refs.map((r) => r[i]!), o).score) : [];
  return {
    json: { name: "TER", score: s.score, signature, numEdits: s.numEdits, refLength: s.refLength },
    line: `TER|${signature} = ${s.score.toFixed(1)}`,
    rows: [["TER", round(s.score, 4)], ["edits", s.numEdits], ["average reference length (sum)", round(s.refLength, 4)]],
    perSegment: seg,
  };
}

function runRouge(hyps: string[], refs: string[][], types: RougeType[], useStemmer: boolean, perSegment: boolean): Scored {
  // rouge-score score_multi: per type, the reference with the highest F (the first on ties)
  const segs = hyps.map((h, i) => {
    const all = refs.map((r) => rouge(r[i]!, h, types, { useStemmer }));
    const best: Record<string, PRF> = {};
    for (const t of types) best[t] = all.reduce((b, s) => (s[t]!.fmeasure > b[t]!.fmeasure ? s : b))[t]!;
    return best;
  });
  const scores: Record<string, PRF> = {};
  for (const t of types) {
    scores[t] = { precision: mean(segs.map((s) => s[t]!.precision)), recall: mean(segs.map((s) => s[t]!.recall)), fmeasure: mean(segs.map((s) => s[t]!.fmeasure)) };
  }
  const signature = `nrefs:${refs.length}|tok:rouge-score|stem:${useStemmer ? "porter" : "no"}|multiref:max-f|agg:mean`;
  const f = types.map((t) => `${t} ${(100 * scores[t]!.fmeasure).toFixed(2)}`).join(" ");
  return {
    json: { name: "ROUGE", score: scores[types[0]!]!.fmeasure, signature, scores },
    line: `ROUGE|${signature} = ${f}`,
    rows: types.map((t) => [t, round(scores[t]!.precision, 6), round(scores[t]!.recall, 6), round(scores[t]!.fmeasure, 6)]),
    perSegment: perSegment ? segs.map((s) => s[types[0]!]!.fmeasure) : [],
    ...(perSegment ? { perSegmentJson: segs } : {}),
  };
}

function runMeteor(hyps: string[], refs: string[][], o: MeteorOptions, perSegment: boolean): Scored {
  const seg = hyps.map((h, i) => meteor(refs.map((r) => r[i]!), h, o));
  const score = mean(seg);
  const signature = `nrefs:${refs.length}|alpha:${o.alpha ?? 0.9}|beta:${o.beta ?? 3}|gamma:${o.gamma ?? 0.5}|stages:exact+porter|syn:none|agg:mean`;
  return { json: { name: "METEOR", score, signature }, line: `METEOR|${signature} = ${score.toFixed(4)}`, rows: [["METEOR", round(score, 6)]], perSegment: perSegment ? seg : [] };
}

/** `wcraft nlg-metrics bleu|chrf|ter|rouge|meteor --hyp hyp.txt --ref ref.txt [--ref ref2.txt]`. */
export const command = defineCommand({
  name: "nlg-metrics",
  summary: "BLEU, chrF/chrF++, TER, ROUGE and METEOR of a hypothesis file against reference files, with sacreBLEU-style signatures",
  description:
    "Scores a hypothesis file (one segment per line) against one or more reference files (--ref, repeatable, one line per hypothesis) with sacreBLEU 2.x conventions for BLEU, chrF and TER (corpus-level scores and signatures), rouge-score conventions for ROUGE (mean over segments of the best reference's P/R/F) and NLTK's meteor_score for METEOR (mean over segments; exact and Porter-stem stages, no WordNet). Options that do not apply to the chosen metric are rejected.",
  args: [{ name: "metric", help: `one of ${METRICS.join(", ")}`, required: true }],
  options: [
    { name: "hyp", type: "string", required: true, help: "hypothesis file, one segment per line" },
    { name: "ref", type: "string", required: true, multiple: true, help: "reference file, one line per hypothesis line" },
    { name: "per-segment", type: "boolean", default: false, help: "also report sentence-level scores (BLEU with effective order, as sacreBLEU's sentence_bleu)" },
    { name: "tokenize", type: "choice", choices: ["13a", "none", "char", "intl"], help: "BLEU tokenizer (default 13a)" },
    { name: "lowercase", type: "boolean", help: "BLEU/chrF: lowercase first (default false)" },
    { name: "smooth", type: "choice", choices: ["exp", "floor", "add-k", "none"], help: "BLEU smoothing (default exp)" },
    { name: "smooth-value", type: "number", min: 0, help: "BLEU smoothing value (default floor 0.1, add-k 1)" },
    { name: "max-order", type: "integer", min: 1, max: 100, help: "BLEU maximum n-gram order (default 4)" },
    { name: "effective-order", type: "boolean", help: "BLEU effective order (default false for the corpus score)" },
    { name: "char-order", type: "integer", min: 1, help: "chrF character n-gram order (default 6)" },
    { name: "word-order", type: "integer", min: 0, help: "chrF word n-gram order (default 0; 2 = chrF++)" },
    { name: "beta", type: "number", min: 0, help: "chrF recall weight (default 2) or METEOR fragmentation exponent (default 3)" },
    { name: "whitespace", type: "boolean", help: "chrF: keep whitespace in character n-grams (default false)" },
    { name: "eps-smoothing", type: "boolean", help: "chrF: chrF++.py/NLTK epsilon smoothing (default false)" },
    { name: "normalized", type: "boolean", help: "TER: Tercom normalisation (default false)" },
    { name: "no-punct", type: "boolean", help: "TER: remove punctuation (default false)" },
    { name: "asian-support", type: "boolean", help: "TER: CJK support (default false)" },
    { name: "case-sensitive", type: "boolean", help: "TER: do not lowercase (default false)" },
    { name: "rouge-type", type: "string", multiple: true, help: "ROUGE variant: rouge1..rougeN, rougeL, rougeLsum (default rouge1, rouge2, rougeL)" },
    { name: "use-stemmer", type: "boolean", help: "ROUGE: Porter-stem tokens longer than 3 characters (default false)" },
    { name: "alpha", type: "number", min: 0, max: 1, help: "METEOR precision/recall balance (default 0.9)" },
    { name: "gamma", type: "number", min: 0, max: 1, help: "METEOR fragmentation weight (default 0.5)" },
  ],
  async run(ctx): Promise<RunResult> {
    const metric = ctx.args[0] as Metric;
    if (!METRICS.includes(metric)) {
      throw new WcError("E_ARGUMENT", `nlg-metrics: unknown metric ${JSON.stringify(ctx.args[0])}; the first argument must be one of ${METRICS.join(", ")}`);
    }
    const o = ctx.options;
    for (const name of ALL_METRIC_OPTIONS) {
      const v = o[name];
      if (v !== undefined && !(Array.isArray(v) && v.length === 0) && !APPLIES[metric].includes(name)) {
        const users = METRICS.filter((m) => APPLIES[m].includes(name)).join("/");
        throw new WcError("E_ARGUMENT", `nlg-metrics: --${kebab(name)} is an option of ${users}, not of ${metric}; drop it`);
      }
    }
    const hypFile = o.hyp as string;
    const refFiles = o.ref as readonly string[];
    const [hyps, ...refs] = await Promise.all([readLines(hypFile, "hypothesis"), ...refFiles.map((f) => readLines(f, "reference"))]);
    if (hyps!.length === 0) throw new WcError("E_SHAPE", `nlg-metrics: the hypothesis file ${hypFile} has no lines; expected one segment per line`);
    refs.forEach((r, k) => {
      if (r.length !== hyps!.length) {
        throw new WcError("E_SHAPE", `nlg-metrics: reference file ${refFiles[k]} has ${r.length} lines but the hypothesis file ${hypFile} has ${hyps!.length}; give one reference line per hypothesis line`);
      }
    });
    const perSegment = o.perSegment === true;
    let s: Scored;
    let columns = ["metric", "score"];
    if (metric === "bleu") {
      s = runBleu(hyps!, refs, pick<BleuOptions>(o, APPLIES.bleu), perSegment);
    } else if (metric === "chrf") s = runChrf(hyps!, refs, pick<ChrfOptions>(o, APPLIES.chrf), perSegment);
    else if (metric === "ter") s = runTer(hyps!, refs, pick<TerOptions>(o, APPLIES.ter), perSegment);
    else if (metric === "rouge") {
      const given = o.rougeType as readonly string[];
      const types = (given.length > 0 ? [...new Set(given)] : ["rouge1", "rouge2", "rougeL"]) as RougeType[];
      s = runRouge(hyps!, refs, types, o.useStemmer === true, perSegment);
      columns = ["type", "precision", "recall", "fmeasure"];
    } else s = runMeteor(hyps!, refs, pick<MeteorOptions>(o, APPLIES.meteor), perSegment);
    const json: Record<string, unknown> = { metric, ...s.json, nrefs: refs.length, segments: hyps!.length };
    if (perSegment) json.perSegment = s.perSegmentJson ?? s.perSegment;
    const sections: ReportSection[] = [
      { kind: "text", title: "signature", text: s.line },
      { kind: "table", title: `${String(s.json.name)} (${hyps!.length} segments, ${refs.length} reference${refs.length > 1 ? "s" : ""})`, columns, rows: s.rows },
    ];
    if (perSegment) sections.push({ kind: "histogram", title: `sentence-level ${String(s.json.name)}`, x: String(s.json.name), values: s.perSegment });
    return { json, sections };
  },
});
