import { WcError } from "@wc/tensor";
import { codePoints, pySplit, removeWhitespace } from "./text";
import { checkCorpus, checkNumber, checkSentenceRefs, segmentRefs } from "./validate";

/** Options of {@link chrf} and {@link sentenceChrf} (sacreBLEU 2.x `CHRF`). */
export interface ChrfOptions {
  /** Character n-gram order. Default 6. */
  charOrder?: number;
  /** Word n-gram order; 2 gives chrF++. Default 0. */
  wordOrder?: number;
  /** Recall weight β. Default 2. */
  beta?: number;
  /** Lowercase first. Default `false`. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Default `false`. */
  whitespace?: boolean;
  /** chrF++.py/NLTK/Moses epsilon smoothing instead of sacreBLEU's effective-order averaging. Default `false` (sacreBLEU issue #144). */
  epsSmoothing?: boolean;
}

/** A chrF score with its summed statistics. */
export interface ChrfScore {
  /** chrF in [0, 100]. */
  score: number;
  /** Flattened `[hyp, ref, match]` counts per order (character orders first, then word orders). */
  stats: number[];
}

const PUNCTS = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

interface ResolvedChrf {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

function resolve(fn: string, o: ChrfOptions): ResolvedChrf {
  const r = {
    charOrder: o.charOrder ?? 6,
    wordOrder: o.wordOrder ?? 0,
    beta: o.beta ?? 2,
    lowercase: o.lowercase ?? false,
    whitespace: o.whitespace ?? false,
    epsSmoothing: o.epsSmoothing ?? false,
  };
  checkNumber(fn, "charOrder", r.charOrder, 0, 100, true);
  checkNumber(fn, "wordOrder", r.wordOrder, 0, 100, true);
  checkNumber(fn, "beta", r.beta, 0, 1e6);
  if (r.charOrder + r.wordOrder === 0) {
    throw new WcError("E_RANGE", `${fn}: expected charOrder + wordOrder >= 1, got ${r.charOrder} + ${r.wordOrder}`);
  }
  return Object.freeze(r);
}

/** chrF++ word splitting: whitespace split, then one trailing (else leading) ASCII punctuation mark split off. */
function removePunctuation(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cps = codePoints(w);
    if (cps.length === 1) out.push(w);
    else if (PUNCTS.has(cps[cps.length - 1]!)) out.push(cps.slice(0, -1).join(""), cps[cps.length - 1]!);
    else if (PUNCTS.has(cps[0]!)) out.push(cps[0]!, cps.slice(1).join(""));
    else out.push(w);
  }
  return out;
}

function counter(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function allNgrams(sent: string, o: ResolvedChrf): Map<string, number>[] {
  const line = codePoints(o.whitespace ? sent : removeWhitespace(sent));
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= o.charOrder; n++) {
    const items: string[] = [];
    for (let i = 0; i + n <= line.length; i++) items.push(line.slice(i, i + n).join(""));
    out.push(counter(items));
  }
  if (o.wordOrder > 0) {
    const words = removePunctuation(sent);
    for (let n = 1; n <= o.wordOrder; n++) {
      const items: string[] = [];
      for (let i = 0; i + n <= words.length; i++) items.push(words.slice(i, i + n).join(" "));
      out.push(counter(items));
    }
  }
  return out;
}

/**
 * chrF from summed `[hyp, ref, match]` statistics (sacreBLEU `_compute_f_score`).
 *
 * @param stats - flattened statistics, 3 per order
 * @param options - `beta` 2, `epsSmoothing` false
 * @returns chrF in [0, 100]
 * @throws WcError E_SHAPE when `stats.length` is not a positive multiple of 3
 * @example
 * chrfFromStats([1, 1, 1], { beta: 3 }); // 100
 */
export function chrfFromStats(stats: readonly number[], options: Pick<ChrfOptions, "beta" | "epsSmoothing"> = {}): number {
  if (stats.length === 0 || stats.length % 3 !== 0) {
    throw new WcError("E_SHAPE", `chrfFromStats: expected 3 statistics per order, got ${stats.length} numbers`);
  }
  const beta = options.beta ?? 2;
  checkNumber("chrfFromStats", "beta", beta, 0, 1e6);
  const order = stats.length / 3;
  const eps = 1e-16;
  const factor = beta ** 2;
  let score = 0;
  let eff = 0;
  let avgP = 0;
  let avgR = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!;
    const nRef = stats[3 * i + 1]!;
    const nMatch = stats[3 * i + 2]!;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgP += prec;
      avgR += rec;
      eff += 1;
    }
  }
  if (options.epsSmoothing ?? false) return (100 * score) / order;
  if (eff === 0) {
    avgP = 0;
    avgR = 0;
  } else {
    avgP /= eff;
    avgR /= eff;
  }
  if (avgP + avgR !== 0) return (100 * ((1 + factor) * avgP * avgR)) / (factor * avgP + avgR);
  return 0;
}

