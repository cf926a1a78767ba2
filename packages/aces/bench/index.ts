/**
 * Reproduction example: a synthetic ACES-style challenge set built from KJV verses by seeded
 * perturbations (a dozen phenomena carrying official ACES labels), scored with BLEU, chrF, chrF++
 * and -TER. The good translation is a modernising paraphrase of the reference verse (at least two
 * words differ, as ACES good translations are often not the reference). Meaning-changing phenomena
 * put their error into the *reference* wording (high lexical overlap, as ACES's "vs-ref-word" and
 * lexical-overlap sets); addition, omission and punctuation errors are applied to the good translation.
 * Run: pnpm --filter @wc/aces bench
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BASELINE_METRICS, evaluate, scoreChallengeSet, type ChallengeRow } from "../src/index";

// The King James text ships with @wc/nn (packages/nn/data, provenance in its README).
const shared = new URL("../../nn/data/kjv-verses.txt.gz", import.meta.url);
if (!existsSync(shared)) {
  console.log("needs packages/nn/data/kjv-verses.txt.gz (KJV, public domain)");
  process.exit(0);
}
const verses = gunzipSync(readFileSync(shared)).toString("utf8").split("\n").filter((l) => l.split(" ").length >= 8);

let seed = 2024;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

const MODERN: Record<string, string> = {
  thee: "you", thou: "you", thy: "your", thine: "your", ye: "you", hath: "has", saith: "says", unto: "to", spake: "spoke", shalt: "shall",
  art: "are", doth: "does", didst: "did", wilt: "will", upon: "on", behold: "look", begat: "fathered", whosoever: "whoever",
  wherefore: "therefore", hearken: "listen", smote: "struck", slew: "killed", brethren: "brothers", thereof: "of it", lo: "see",
  spoken: "said", cometh: "comes", goeth: "goes", maketh: "makes", sayest: "say", knoweth: "knows", nigh: "near", yea: "indeed",
};
const paraphrase = (w: string[]): string[] => w.map((x) => MODERN[x] ?? x);
const NUM: Record<string, string> = { one: "two", two: "three", three: "four", four: "five", five: "six", six: "seven", seven: "eight", ten: "eleven", twelve: "thirteen", forty: "fifty", hundred: "thousand", thousand: "hundred" };
const NAMES = ["Moses", "Aaron", "David", "Jacob", "Abraham", "Isaac", "Joseph", "Saul", "Solomon", "Egypt", "Israel", "Jerusalem", "Babylon"];
const HYPER: Record<string, string> = { lion: "beast", lions: "beasts", sheep: "animals", oxen: "animals", wine: "drink", bread: "food", gold: "metal", silver: "metal", son: "child", sons: "children", daughter: "child", king: "ruler", sword: "weapon", cedar: "tree", fig: "tree", ass: "animal", camels: "animals" };
const HYPO: Record<string, string> = { beast: "lion", beasts: "lions", man: "shepherd", men: "shepherds", tree: "cedar", trees: "cedars", city: "village", food: "bread", bird: "sparrow", fowls: "sparrows", house: "palace", land: "field", cattle: "oxen" };
const ANTONYM: Record<string, string> = { good: "evil", evil: "good", light: "darkness", darkness: "light", life: "death", death: "life", great: "small", day: "night", night: "day", love: "hate", righteous: "wicked", wicked: "righteous", first: "last", up: "down" };
const MODALS: Record<string, string> = { shall: "may", will: "might", must: "may", shalt: "mayest" };

type Perturb = (w: string[]) => string[] | null;
const replaceFirst = (table: Record<string, string>): Perturb => (w) => {
  const i = w.findIndex((x) => x in table);
  if (i < 0) return null;
  const o = w.slice();
  o[i] = table[w[i]!]!;
  return o;
};
const ON_GOOD = new Set(["addition", "omission", "punctuation:deletion_all", "punctuation:statement-to-question"]);
const phenomena: Record<string, Perturb> = {
  "hallucination-number-level-1": replaceFirst(NUM),
  "hallucination-named-entity-level-1": (w) => {
    const i = w.findIndex((x) => NAMES.includes(x));
    if (i < 0) return null;
    const o = w.slice();
    o[i] = pick(NAMES.filter((n) => n !== w[i]));
    return o;
  },
  "xnli-addition-contradiction": (w) => {
    const i = w.findIndex((x) => ["was", "is", "were", "shall", "will", "did"].includes(x));
    if (i < 0) return null;
    const o = w.slice();
    o.splice(i + 1, 0, "not");
    return o;
  },
  "antonym-replacement": replaceFirst(ANTONYM),
  "modal_verb:substitution": replaceFirst(MODALS),
  "ordering-mismatch": (w) => {
    const i = w.findIndex((x, k) => k > 0 && x === "and" && k < w.length - 1);
    if (i < 0) return null;
    const o = w.slice();
    [o[i - 1], o[i + 1]] = [o[i + 1]!, o[i - 1]!];
    return o[i - 1] === w[i - 1] ? null : o;
  },
  "hypernym-replacement": replaceFirst(HYPER),
  "hyponym-replacement": replaceFirst(HYPO),
  addition: (w) => [...w.slice(0, -1), `${w[w.length - 1]!.replace(/[.:;,]$/, "")},`, "and", "it", "was", "so."],
  omission: (w) => {
    const i = 1 + Math.floor(rand() * (w.length - 2));
    return [...w.slice(0, i), ...w.slice(i + 1)];
  },
  "punctuation:deletion_all": (w) => {
    const o = w.map((x) => x.replace(/[,;:.?!]/g, ""));
    return o.join(" ") === w.join(" ") ? null : o;
  },
  "punctuation:statement-to-question": (w) => (/\.$/.test(w[w.length - 1]!) ? [...w.slice(0, -1), w[w.length - 1]!.replace(/\.$/, "?")] : null),
};

const perPhenomenon = 50;
const rows: ChallengeRow[] = [];
for (const [label, f] of Object.entries(phenomena)) {
  let made = 0;
  for (let tries = 0; made < perPhenomenon && tries < 300000; tries++) {
    const ref = pick(verses);
    const refWords = ref.split(" ");
    const good = paraphrase(refWords);
    if (good.filter((x, k) => x !== refWords[k]).length < 2) continue;
    const base = ON_GOOD.has(label) ? good : refWords;
    const bad = f(base);
    if (bad === null || bad.join(" ") === base.join(" ")) continue;
    rows.push({ source: ref, goodTranslation: good.join(" "), incorrectTranslation: bad.join(" "), reference: ref, phenomena: label, langpair: "en-en" });
    made++;
  }
}
const t0 = performance.now();
const scored = await scoreChallengeSet(rows, BASELINE_METRICS);
const t1 = performance.now();
const res = evaluate(scored);
const zero = evaluate(scored, { missingCategory: "zero" });
const m = res.metrics;
console.log(`${rows.length} rows, ${Object.keys(phenomena).length} phenomena x ${perPhenomenon}; scored with ${m.join(", ")} in ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(["phenomenon".padEnd(36), "n".padStart(3), ...m.map((x) => x.padStart(8))].join(" "));
for (const p of res.perPhenomenon) console.log([p.phenomenon.padEnd(36), String(p.n).padStart(3), ...m.map((x) => p.tau[x]!.toFixed(3).padStart(8))].join(" "));
console.log("\ncategory".padEnd(41), ...m.map((x) => x.padStart(8)));
for (const c of Object.keys(res.perCategory[m[0]!]!)) console.log(c.padEnd(40), ...m.map((x) => res.perCategory[x]![c]!.toFixed(3).padStart(8)));
console.log("ACES (official, missing categories -> NaN)".padEnd(40), ...m.map((x) => String(res.acesScore[x]).padStart(8)));
console.log("ACES (missing categories -> 0)".padEnd(40), ...m.map((x) => zero.acesScore[x]!.toFixed(2).padStart(8)));
