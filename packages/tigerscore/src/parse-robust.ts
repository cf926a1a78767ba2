import type { TigerError, TigerResult } from "./types";

const LABELS: Record<string, keyof Fields> = {
  "error location": "location",
  "error aspect": "aspect",
  explanation: "explanation",
  severity: "severity",
  "score reduction": "reduction",
};

interface Fields {
  location?: string;
  aspect?: string;
  explanation?: string;
  severity?: string;
  reduction?: string;
}

const FIELD_LINE = /^\s*["']?(error location|error aspect|explanation|severity|score reduction)\s*(\d+)\s*:[ \t]*(.*)$/i;
const HEADER_N = /contains\s+(\d+)\s+errors?/i;
const HEADER_T = /total\s+score\s+reduction\s+of\s+(-?\d+(?:\.\d+)?)/i;
const NUMBER = /-?\d+(?:\.\d+)?/;

/**
 * The robust, line-based parser: accepts `\r\n`, extra spaces, a missing trailing newline, values
 * over several lines (continuation lines join with "\n" until the next label) and indices out of
 * order (errors are grouped by index and sorted). Each reduction is the first number in its value.
 * Score = −Σ reductions when at least one error parsed; with no error lines, a header with 0 errors
 * gives 0 and a header total alone gives −T (full decimal). Warnings: header count ≠ parsed count,
 * |T − Σ r| > 1e-6, a reduction outside [0.5, 5] or missing, a severity other than Major/Minor.
 * `ok` is false (score null) only when nothing parses.
 *
 * @param raw - the model output
 * @returns the result
 * @example
 * parseRobust("The model-generated output contains 0 errors, with a total score reduction of 0.").score; // 0
 */
export function parseRobust(raw: string): TigerResult {
  const text = raw.replace(/\r\n?/g, "\n");
  const warnings: string[] = [];
  const byIndex = new Map<number, Fields>();
  let current: { fields: Fields; key: keyof Fields } | null = null;
  for (const line of text.split("\n")) {
    const m = FIELD_LINE.exec(line);
    if (m) {
      const idx = Number(m[2]);
      let f = byIndex.get(idx);
      if (!f) byIndex.set(idx, (f = {}));
      const key = LABELS[m[1]!.toLowerCase()]!;
      if (f[key] !== undefined) warnings.push(`error ${idx}: repeated ${m[1]} label; the later value wins`);
      f[key] = m[3]!;
      current = { fields: f, key };
    } else if (current !== null) {
      current.fields[current.key] = `${current.fields[current.key]}\n${line}`;
    }
  }
  const hn = HEADER_N.exec(text);
  const ht = HEADER_T.exec(text);
  const headerN = hn ? Number(hn[1]) : undefined;
  const headerT = ht ? Math.abs(Number(ht[1])) : undefined;
  const errors: TigerError[] = [];
  let sum = 0;
  for (const idx of [...byIndex.keys()].sort((a, b) => a - b)) {
    const f = byIndex.get(idx)!;
    const clean = (s: string | undefined): string => (s ?? "").trim();
    const rm = NUMBER.exec(f.reduction ?? "");
    let r = rm ? Number(rm[0]) : 0;
    if (!rm) warnings.push(`error ${idx}: no score reduction; counted as 0`);
    if (r < 0) {
      warnings.push(`error ${idx}: negative score reduction ${r}; its magnitude is used`);
      r = -r;
    }
    if (rm && (r < 0.5 || r > 5)) warnings.push(`error ${idx}: score reduction ${r} outside [0.5, 5]`);
    const severity = clean(f.severity);
    if (severity !== "Major" && severity !== "Minor") warnings.push(`error ${idx}: severity ${JSON.stringify(severity)} is not Major or Minor`);
    errors.push({ location: clean(f.location), aspect: clean(f.aspect), explanation: clean(f.explanation), severity, reduction: r });
    sum += r;
  }
  const base = { raw, errors, warnings } as const;
  const withTotal = (x: TigerResult): TigerResult => (headerT === undefined ? x : { ...x, headerTotal: headerT });
  if (errors.length > 0) {
    if (headerN !== undefined && headerN !== errors.length) warnings.push(`header says ${headerN} errors but ${errors.length} were parsed`);
    if (headerT !== undefined && Math.abs(headerT - sum) > 1e-6) warnings.push(`header total ${headerT} differs from the sum of reductions ${sum}`);
    return withTotal({ ...base, score: sum === 0 ? 0 : -sum, numErrors: errors.length, ok: true });
  }
  if (headerN === 0) return withTotal({ ...base, score: 0, numErrors: 0, ok: true });
  if (headerT !== undefined) {
    if (headerN !== undefined) warnings.push(`header says ${headerN} errors but none were parsed; scored from the header total`);
    return withTotal({ ...base, score: headerT === 0 ? 0 : -headerT, numErrors: headerN ?? null, ok: true });
  }
  warnings.push(headerN !== undefined ? `header says ${headerN} errors but no error or total parsed` : "nothing in the TIGERScore output grammar was found");
  return { ...base, score: null, numErrors: headerN ?? null, ok: false };
}
