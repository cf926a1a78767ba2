import { WcError } from "@wc/tensor";
import { pyRstrip, pySplit } from "./text";
import { tokenize, TOKENIZERS, type Tokenizer } from "./tokenizers";
import { checkCorpus, checkNumber, checkSentenceRefs, segmentRefs } from "./validate";

/** BLEU smoothing methods (Chen & Cherry 2014, as named by sacreBLEU). */
export type BleuSmooth = "exp" | "floor" | "add-k" | "none";

/** Options of {@link bleu} and {@link sentenceBleu}. */
export interface BleuOptions {
  /** Tokenizer applied after `rstrip`. Default `'13a'`. */
  tokenize?: Tokenizer;
  /** Lowercase hypotheses and references first. Default `false`. */
  lowercase?: boolean;
  /** Smoothing method. Default `'exp'`. */
  smooth?: BleuSmooth;
  /** Value for `floor` (default 0.1) and `add-k` (default 1); ignored by the other methods. */
  smoothValue?: number;
  /** Highest n-gram order. Default 4. */
  maxOrder?: number;
  /** Average only over orders up to the last with any hypothesis n-gram. Default `false` for {@link bleu}, `true` for {@link sentenceBleu}. */
  effectiveOrder?: boolean;
}

/** A BLEU score with its sufficient statistics (sacreBLEU's `BLEUScore`). */
export interface BleuScore {
  /** BLEU in [0, 100]. */
  score: number;
  /** Matched n-grams per order (after add-k smoothing, as sacreBLEU reports them). */
  counts: number[];
  /** Hypothesis n-grams per order (after add-k smoothing). */
  totals: number[];
  /** Modified precisions per order, in percent. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Total hypothesis length in tokens. */
  sysLen: number;
  /** Total closest-reference length in tokens. */
  refLen: number;
}

const SMOOTH_DEFAULTS: Record<BleuSmooth, number | null> = { none: null, floor: 0.1, "add-k": 1, exp: null };

interface ResolvedBleu {
  tokenize: Tokenizer;
  lowercase: boolean;
  smooth: BleuSmooth;
  smoothValue: number;
  maxOrder: number;
  effectiveOrder: boolean;
}

function resolve(fn: string, o: BleuOptions, effDefault: boolean): ResolvedBleu {
  const tok = o.tokenize ?? "13a";
  if (!TOKENIZERS.includes(tok)) {
    throw new WcError("E_ARGUMENT", `${fn}: expected tokenize to be one of ${TOKENIZERS.join(", ")}, got ${JSON.stringify(tok)}`);
  }
  const smooth = o.smooth ?? "exp";
  if (!(smooth in SMOOTH_DEFAULTS)) {
    throw new WcError("E_ARGUMENT", `${fn}: expected smooth to be one of exp, floor, add-k, none, got ${JSON.stringify(smooth)}`);
  }
  const smoothValue = o.smoothValue ?? SMOOTH_DEFAULTS[smooth] ?? 0;
  checkNumber(fn, "smoothValue", smoothValue, 0, Number.MAX_VALUE);
  const maxOrder = o.maxOrder ?? 4;
  checkNumber(fn, "maxOrder", maxOrder, 1, 100, true);
  return Object.freeze({ tokenize: tok, lowercase: o.lowercase ?? false, smooth, smoothValue, maxOrder, effectiveOrder: o.effectiveOrder ?? effDefault });
}

function preprocess(s: string, o: ResolvedBleu): string {
  return tokenize(pyRstrip(o.lowercase ? s.toLowerCase() : s), o.tokenize);
}

function ngramCounts(tokens: string[], maxOrder: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      // tokens come from a whitespace split, so joining with a space is injective
      const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(" ");
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return m;
}

function closestRefLen(hypLen: number, refLens: number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const r of refLens) {
    const diff = Math.abs(hypLen - r);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = r;
    } else if (diff === closestDiff && r < closestLen) {
      closestLen = r;
    }
  }
  return closestLen;
}

/**
 * @internal Segment statistics `[sysLen, refLen, correct_1..N, total_1..N]` for tokenized text.
 */
