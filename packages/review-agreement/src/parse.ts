/** Result of {@link parseLlmReview}. */
export interface ParsedReview {
  rating?: number;
  confidence?: number;
  ideaRating?: number;
  ideaConfidence?: number;
  /** True when at least one rating (full text or idea) was parsed and lies in [1, 10]. */
  ok: boolean;
}

type Field = "rating" | "confidence" | "ideaRating" | "ideaConfidence";

// [field, nested path, flat key(s)] as in LMRSD's src/util/schema.py and the post-publication prompt
const FIELDS: [Field, string[], string[]][] = [
  ["rating", ["peer_review_paper_content", "review_rating"], ["full_text_review_rating", "review_rating"]],
  ["confidence", ["peer_review_paper_content", "review_confidence"], ["full_text_review_confidence", "review_confidence"]],
  ["ideaRating", ["peer_review_paper_idea", "idea_only_review_rating"], ["idea_only_review_rating"]],
  ["ideaConfidence", ["peer_review_paper_idea", "idea_only_review_confidence"], ["idea_only_review_confidence"]],
];

function scoreOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  if (v && typeof v === "object" && "score" in v) return scoreOf((v as { score: unknown }).score);
  return undefined;
}

function fromObject(o: Record<string, unknown>): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  for (const [f, path, flat] of FIELDS) {
    let cur: unknown = o;
    for (const k of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
    let v = scoreOf(cur);
    for (const k of flat) if (v === undefined) v = scoreOf(o[k]);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function tryJson(s: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function lenient(s: string): Record<string, unknown> | null {
  const t = s
    .replace(/'/g, '"')
    .replace(/,\s*([}\]])/g, "$1")
    .replace(/\bTrue\b/g, "true")
    .replace(/\bFalse\b/g, "false")
    .replace(/\bNone\b/g, "null");
  return tryJson(t);
}

function byRegex(s: string): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  const num = String.raw`(-?\d+(?:\.\d+)?)`;
  for (const [f, path, flat] of FIELDS) {
    for (const k of [...flat, path[1]!]) {
      const direct = new RegExp(String.raw`["']${k}["']\s*:\s*${num}`).exec(s);
      const nested = new RegExp(String.raw`["']${k}["']\s*:\s*\{[^{}]*?["']score["']\s*:\s*${num}`).exec(s);
      const m = direct ?? nested;
      if (m) {
        out[f] = Number(m[1]);
        break;
      }
    }
  }
  return out;
}

/**
 * Parses an LLM review (LMRSD's nested `peer_review_paper_content.review_rating.score` schema or the
 * flat `full_text_review_rating` / `idea_only_review_rating` schema of the post-publication prompt):
 * strips code fences and anything outside the outermost braces (e.g. a reasoning model's
 * chain-of-thought), tries JSON, then a lenient parse (single quotes, trailing commas, Python literals),
 * then a regex for `"<key>": <number>`. Values outside [1, 10] are treated as invalid (left out).
 *
 * @param raw - the model's raw output text.
 * @returns the scores found and `ok` (at least one valid rating).
 * @example
 * parseLlmReview("```json\n{\"full_text_review_rating\": 7, \"full_text_review_confidence\": 9}\n```");
 * // { rating: 7, confidence: 9, ok: true }
 */
export function parseLlmReview(raw: string): ParsedReview {
  const text = typeof raw === "string" ? raw : "";
  let body = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  const fence = /```(?:json|JSON|python)?\s*([\s\S]*?)```/.exec(body);
  if (fence) body = fence[1]!;
  const a = body.indexOf("{");
  const b = body.lastIndexOf("}");
  const obj = a >= 0 && b > a ? tryJson(body.slice(a, b + 1)) ?? lenient(body.slice(a, b + 1)) : null;
  let found = obj ? fromObject(obj) : {};
  if (Object.keys(found).length === 0) found = byRegex(body);
  if (Object.keys(found).length === 0 && body !== text) found = byRegex(text);
  const out: ParsedReview = { ok: false };
  for (const [k, v] of Object.entries(found) as [Field, number][]) if (v >= 1 && v <= 10) out[k] = v;
  out.ok = out.rating !== undefined || out.ideaRating !== undefined;
  return out;
}
