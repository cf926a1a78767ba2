import { WcError } from "@wc/tensor";

/** Porter stemmer variants: NLTK's default `NLTK_EXTENSIONS` or Porter's `ORIGINAL_ALGORITHM`. */
export type PorterMode = "nltk" | "original";

const IRREGULAR: Record<string, string[]> = {
  sky: ["sky", "skies"],
  die: ["dying"],
  lie: ["lying"],
  tie: ["tying"],
  news: ["news"],
  inning: ["innings", "inning"],
  outing: ["outings", "outing"],
  canning: ["cannings", "canning"],
  howe: ["howe"],
  proceed: ["proceed"],
  exceed: ["exceed"],
  succeed: ["succeed"],
};
const POOL = new Map<string, string>();
for (const [k, vs] of Object.entries(IRREGULAR)) for (const v of vs) POOL.set(v, k);

const VOWELS = new Set(["a", "e", "i", "o", "u"]);

type W = string[]; // a word as code points

class Stemmer {
  constructor(readonly nltk: boolean) {}

  isConsonant(w: W, i: number): boolean {
    if (VOWELS.has(w[i]!)) return false;
    if (w[i] === "y") return i === 0 ? true : !this.isConsonant(w, i - 1);
    return true;
  }

  measure(stem: W): number {
    let m = 0;
    let prevVowel = false;
    for (let i = 0; i < stem.length; i++) {
      const c = this.isConsonant(stem, i);
      if (c && prevVowel) m++;
      prevVowel = !c;
    }
    return m;
  }

  containsVowel(stem: W): boolean {
    for (let i = 0; i < stem.length; i++) if (!this.isConsonant(stem, i)) return true;
    return false;
  }

  endsDoubleConsonant(w: W): boolean {
    const n = w.length;
    return n >= 2 && w[n - 1] === w[n - 2] && this.isConsonant(w, n - 1);
  }

  endsCvc(w: W): boolean {
    const n = w.length;
    return (
      (n >= 3 &&
        this.isConsonant(w, n - 3) &&
        !this.isConsonant(w, n - 2) &&
        this.isConsonant(w, n - 1) &&
        !["w", "x", "y"].includes(w[n - 1]!)) ||
      (this.nltk && n === 2 && !this.isConsonant(w, 0) && this.isConsonant(w, 1))
    );
  }
}

function endsWith(w: W, suffix: string): boolean {
  const s = Array.from(suffix);
  if (s.length > w.length) return false;
  for (let k = 0; k < s.length; k++) if (w[w.length - s.length + k] !== s[k]) return false;
  return true;
}

function cut(w: W, suffix: string): W {
  return w.slice(0, w.length - Array.from(suffix).length);
}

type Rule = [suffix: string, replacement: string, cond: ((stem: W) => boolean) | null];

function applyRules(st: Stemmer, w: W, rules: Rule[]): W {
  for (const [suffix, repl, cond] of rules) {
    if (suffix === "*d" && st.endsDoubleConsonant(w)) {
      const stem = w.slice(0, -2);
      return cond === null || cond(stem) ? [...stem, ...Array.from(repl)] : w;
    }
    if (endsWith(w, suffix)) {
      const stem = cut(w, suffix);
      return cond === null || cond(stem) ? [...stem, ...Array.from(repl)] : w;
    }
  }
  return w;
}

function step1a(st: Stemmer, w: W): W {
  if (st.nltk && endsWith(w, "ies") && w.length === 4) return [...cut(w, "ies"), "i", "e"];
  return applyRules(st, w, [
    ["sses", "ss", null],
    ["ies", "i", null],
    ["ss", "ss", null],
    ["s", "", null],
  ]);
}

function step1b(st: Stemmer, w: W): W {
  if (st.nltk && endsWith(w, "ied")) {
    return w.length === 4 ? [...cut(w, "ied"), "i", "e"] : [...cut(w, "ied"), "i"];
  }
  if (endsWith(w, "eed")) {
    const stem = cut(w, "eed");
    return st.measure(stem) > 0 ? [...stem, "e", "e"] : w;
  }
  let inter: W | null = null;
  for (const suf of ["ed", "ing"]) {
    if (endsWith(w, suf)) {
      const s = cut(w, suf);
      if (st.containsVowel(s)) {
        inter = s;
        break;
      }
    }
  }
  if (inter === null) return w;
  const last = inter[inter.length - 1]!;
  const im = inter;
  return applyRules(st, im, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    ["*d", last, () => !["l", "s", "z"].includes(last)],
    ["", "e", (stem) => st.measure(stem) === 1 && st.endsCvc(stem)],
  ]);
}

function step1c(st: Stemmer, w: W): W {
  const cond = st.nltk
    ? (stem: W) => stem.length > 1 && st.isConsonant(stem, stem.length - 1)
    : (stem: W) => st.containsVowel(stem);
  return applyRules(st, w, [["y", "i", cond]]);
}