function segmentStats(hyp: string, refs: string[], maxOrder: number): number[] {
  let refNgrams: Map<string, number> | null = null;
  const refLens: number[] = [];
  for (const r of refs) {
    const toks = pySplit(r);
    refLens.push(toks.length);
    const c = ngramCounts(toks, maxOrder);
    if (refNgrams === null) refNgrams = c;
    else for (const [k, v] of c) refNgrams.set(k, Math.max(refNgrams.get(k) ?? 0, v));
  }
  const htoks = pySplit(hyp);
  const stats = new Array<number>(2 + 2 * maxOrder).fill(0);
  stats[0] = htoks.length;
  stats[1] = closestRefLen(htoks.length, refLens);
  for (let n = 1; n <= maxOrder; n++) {
    const seen = new Map<string, number>();
    for (let i = 0; i + n <= htoks.length; i++) {
      const key = n === 1 ? htoks[i]! : htoks.slice(i, i + n).join(" ");
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    let correct = 0;
    let total = 0;
    for (const [k, c] of seen) {
      total += c;
      const r = refNgrams!.get(k);
      if (r !== undefined) correct += Math.min(c, r);
    }
    stats[2 + n - 1] = correct;
    stats[2 + maxOrder + n - 1] = total;
  }
  return stats;
}

function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/**
 * BLEU from sufficient statistics, exactly as sacreBLEU's `BLEU.compute_bleu`.
 *
 * @param correct - matched n-grams per order (length = maxOrder)
 * @param total - hypothesis n-grams per order
 * @param sysLen - hypothesis length
 * @param refLen - effective reference length
 * @param options - smoothing, smoothValue, effectiveOrder (defaults: `'exp'`, method default, `false`)
 * @returns the BLEU score object
 * @throws WcError E_SHAPE when `correct` and `total` differ in length
 * @example
 * computeBleu([4, 3, 2, 1], [4, 3, 2, 1], 4, 4).score; // 100
 */
export function computeBleu(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  options: Pick<BleuOptions, "smooth" | "smoothValue" | "effectiveOrder"> = {},
): BleuScore {
  if (correct.length !== total.length || correct.length === 0) {
    throw new WcError("E_SHAPE", `computeBleu: expected correct and total of equal non-zero length, got ${correct.length} and ${total.length}`);
  }
  const o = resolve("computeBleu", { ...options, maxOrder: correct.length }, false);
  const maxOrder = correct.length;
  const c = correct.slice();
  const t = total.slice();
  let bp: number;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  else bp = 1;
  const precisions = new Array<number>(maxOrder).fill(0);
  if (!c.some((x) => x !== 0)) {
    return { score: 0, counts: c, totals: t, precisions, bp, sysLen, refLen };
  }
  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (o.smooth === "add-k" && n > 1) {
      c[n - 1]! += o.smoothValue;
      t[n - 1]! += o.smoothValue;
    }
    if (t[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (c[n - 1] === 0) {
      if (o.smooth === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t[n - 1]!);
      } else if (o.smooth === "floor") {
        precisions[n - 1] = (100 * o.smoothValue) / t[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * c[n - 1]!) / t[n - 1]!;
    }
  }
  let s = 0;
  for (let n = 0; n < effOrder; n++) s += myLog(precisions[n]!);
  const score = bp * Math.exp(s / effOrder);
  return { score, counts: c, totals: t, precisions, bp, sysLen, refLen };
}

/**
 * Corpus BLEU with sacreBLEU 2.x conventions: per-segment clipped n-gram counts (maximum over
 * references), closest reference length (ties to the shorter), statistics summed over the corpus,
 * then brevity penalty and smoothed geometric mean. Empty references of a segment are skipped.
 *
 * @param hyps - one hypothesis per segment
 * @param refs - reference streams: `refs[k][i]` is the k-th reference of segment i
 * @param options - `tokenize` `'13a'`, `lowercase` false, `smooth` `'exp'`, `smoothValue` (floor 0.1, add-k 1), `maxOrder` 4, `effectiveOrder` false
 * @returns score, counts, totals, precisions, bp, sysLen, refLen
 * @throws WcError E_SHAPE when a reference stream's length differs from `hyps`
 * @throws WcError E_ARGUMENT for non-string input, a segment with only empty references, or unknown options
 * @throws WcError E_RANGE for an out-of-range `maxOrder` or `smoothValue`
 * @example
 * bleu(["the cat sat on the mat"], [["the cat sat on the mat"]]).score; // 100
 */
export function bleu(hyps: readonly string[], refs: readonly (readonly string[])[], options: BleuOptions = {}): BleuScore {
  checkCorpus("bleu", hyps, refs);
  const o = resolve("bleu", options, false);
  const sum = new Array<number>(2 + 2 * o.maxOrder).fill(0);
  for (let i = 0; i < hyps.length; i++) {
    const segRefs = segmentRefs("bleu", refs, i).map((r) => preprocess(r, o));
    const st = segmentStats(preprocess(hyps[i]!, o), segRefs, o.maxOrder);
    for (let k = 0; k < sum.length; k++) sum[k]! += st[k]!;
  }
  return computeBleu(sum.slice(2, 2 + o.maxOrder), sum.slice(2 + o.maxOrder), sum[0]!, sum[1]!, o);
}

/**
 * Sentence BLEU as sacreBLEU's `sentence_bleu`: same as {@link bleu} on one segment but with
 * `effectiveOrder` defaulting to `true` (sacreBLEU issues #98/#64).
 *
 * @param hyp - the hypothesis
 * @param refs - one or more references
 * @param options - as {@link bleu}; `effectiveOrder` default `true`
 * @returns the BLEU score object
 * @throws WcError E_ARGUMENT for non-string input, only empty references, or unknown options
 * @example
 * sentenceBleu("the cat", ["the cat sat"]).score; // 60.653065971263345 (BP = exp(1 - 3/2))
 */
export function sentenceBleu(hyp: string, refs: readonly string[], options: BleuOptions = {}): BleuScore {
  checkSentenceRefs("sentenceBleu", hyp, refs);
  return bleu([hyp], refs.map((r) => [r]), { ...options, effectiveOrder: options.effectiveOrder ?? true });
}

/**
 * The sacreBLEU 2.x signature string for BLEU, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3`.
 *
 * @param nrefs - number of references per segment (`'var'` when it varies)
 * @param options - the BLEU options used (defaults as {@link bleu})
 * @param version - the `version` field; default `'2.4.3'`, the sacreBLEU release whose conventions are reproduced
 * @returns the signature
 * @example
 * bleuSignature(1); // "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3"
 */
export function bleuSignature(nrefs: number | "var", options: BleuOptions = {}, version = "2.4.3"): string {
  const o = resolve("bleuSignature", options, false);
  let smooth: string = o.smooth;
  if (SMOOTH_DEFAULTS[o.smooth] !== null) smooth += `[${o.smoothValue.toFixed(2)}]`;
  return `nrefs:${nrefs}|case:${o.lowercase ? "lc" : "mixed"}|eff:${o.effectiveOrder ? "yes" : "no"}|tok:${o.tokenize}|smooth:${smooth}|version:${version}`;
}
