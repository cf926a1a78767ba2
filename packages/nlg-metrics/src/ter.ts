import { pyRstrip, pySplit } from "./text";
import { tokenizeTercom, type TercomOptions } from "./ter-tokenizer";
import { translationEditRate } from "./ter-edit";
import { checkCorpus, checkSentenceRefs } from "./validate";

/** Options of {@link ter} (sacreBLEU 2.x `TER`). */
export type TerOptions = TercomOptions;

/** A TER score with its sufficient statistics. */
export interface TerScore {
  /** TER in percent: 100 · edits / average reference length (≥ 0, unbounded above). */
  score: number;
  /** Total edits (best reference per segment). */
  numEdits: number;
  /** Sum over segments of the average reference length. */
  refLength: number;
}

/**
 * Corpus TER with sacreBLEU 2.x conventions: Tercom tokenizer (lowercasing unless
 * `caseSensitive`), per segment the minimum edits over references and the average reference
 * length, corpus TER = 100 · Σ edits / Σ average reference length (0 reference words: 100 if any
 * edit, else 0). Empty reference strings are skipped when a segment has a non-empty one; a segment
 * whose references are all empty is scored against one empty reference (edits = hypothesis length).
 *
 * @param hyps - one hypothesis per segment
 * @param refs - reference streams: `refs[k][i]` is the k-th reference of segment i
 * @param options - `normalized` false, `noPunct` false, `asianSupport` false, `caseSensitive` false
 * @returns score, numEdits, refLength
 * @throws WcError E_SHAPE when a reference stream's length differs from `hyps`
 * @throws WcError E_ARGUMENT for non-string input
 * @example
 * ter(["d e f g h a b c"], [["a b c d e f g h"]]).score; // 12.5
 */
export function ter(hyps: readonly string[], refs: readonly (readonly string[])[], options: TerOptions = {}): TerScore {
  checkCorpus("ter", hyps, refs);
  const pre = (s: string): string[] => pySplit(tokenizeTercom(pyRstrip(s), options));
  let edits = 0;
  let refLength = 0;
  for (let i = 0; i < hyps.length; i++) {
    let segRefs = refs.map((stream) => stream[i]!).filter((r) => r !== "");
    if (segRefs.length === 0) segRefs = [""];
    const h = pre(hyps[i]!);
    let best = Number.POSITIVE_INFINITY;
    let lens = 0;
    for (const r of segRefs) {
      const [e, len] = translationEditRate(h, pre(r));
      lens += len;
      if (e < best) best = e;
    }
    edits += best;
    refLength += lens / segRefs.length;
  }
  let score: number;
  if (refLength > 0) score = edits / refLength;
  else score = edits > 0 ? 1 : 0;
  return { score: 100 * score, numEdits: edits, refLength };
}

/**
 * Sentence TER: {@link ter} on one segment.
 *
 * @param hyp - the hypothesis
 * @param refs - one or more references
 * @param options - as {@link ter}
 * @returns score, numEdits, refLength
 * @throws WcError E_ARGUMENT for non-string input or an empty reference list
 * @example
 * sentenceTer("a b", ["a b"]).score; // 0
 */
export function sentenceTer(hyp: string, refs: readonly string[], options: TerOptions = {}): TerScore {
  checkSentenceRefs("sentenceTer", hyp, refs);
  return ter([hyp], refs.map((r) => [r]), options);
}

/**
 * The sacreBLEU 2.x signature string for TER, e.g. `nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3`.
 *
 * @param nrefs - number of references per segment (`'var'` when it varies)
 * @param options - the TER options used
 * @param version - the `version` field; default `'2.4.3'`
 * @returns the signature
 * @example
 * terSignature(1); // "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3"
 */
export function terSignature(nrefs: number | "var", options: TerOptions = {}, version = "2.4.3"): string {
  return `nrefs:${nrefs}|case:${options.caseSensitive ? "mixed" : "lc"}|tok:tercom|norm:${options.normalized ? "yes" : "no"}|punct:${options.noPunct ? "no" : "yes"}|asian:${options.asianSupport ? "yes" : "no"}|version:${version}`;
}