function step2(st: Stemmer, w: W): W {
  const pos = (stem: W): boolean => st.measure(stem) > 0;
  if (st.nltk && endsWith(w, "alli") && pos(cut(w, "alli"))) return step2(st, [...cut(w, "alli"), "a", "l"]);
  const rules: Rule[] = [
    ["ational", "ate", pos],
    ["tional", "tion", pos],
    ["enci", "ence", pos],
    ["anci", "ance", pos],
    ["izer", "ize", pos],
    st.nltk ? ["bli", "ble", pos] : ["abli", "able", pos],
    ["alli", "al", pos],
    ["entli", "ent", pos],
    ["eli", "e", pos],
    ["ousli", "ous", pos],
    ["ization", "ize", pos],
    ["ation", "ate", pos],
    ["ator", "ate", pos],
    ["alism", "al", pos],
    ["iveness", "ive", pos],
    ["fulness", "ful", pos],
    ["ousness", "ous", pos],
    ["aliti", "al", pos],
    ["iviti", "ive", pos],
    ["biliti", "ble", pos],
  ];
  if (st.nltk) {
    rules.push(["fulli", "ful", pos]);
    rules.push(["logi", "log", () => pos(w.slice(0, -3))]);
  }
  return applyRules(st, w, rules);
}

function step3(st: Stemmer, w: W): W {
  const pos = (stem: W): boolean => st.measure(stem) > 0;
  return applyRules(st, w, [
    ["icate", "ic", pos],
    ["ative", "", pos],
    ["alize", "al", pos],
    ["iciti", "ic", pos],
    ["ical", "ic", pos],
    ["ful", "", pos],
    ["ness", "", pos],
  ]);
}

function step4(st: Stemmer, w: W): W {
  const gt1 = (stem: W): boolean => st.measure(stem) > 1;
  return applyRules(st, w, [
    ["al", "", gt1],
    ["ance", "", gt1],
    ["ence", "", gt1],
    ["er", "", gt1],
    ["ic", "", gt1],
    ["able", "", gt1],
    ["ible", "", gt1],
    ["ant", "", gt1],
    ["ement", "", gt1],
    ["ment", "", gt1],
    ["ent", "", gt1],
    ["ion", "", (stem) => st.measure(stem) > 1 && (stem[stem.length - 1] === "s" || stem[stem.length - 1] === "t")],
    ["ou", "", gt1],
    ["ism", "", gt1],
    ["ate", "", gt1],
    ["iti", "", gt1],
    ["ous", "", gt1],
    ["ive", "", gt1],
    ["ize", "", gt1],
  ]);
}

function step5a(st: Stemmer, w: W): W {
  if (endsWith(w, "e")) {
    const stem = w.slice(0, -1);
    if (st.measure(stem) > 1) return stem;
    if (st.measure(stem) === 1 && !st.endsCvc(stem)) return stem;
  }
  return w;
}

function step5b(st: Stemmer, w: W): W {
  return applyRules(st, w, [["ll", "l", () => st.measure(w.slice(0, -1)) > 1]]);
}

const NLTK = new Stemmer(true);
const ORIGINAL = new Stemmer(false);

/**
 * The Porter stemmer exactly as NLTK's `PorterStemmer` (default `NLTK_EXTENSIONS` mode: the
 * irregular-form pool, `ies`/`ied` on 4-letter words, y→i only after a consonant, the extra
 * `bli`/`alli`/`fulli`/`logi` rules, words of ≤ 2 letters untouched) or in `ORIGINAL_ALGORITHM`
 * mode. The word is lowercased first, as NLTK does. Parity matters for METEOR and for ROUGE with
 * stemming.
 *
 * @param word - one word
 * @param mode - `'nltk'` (default) or `'original'`
 * @returns the stem
 * @throws WcError E_ARGUMENT for an unknown mode or a non-string word
 * @example
 * porterStem("generously"); // "gener"
 */
export function porterStem(word: string, mode: PorterMode = "nltk"): string {
  if (typeof word !== "string") throw new WcError("E_ARGUMENT", `porterStem: expected a string, got ${typeof word}`);
  if (mode !== "nltk" && mode !== "original") {
    throw new WcError("E_ARGUMENT", `porterStem: expected mode 'nltk' or 'original', got ${JSON.stringify(mode)}`);
  }
  const st = mode === "nltk" ? NLTK : ORIGINAL;
  const lower = word.toLowerCase();
  // NLTK looks the *original* word up in the pool but returns the entry of the lowercased one.
  if (st.nltk && POOL.has(word)) return POOL.get(lower) as string;
  let w: W = Array.from(lower);
  if (st.nltk && Array.from(word).length <= 2) return lower;
  w = step1a(st, w);
  w = step1b(st, w);
  w = step1c(st, w);
  w = step2(st, w);
  w = step3(st, w);
  w = step4(st, w);
  w = step5a(st, w);
  w = step5b(st, w);
  return w.join("");
}
