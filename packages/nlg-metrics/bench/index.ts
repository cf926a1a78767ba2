/**
 * Reproduction example: "no single metric captures quality". KJV verses are perturbed by rules of
 * known severity (a human-like quality label); each lexical metric is correlated with it, and the
 * meaning-flipping perturbations (negation, number change) are compared with harmless ones.
 * Run: pnpm --filter @wc/nlg-metrics bench
 */
import { readFileSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { chrf, kendall, meteor, rouge, sentenceBleu, sentenceChrf, sentenceTer, bleu, spearman } from "../src/index";

// The King James text ships with @wc/nn (packages/nn/data, provenance in its README).
const shared = new URL("../../nn/data/kjv-verses.txt.gz", import.meta.url);
const fixture = new URL("../test/fixtures/kjv-genesis.txt", import.meta.url);
const verses = (existsSync(shared)
  ? gunzipSync(readFileSync(shared)).toString("utf8").split("\n")
  : readFileSync(fixture, "utf8").split("\n").filter((l) => !l.startsWith("#"))
).filter((l) => l.split(" ").length >= 8);

let seed = 12345;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;

// perturbation -> (function, severity 0 = harmless ... 5 = meaning destroyed)
const NUM: Record<string, string> = { one: "two", two: "three", three: "four", seven: "eight", ten: "eleven", forty: "fifty", twelve: "thirteen" };
const SYN: Record<string, string> = { said: "spake", unto: "to", upon: "on", shall: "will", thee: "you", thou: "you", thy: "your", hath: "has", saith: "says", came: "went" };
const ops: Record<string, [(w: string[]) => string[] | null, number]> = {
  "archaic->modern synonyms": [(w) => { const o = w.map((x) => SYN[x] ?? x); return o.join(" ") === w.join(" ") ? null : o; }, 0],
  "drop punctuation": [(w) => { const o = w.map((x) => x.replace(/[,;:.]$/, "")); return o.join(" ") === w.join(" ") ? null : o; }, 0],
  "swap two adjacent words": [(w) => { const o = w.slice(); const i = Math.floor(rand() * (o.length - 1)); [o[i], o[i + 1]] = [o[i + 1]!, o[i]!]; return o; }, 1],
  "drop one word": [(w) => { const o = w.slice(); o.splice(Math.floor(rand() * o.length), 1); return o; }, 2],
  "negation (insert 'not')": [(w) => { const i = w.findIndex((x) => ["was", "is", "shall", "will", "did", "were"].includes(x)); if (i < 0) return null; const o = w.slice(); o.splice(i + 1, 0, "not"); return o; }, 5],
  "number change": [(w) => { const i = w.findIndex((x) => x in NUM); if (i < 0) return null; const o = w.slice(); o[i] = NUM[w[i]!]!; return o; }, 5],
  "named-entity swap": [(w) => { const names = ["Moses", "Aaron", "David", "Jacob", "Abraham", "Israel", "Egypt", "Jerusalem"]; const i = w.findIndex((x) => names.includes(x)); if (i < 0) return null; const o = w.slice(); o[i] = pick(names.filter((n) => n !== w[i])); return o; }, 5],
  "shuffle half the words": [(w) => { const o = w.slice(); for (let k = 0; k < o.length / 2; k++) { const i = Math.floor(rand() * o.length); const j = Math.floor(rand() * o.length); [o[i], o[j]] = [o[j]!, o[i]!]; } return o; }, 4],
  "keep first half only": [(w) => w.slice(0, Math.ceil(w.length / 2)), 4],
};

const rows: { op: string; sev: number; hyp: string; ref: string }[] = [];
const perOp = 60;
const t0 = performance.now();
for (const [name, [f, sev]] of Object.entries(ops)) {
  let made = 0;
  for (let tries = 0; made < perOp && tries < 200000; tries++) {
    const ref = pick(verses);
    const out = f(ref.split(" "));
    if (out === null) continue;
    rows.push({ op: name, sev, hyp: out.join(" "), ref });
    made++;
  }
}
const metrics: Record<string, (h: string, r: string) => number> = {
  BLEU: (h, r) => sentenceBleu(h, [r]).score,
  chrF: (h, r) => sentenceChrf(h, [r]).score,
  "chrF++": (h, r) => sentenceChrf(h, [r], { wordOrder: 2 }).score,
  "-TER": (h, r) => -sentenceTer(h, [r]).score,
  "ROUGE-L": (h, r) => rouge(r, h, ["rougeL"]).rougeL!.fmeasure * 100,
  METEOR: (h, r) => meteor([r], h) * 100,
};
const quality = rows.map((r) => -r.sev);
console.log(`${rows.length} perturbed KJV verses, ${Object.keys(ops).length} perturbation types x ${perOp}; quality = -severity`);
console.log("metric     Kendall tau-b  Spearman  | mean score per perturbation (severity)");
const opNames = Object.keys(ops);
console.log(" ".repeat(36) + opNames.map((n) => `${n.slice(0, 12)}(${ops[n]![1]})`.padStart(17)).join(""));
for (const [name, f] of Object.entries(metrics)) {
  const s = rows.map((r) => f(r.hyp, r.ref));
  const k = kendall(s, quality);
  const sp = spearman(s, quality);
  const means = opNames.map((o) => {
    const v = s.filter((_, i) => rows[i]!.op === o);
    return v.reduce((a, b) => a + b, 0) / v.length;
  });
  console.log(`${name.padEnd(10)} ${k.tau.toFixed(3).padStart(12)} ${sp.rho.toFixed(3).padStart(9)}  ` + means.map((m) => m.toFixed(1).padStart(17)).join(""));
}
const t1 = performance.now();
console.log(`scoring time ${((t1 - t0) / 1000).toFixed(2)} s for ${rows.length} x ${Object.keys(metrics).length} sentence scores`);
const big = verses.slice(0, 2000);
const hyps = big.map((v) => v.split(" ").reverse().join(" "));
let t = performance.now();
const cb = bleu(hyps, [big]);
const tb = performance.now() - t;
t = performance.now();
const cc = chrf(hyps, [big]);
const tc = performance.now() - t;
console.log(`corpus BLEU on 2000 reversed verses: ${cb.score.toFixed(2)} in ${tb.toFixed(0)} ms; chrF ${cc.score.toFixed(2)} in ${tc.toFixed(0)} ms`);
