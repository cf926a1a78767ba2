import { WcError } from "@wc/tensor";
import { pyStrip } from "@wc/nlg-metrics";

const SPAN = /<v>([^\n]*?)<\/v>/g;

/**
 * Error spans of a Span-ACES annotated sentence: the contents of every non-greedy `<v>…</v>`
 * (Python's `.` never crosses a line break), stripped of Python whitespace, empties dropped.
 *
 * @param annotated - the annotated sentence
 * @returns the span strings in order
 * @example
 * extractSpans("a <v>b c</v> d <v> e </v>"); // ["b c", "e"]
 */
export function extractSpans(annotated: string): string[] {
  if (typeof annotated !== "string") throw new WcError("E_ARGUMENT", `extractSpans: expected a string, got ${typeof annotated}`);
  const out: string[] = [];
  for (const m of annotated.matchAll(SPAN)) {
    const s = pyStrip(m[1]!);
    if (s.length > 0) out.push(s);
  }
  return out;
}

/**
 * Set-based span F1 of one example (`span_predictions/eval_span.py`): both empty → 1; no common
 * span → 0; else the harmonic mean of |P∩G|/|P| and |P∩G|/|G| over the span *sets*.
 *
 * @param predicted - predicted spans
 * @param gold - gold spans
 * @returns F1 in [0, 1]
 * @example
 * spanF1(["b c", "e"], ["b c", "x"]); // 0.5
 */
export function spanF1(predicted: readonly string[], gold: Iterable<string>): number {
  const P = new Set(predicted);
  const G = new Set(gold);
  if (P.size === 0 && G.size === 0) return 1;
  let tp = 0;
  for (const p of P) if (G.has(p)) tp++;
  if (tp === 0) return 0;
  const prec = tp / P.size;
  const rec = tp / G.size;
  return (2 * prec * rec) / (prec + rec);
}

/** Options of {@link corpusSpanF1}. */
export interface CorpusSpanF1Options {
  /**
   * `'spans'` (default): gold = the extracted spans of the annotated sentence (the intended
   * computation). `'characters'`: the official script's quirk of passing the raw annotated string,
   * i.e. comparing predicted spans with the set of its characters.
   */
  gold?: "spans" | "characters";
}

/**
 * Corpus Span-F1: the mean per-row {@link spanF1} of predicted spans against the gold annotation.
 *
 * @param predictedAnnotated - per row, the metric's prediction with `<v>…</v>` spans
 * @param goldAnnotated - per row, `incorrect-translation-annotated`
 * @param options - `gold` `'spans'`
 * @returns mean F1
 * @throws WcError E_SHAPE for unequal lengths or no rows
 * @example
 * corpusSpanF1(["a <v>b</v>"], ["a <v>b</v>"]); // 1
 */
export function corpusSpanF1(predictedAnnotated: readonly string[], goldAnnotated: readonly string[], options: CorpusSpanF1Options = {}): number {
  if (predictedAnnotated.length !== goldAnnotated.length || predictedAnnotated.length === 0) {
    throw new WcError("E_SHAPE", `corpusSpanF1: expected equal non-zero lengths, got ${predictedAnnotated.length} and ${goldAnnotated.length}`);
  }
  const mode = options.gold ?? "spans";
  let s = 0;
  for (let i = 0; i < goldAnnotated.length; i++) {
    const g = mode === "spans" ? extractSpans(goldAnnotated[i]!) : Array.from(goldAnnotated[i]!);
    s += spanF1(extractSpans(predictedAnnotated[i]!), g);
  }
  return s / goldAnnotated.length;
}
