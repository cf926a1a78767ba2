import { WcError } from "@wc/tensor";
import { collapseWhitespace, codePoints } from "./text";

/** The sacreBLEU tokenizers this package implements. */
export type Tokenizer = "13a" | "none" | "char" | "intl";

/** The names accepted by {@link tokenize}. */
export const TOKENIZERS: readonly Tokenizer[] = Object.freeze(["13a", "none", "char", "intl"]);

// mteval-v13a "language-dependent" passes, in sacreBLEU's order.
const RE_13A_SYMBOLS = /([{-~[-` -&(-+:-@/])/gu;
const RE_13A_PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const RE_13A_PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
const RE_13A_DASH_AFTER_DIGIT = /([0-9])(-)/gu;

/**
 * The sacreBLEU `13a` tokenizer (mteval-v13a.pl): drop `<skipped>`, join hyphenated line breaks,
 * unescape four XML entities, then split punctuation and symbols except `.`/`,` inside numbers,
 * apostrophes and hyphens between letters.
 *
 * @param line - one segment
 * @returns the tokens joined by single spaces
 * @example
 * tokenize13a("It's $5 (approx.)"); // "It's $ 5 ( approx . )"
 */
export function tokenize13a(line: string): string {
  let s = line.split("<skipped>").join("");
  s = s.split("-\n").join("");
  s = s.split("\n").join(" ");
  if (s.includes("&")) {
    s = s.split("&quot;").join('"');
    s = s.split("&amp;").join("&");
    s = s.split("&lt;").join("<");
    s = s.split("&gt;").join(">");
  }
  s = ` ${s} `;
  s = s.replace(RE_13A_SYMBOLS, " $1 ");
  s = s.replace(RE_13A_PERIOD_COMMA_AFTER_NON_DIGIT, "$1 $2 ");
  s = s.replace(RE_13A_PERIOD_COMMA_BEFORE_NON_DIGIT, " $1 $2");
  s = s.replace(RE_13A_DASH_AFTER_DIGIT, "$1 $2 ");
  return collapseWhitespace(s);
}

const RE_INTL_P_AFTER_NON_N = /(\P{N})(\p{P})/gu;
const RE_INTL_P_BEFORE_NON_N = /(\p{P})(\P{N})/gu;
const RE_INTL_SYMBOL = /(\p{S})/gu;

/**
 * The sacreBLEU `intl` tokenizer (mteval-v14 international): split Unicode punctuation unless it
 * sits between digits, and isolate every Unicode symbol.
 *
 * @param line - one segment
 * @returns the tokens joined by single spaces
 * @example
 * tokenizeIntl("Hello, “world”!"); // "Hello , “ world ” !"
 */
export function tokenizeIntl(line: string): string {
  let s = line.replace(RE_INTL_P_AFTER_NON_N, "$1 $2 ");
  s = s.replace(RE_INTL_P_BEFORE_NON_N, " $1 $2");
  s = s.replace(RE_INTL_SYMBOL, " $1 ");
  return collapseWhitespace(s);
}

/**
 * The sacreBLEU `char` tokenizer: every code point becomes a token.
 *
 * @param line - one segment
 * @returns the code points joined by single spaces
 * @example
 * tokenizeChar("ab c"); // "a b   c"
 */
export function tokenizeChar(line: string): string {
  return codePoints(line).join(" ");
}

/**
 * Apply one of the sacreBLEU tokenizers by name (`none` returns the line unchanged).
 *
 * @param line - one segment
 * @param name - `13a`, `none`, `char` or `intl`
 * @returns the tokenized line (tokens separated by whitespace)
 * @throws WcError E_ARGUMENT when `name` is not a known tokenizer
 * @example
 * tokenize("U.S.A.", "13a"); // "U . S . A ."
 */
export function tokenize(line: string, name: Tokenizer): string {
  switch (name) {
    case "13a":
      return tokenize13a(line);
    case "none":
      return line;
    case "char":
      return tokenizeChar(line);
    case "intl":
      return tokenizeIntl(line);
    default:
      throw new WcError(
        "E_ARGUMENT",
        `tokenize: expected one of ${TOKENIZERS.join(", ")}, got ${JSON.stringify(name)}; language-specific tokenizers (zh, ja-mecab, spm) are not supported`,
      );
  }
}