function segmentStats(hyp: string, refs: string[], o: ResolvedChrf): number[] {
  const h = allNgrams(hyp, o);
  let best: number[] = [];
  let bestF = -1;
  for (const ref of refs) {
    const r = allNgrams(ref, o);
    const stats: number[] = [];
    for (let k = 0; k < h.length; k++) {
      const hk = h[k]!;
      const rk = r[k]!;
      let match = 0;
      let hypCount = 0;
      for (const [g, c] of hk) {
        hypCount += c;
        const rc = rk.get(g);
        if (rc !== undefined) match += Math.min(c, rc);
      }
      let refCount = 0;
      for (const c of rk.values()) refCount += c;
      stats.push(rk.size > 0 ? hypCount : 0, refCount, match);
    }
    const f = chrfFromStats(stats, o);
    if (f > bestF) {
      bestF = f;
      best = stats;
    }
  }
  return best;
}

/**
 * Corpus chrF / chrF++ with sacreBLEU 2.x conventions: character n-grams 1..charOrder after
 * removing whitespace, optional word n-grams 1..wordOrder, per segment the reference with the
 * highest sentence F (first one wins ties; initial best −1), statistics summed over the corpus.
 *
 * @param hyps - one hypothesis per segment
 * @param refs - reference streams: `refs[k][i]` is the k-th reference of segment i
 * @param options - `charOrder` 6, `wordOrder` 0 (2 = chrF++), `beta` 2, `lowercase` false, `whitespace` false, `epsSmoothing` false
 * @returns the score and the summed statistics
 * @throws WcError E_SHAPE when a reference stream's length differs from `hyps`
 * @throws WcError E_ARGUMENT for non-string input or a segment with only empty references
 * @throws WcError E_RANGE for out-of-range orders or beta
 * @example
 * chrf(["a b c"], [["abc"]]).score; // 100
 */
export function chrf(hyps: readonly string[], refs: readonly (readonly string[])[], options: ChrfOptions = {}): ChrfScore {
  checkCorpus("chrf", hyps, refs);
  const o = resolve("chrf", options);
  const sum = new Array<number>(3 * (o.charOrder + o.wordOrder)).fill(0);
  for (let i = 0; i < hyps.length; i++) {
    const pre = (s: string): string => (o.lowercase ? s.toLowerCase() : s);
    const st = segmentStats(pre(hyps[i]!), segmentRefs("chrf", refs, i).map(pre), o);
    for (let k = 0; k < sum.length; k++) sum[k]! += st[k]!;
  }
  return { score: chrfFromStats(sum, o), stats: sum };
}

/**
 * Sentence chrF (sacreBLEU `sentence_chrf`): {@link chrf} on one segment.
 *
 * @param hyp - the hypothesis
 * @param refs - one or more references
 * @param options - as {@link chrf}
 * @returns the score and statistics
 * @throws WcError E_ARGUMENT for non-string input or only empty references
 * @example
 * sentenceChrf("aa", ["ab"], { beta: 3 }).score; // 25
 */
export function sentenceChrf(hyp: string, refs: readonly string[], options: ChrfOptions = {}): ChrfScore {
  checkSentenceRefs("sentenceChrf", hyp, refs);
  return chrf([hyp], refs.map((r) => [r]), options);
}

/**
 * The sacreBLEU 2.x signature string for chrF, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3`.
 *
 * @param nrefs - number of references per segment (`'var'` when it varies)
 * @param options - the chrF options used (defaults as {@link chrf})
 * @param version - the `version` field; default `'2.4.3'`
 * @returns the signature
 * @example
 * chrfSignature(1, { wordOrder: 2 }); // "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.4.3"
 */
export function chrfSignature(nrefs: number | "var", options: ChrfOptions = {}, version = "2.4.3"): string {
  const o = resolve("chrfSignature", options);
  return `nrefs:${nrefs}|case:${o.lowercase ? "lc" : "mixed"}|eff:${o.epsSmoothing ? "no" : "yes"}|nc:${o.charOrder}|nw:${o.wordOrder}|space:${o.whitespace ? "yes" : "no"}|version:${version}`;
}
