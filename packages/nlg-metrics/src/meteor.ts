import { WcError } from "@wc/tensor";
import { porterStem } from "./porter";
import { pySplit } from "./text";
import { assertString, checkNumber } from "./validate";

/** A synonym provider for METEOR's third stage: the synonyms of a word (itself included or not), or `null`. */
export type SynonymProvider = (word: string) => ReadonlySet<string> | null;

/** Options of {@link meteor}. */
export interface MeteorOptions {
  /** Precision/recall balance α. Default 0.9. */
  alpha?: number;
  /** Fragmentation exponent β. Default 3. */
  beta?: number;
  /** Fragmentation weight γ. Default 0.5. */
  gamma?: number;
  /** Stemmer of the second stage. Default NLTK's Porter stemmer ({@link porterStem}). */
  stemmer?: (word: string) => string;
  /**
   * Synonym provider of the third stage (NLTK uses WordNet 3.0 lemma names without `_`). Default
   * `null`: no synonym stage, so scores equal NLTK's only when WordNet finds no extra match.
   */
  synonyms?: SynonymProvider | null;
}

type Enum = [number, string];

/** NLTK `_match_enums`: hypothesis words last to first, each against reference words last to first. */
function matchEnums(h: Enum[], r: Enum[], same: (hw: string, rw: string) => boolean): [number, number][] {
  const matches: [number, number][] = [];
  for (let i = h.length - 1; i >= 0; i--) {
    for (let j = r.length - 1; j >= 0; j--) {
      if (same(h[i]![1], r[j]![1])) {
        matches.push([h[i]![0], r[j]![0]]);
        h.splice(i, 1);
        r.splice(j, 1);
        break;
      }
    }
  }
  return matches;
}

function countChunks(matches: [number, number][]): number {
  let i = 0;
  let chunks = 1;
  while (i < matches.length - 1) {
    if (matches[i + 1]![0] === matches[i]![0] + 1 && matches[i + 1]![1] === matches[i]![1] + 1) {
      i++;
      continue;
    }
    i++;
    chunks++;
  }
  return chunks;
}

function single(ref: string, hyp: string, o: Required<Omit<MeteorOptions, "synonyms">> & { synonyms: SynonymProvider | null }): number {
  const h: Enum[] = pySplit(hyp).map((w, i) => [i, w.toLowerCase()]);
  const r: Enum[] = pySplit(ref).map((w, i) => [i, w.toLowerCase()]);
  const hypLen = h.length;
  const refLen = r.length;
  const exact = matchEnums(h, r, (a, b) => a === b);
  // NLTK carries the *stemmed* words into the synonym stage.
  const hs: Enum[] = h.map(([i, w]) => [i, o.stemmer(w)]);
  const rs: Enum[] = r.map(([i, w]) => [i, o.stemmer(w)]);
  const stem = matchEnums(hs, rs, (a, b) => a === b);
  let syn: [number, number][] = [];
  if (o.synonyms) {
    const provider = o.synonyms;
    const cache = new Map<string, ReadonlySet<string> | null>();
    syn = matchEnums(hs, rs, (a, b) => {
      if (a === b) return true;
      if (!cache.has(a)) cache.set(a, provider(a));
      return cache.get(a)?.has(b) ?? false;
    });
  }
  const matches = [...exact, ...stem, ...syn].sort((x, y) => x[0] - y[0]);
  const m = matches.length;
  if (hypLen === 0 || refLen === 0 || m === 0) return 0;
  const precision = m / hypLen;
  const recall = m / refLen;
  const denom = o.alpha * precision + (1 - o.alpha) * recall;
  if (denom === 0) return 0;
  const fmean = (precision * recall) / denom;
  const frag = countChunks(matches) / m;
  const penalty = o.gamma * frag ** o.beta;
  return (1 - penalty) * fmean;
}

/**
 * METEOR as NLTK's `meteor_score` (3.8): lowercase, whitespace-split, align in stages exact →
 * Porter stem → synonyms (optional), each stage scanning hypothesis words from last to first and
 * taking the last matching reference word; score = (1 − γ·(chunks/m)^β) · P·R/(αP + (1−α)R);
 * any zero division gives 0; with several references the maximum.
 *
 * @param refs - one or more references
 * @param hyp - the hypothesis
 * @param options - `alpha` 0.9, `beta` 3, `gamma` 0.5, `stemmer` NLTK Porter, `synonyms` null
 * @returns METEOR in [0, 1]
 * @throws WcError E_ARGUMENT for non-string input or an empty reference list
 * @throws WcError E_RANGE for non-finite or out-of-range parameters
 * @example
 * meteor(["the cat is on the mat"], "the cat sat on the mat"); // 0.8066666666666668 (approx.)
 */
export function meteor(refs: readonly string[], hyp: string, options: MeteorOptions = {}): number {
  assertString("meteor", "hyp", hyp);
  if (!Array.isArray(refs) || refs.length === 0) {
    throw new WcError("E_ARGUMENT", "meteor: expected a non-empty array of reference strings");
  }
  refs.forEach((r, i) => assertString("meteor", `refs[${i}]`, r));
  const o = {
    alpha: options.alpha ?? 0.9,
    beta: options.beta ?? 3,
    gamma: options.gamma ?? 0.5,
    stemmer: options.stemmer ?? ((w: string) => porterStem(w)),
    synonyms: options.synonyms ?? null,
  };
  checkNumber("meteor", "alpha", o.alpha, 0, 1);
  checkNumber("meteor", "beta", o.beta, 0, 1e6);
  checkNumber("meteor", "gamma", o.gamma, 0, 1);
  let best = -Infinity;
  for (const r of refs) best = Math.max(best, single(r, hyp, o));
  return best;
}
