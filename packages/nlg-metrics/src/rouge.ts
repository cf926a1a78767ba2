import { WcError } from "@wc/tensor";
import { porterStem } from "./porter";
import { assertString } from "./validate";

/** Precision, recall and F1 of one ROUGE variant. */
export interface PRF {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** A ROUGE variant name: `rouge1`…`rouge9` (any positive n), `rougeL` or `rougeLsum`. */
export type RougeType = "rouge1" | "rouge2" | "rougeL" | "rougeLsum" | `rouge${number}`;

/** Options of {@link rouge}. */
export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (NLTK stemmer, as rouge-score). Default `false`. */
  useStemmer?: boolean;
}

/**
 * rouge-score's default tokenizer: lowercase, every run of characters outside [a-z0-9] becomes a
 * space (so non-ASCII letters vanish), split, optionally stem tokens longer than 3 characters, keep
 * tokens matching ^[a-z0-9]+$.
 *
 * @param text - the text
 * @param options - `useStemmer` false
 * @returns the tokens
 * @example
 * rougeTokenize("The quick-brown Fox!"); // ["the", "quick", "brown", "fox"]
 */
export function rougeTokenize(text: string, options: RougeOptions = {}): string[] {
  assertString("rougeTokenize", "text", text);
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, " ");
  let toks = s.split(/\s+/);
  if (options.useStemmer) toks = toks.map((t) => (t.length > 3 ? porterStem(t) : t));
  return toks.filter((t) => /^[a-z0-9]+$/.test(t));
}

function fmeasure(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const k = tokens.slice(i, i + n).join(" ");
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function scoreNgrams(target: Map<string, number>, pred: Map<string, number>): PRF {
  let overlap = 0;
  for (const [k, c] of target) {
    const p = pred.get(k);
    if (p !== undefined) overlap += Math.min(c, p);
  }
  let tc = 0;
  for (const c of target.values()) tc += c;
  let pc = 0;
  for (const c of pred.values()) pc += c;
  const precision = overlap / Math.max(pc, 1);
  const recall = overlap / Math.max(tc, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function lcsTable(a: string[], b: string[]): Int32Array[] {
  const t: Int32Array[] = [];
  for (let i = 0; i <= a.length; i++) t.push(new Int32Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    const row = t[i]!;
    const prev = t[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
  }
  return t;
}

function scoreLcs(target: string[], pred: string[]): PRF {
  if (target.length === 0 || pred.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const l = lcsTable(target, pred)[target.length]![pred.length]!;
  const precision = l / pred.length;
  const recall = l / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, read back as rouge-score's `_backtrack_norec`. */
function lcsIndices(ref: string[], can: string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length;
  let j = can.length;
  const out: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i]![j - 1]! > t[i - 1]![j]!) j--;
    else i--;
  }
  return out.reverse();
}

function summaryLevelLcs(refSents: string[][], canSents: string[][]): PRF {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  if (refSents.length === 0 || canSents.length === 0) return zero;
  const m = refSents.reduce((s, x) => s + x.length, 0);
  const n = canSents.reduce((s, x) => s + x.length, 0);
  if (n === 0 || m === 0) return zero;
  const cntR = new Map<string, number>();
  const cntC = new Map<string, number>();
  for (const s of refSents) for (const t of s) cntR.set(t, (cntR.get(t) ?? 0) + 1);
  for (const s of canSents) for (const t of s) cntC.set(t, (cntC.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) for (const idx of lcsIndices(r, c)) union.add(idx);
    const sorted = [...union].sort((a, b) => a - b);
    for (const idx of sorted) {
      const t = r[idx]!;
      if ((cntC.get(t) ?? 0) > 0 && (cntR.get(t) ?? 0) > 0) {
        hits++;
        cntC.set(t, cntC.get(t)! - 1);
        cntR.set(t, cntR.get(t)! - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * ROUGE-N / ROUGE-L / ROUGE-Lsum of one prediction against one target, as Google's
 * `rouge-score` (`RougeScorer.score(target, prediction)`): clipped n-gram overlap with
 * precision = overlap / max(#prediction n-grams, 1); LCS for `rougeL`; for `rougeLsum` both texts
 * are split on newlines and the union-LCS per target sentence is counted with per-token budgets.
 *
 * @param target - the reference text
 * @param prediction - the system text
 * @param types - variants to compute, e.g. `['rouge1', 'rouge2', 'rougeL']`
 * @param options - `useStemmer` false
 * @returns one {@link PRF} per requested type
 * @throws WcError E_ARGUMENT for non-string input or an unknown ROUGE type
 * @example
 * rouge("the cat sat", "the cat", ["rouge1"]).rouge1.recall; // 0.6666666666666666
 */
export function rouge(target: string, prediction: string, types: readonly RougeType[], options: RougeOptions = {}): Record<string, PRF> {
  assertString("rouge", "target", target);
  assertString("rouge", "prediction", prediction);
  if (!Array.isArray(types) || types.length === 0) {
    throw new WcError("E_ARGUMENT", "rouge: expected a non-empty list of ROUGE types such as ['rouge1', 'rougeL']");
  }
  const out: Record<string, PRF> = {};
  let tTok: string[] | null = null;
  let pTok: string[] | null = null;
  const tok = (): [string[], string[]] => {
    tTok ??= rougeTokenize(target, options);
    pTok ??= rougeTokenize(prediction, options);
    return [tTok, pTok];
  };
  for (const type of types) {
    if (type === "rougeL") {
      const [t, p] = tok();
      out[type] = scoreLcs(t, p);
    } else if (type === "rougeLsum") {
      const sents = (x: string): string[][] => x.split("\n").filter((s) => s.length > 0).map((s) => rougeTokenize(s, options));
      out[type] = summaryLevelLcs(sents(target), sents(prediction));
    } else {
      const m = /^rouge([0-9]+)$/.exec(type);
      const n = m ? Number(m[1]) : 0;
      if (!m || n <= 0) {
        throw new WcError("E_ARGUMENT", `rouge: invalid ROUGE type ${JSON.stringify(type)}; expected rouge<N> with N >= 1, rougeL or rougeLsum`);
      }
      const [t, p] = tok();
      out[type] = scoreNgrams(ngrams(t, n), ngrams(p, n));
    }
  }
  return out;
}
