/**
 * Python `str` semantics that the reference tools rely on: whitespace as `str.split()` sees it
 * (which differs from JavaScript's `\s`: \x1c-\x1f and \x85 are whitespace, \ufeff is not) and
 * iteration by Unicode code point rather than UTF-16 unit.
 */

/** Character class body of Python's `str.isspace()` characters. */
export const PY_WS_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, "u");
const WS_RUN_G = new RegExp(`[${PY_WS_CLASS}]+`, "gu");
const WS_TRAIL = new RegExp(`[${PY_WS_CLASS}]+$`, "u");
const WS_LEAD = new RegExp(`^[${PY_WS_CLASS}]+`, "u");

/**
 * Python `s.split()` with no argument: split on runs of whitespace, dropping empty pieces.
 *
 * @param s - the text
 * @returns the non-empty whitespace-separated pieces
 * @example
 * pySplit(" a\x1cb  c "); // ["a", "b", "c"]
 */
export function pySplit(s: string): string[] {
  if (s.length === 0) return [];
  const parts = s.split(WS_RUN);
  const out: string[] = [];
  for (const p of parts) if (p.length > 0) out.push(p);
  return out;
}

/**
 * Python `s.rstrip()`.
 *
 * @param s - the text
 * @returns `s` without trailing Python whitespace
 * @example
 * pyRstrip("a \u00a0"); // "a"
 */
export function pyRstrip(s: string): string {
  return s.replace(WS_TRAIL, "");
}

/**
 * Python `s.strip()`.
 *
 * @param s - the text
 * @returns `s` without leading or trailing Python whitespace
 * @example
 * pyStrip("\x1f a "); // "a"
 */
export function pyStrip(s: string): string {
  return s.replace(WS_LEAD, "").replace(WS_TRAIL, "");
}

/**
 * Remove every Python whitespace character (`"".join(s.split())`).
 *
 * @param s - the text
 * @returns `s` with all whitespace removed
 * @example
 * removeWhitespace("a b\tc"); // "abc"
 */
export function removeWhitespace(s: string): string {
  return s.replace(WS_RUN_G, "");
}

/**
 * Collapse whitespace runs into one space and trim (`" ".join(s.split())`).
 *
 * @param s - the text
 * @returns the normalised text
 * @example
 * collapseWhitespace("  a   b "); // "a b"
 */
export function collapseWhitespace(s: string): string {
  return pySplit(s).join(" ");
}

/**
 * Split a string into Unicode code points (Python's indexing unit).
 *
 * @param s - the text
 * @returns one string per code point
 * @example
 * codePoints("a😀"); // ["a", "😀"]
 */
export function codePoints(s: string): string[] {
  return Array.from(s);
}
