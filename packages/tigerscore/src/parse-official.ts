import type { TigerError, TigerResult } from "./types";

/**
 * The official parser (`TIGERScorer.decode_tigerscore_output`) reproduced with its quirks: the
 * total is the integer part only (`\d+`, so "8.5" → 8) and the score is minus that integer; each
 * field needs a newline after its value; the reduction needs a newline before its label; the five
 * lists must have equal length, else (or on any header miss) score, numErrors and errors are null.
 * Python's `.` (anything but "\n", so "\r" included) is written `[^\n]` here. When no field label
 * matches at all, the five lists are equally empty and the official parser succeeds with the
 * header's score and no errors; this is reproduced.
 *
 * @param raw - the model output
 * @returns the result (`ok` false when the official parser would have raised)
 * @example
 * parseOfficial("The model-generated output contains 0 errors, with a total score reduction of 0.").score; // 0
 */
export function parseOfficial(raw: string): TigerResult {
  const fail = (why: string): TigerResult => ({ score: null, numErrors: null, errors: [], raw, ok: false, warnings: [why] });
  const n = /(?<=The model-generated output contains )\d+(?= errors)/.exec(raw);
  const t = /(?<=, with a total score reduction of )\d+/.exec(raw);
  if (!n || !t) return fail("official parser: header not found");
  const all = (re: RegExp): string[] => [...raw.matchAll(re)].map((m) => m[1] ?? m[0]);
  const loc = all(/(?<=Error location \d+:[ \n]*)[^\n]*?(?=\n)/g);
  const asp = all(/(?<=Error aspect \d+:[ \n]*)[^\n]*?(?=\n)/g);
  const exp = all(/(?<=Explanation \d+:[ \n]*)[^\n]*?(?=\n)/g);
  const sev = all(/(?<=Severity \d+:[ \n]*)[^\n]*?(?=\n)/g);
  const red = all(/(?<=\nScore reduction \d+:[ \n]*)(\d+\.\d+|\d+)/g);
  if (!(loc.length === asp.length && asp.length === exp.length && exp.length === sev.length && sev.length === red.length)) {
    return fail(`official parser: field counts differ (${loc.length}, ${asp.length}, ${exp.length}, ${sev.length}, ${red.length})`);
  }
  const strip = (s: string): string => s.replace(/^[\n ]+|[\n ]+$/g, "");
  const errors: TigerError[] = loc.map((_, i) => ({
    location: strip(loc[i]!),
    aspect: strip(asp[i]!),
    explanation: strip(exp[i]!),
    severity: strip(sev[i]!),
    reduction: Number(strip(red[i]!)),
  }));
  const total = Number(t[0]);
  return { score: total === 0 ? 0 : -total, numErrors: Number(n[0]), errors, raw, ok: true, warnings: [], headerTotal: total };
}
