import { WcError } from "@wc/tensor";
import type { RatingRow } from "./rating";
import type { Id, Qrels, Run } from "./types";

function num(s: string, what: string, line: number, file: string): number {
  const v = Number(s);
  if (s.trim() === "" || !Number.isFinite(v)) throw new WcError("E_FORMAT", `${file}: line ${line}: ${what} ${JSON.stringify(s)} is not a finite number`);
  return v;
}

function lines(text: string, file: string): [number, string[]][] {
  if (typeof text !== "string") throw new WcError("E_ARGUMENT", `${file}: expected the file's text as a string`);
  const out: [number, string[]][] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const t = l.trim();
    if (t === "" || t.startsWith("#")) return;
    out.push([i + 1, t.split(/\s+/)]);
  });
  return out;
}

/**
 * Parses a TREC qrels file: `user iteration item grade` per line (whitespace separated; blank lines
 * and `#` comments ignored). Ids stay strings.
 *
 * @param text - file contents
 * @returns qrels (user -> item -> grade)
 * @throws WcError E_FORMAT for a line without 4 fields, a non-numeric grade or a repeated (user, item)
 * @example
 * parseQrels("q1 0 d1 2\nq1 0 d2 0").get("q1")?.get("d1"); // 2
 */
export function parseQrels(text: string): Qrels {
  const q: Qrels = new Map();
  for (const [ln, f] of lines(text, "parseQrels")) {
    if (f.length !== 4) throw new WcError("E_FORMAT", `parseQrels: line ${ln}: expected 4 fields 'user iter item grade', got ${f.length}`);
    const [u, , i, g] = f as [string, string, string, string];
    let m = q.get(u);
    if (!m) q.set(u, (m = new Map()));
    if (m.has(i)) throw new WcError("E_FORMAT", `parseQrels: line ${ln}: (${u}, ${i}) judged twice`);
    m.set(i, num(g, "grade", ln, "parseQrels"));
  }
  return q;
}

/**
 * Parses a TREC run file: `user Q0 item rank score tag` per line. Lists keep file order and carry
 * their scores, so {@link rankingMetrics} re-sorts them by score with its tie rule (trec_eval ignores
 * the rank column too).
 *
 * @param text - file contents
 * @returns the run
 * @throws WcError E_FORMAT for a line without 6 fields, a non-numeric score or a repeated (user, item)
 * @example
 * parseRun("q1 Q0 d1 1 2.5 sys\nq1 Q0 d2 2 1.0 sys").get("q1")?.items; // ["d1", "d2"]
 */
export function parseRun(text: string): Run {
  const acc = new Map<string, { items: string[]; scores: number[]; seen: Set<string> }>();
  for (const [ln, f] of lines(text, "parseRun")) {
    if (f.length !== 6) throw new WcError("E_FORMAT", `parseRun: line ${ln}: expected 6 fields 'user Q0 item rank score tag', got ${f.length}`);
    const [u, , i, , s] = f as [string, string, string, string, string];
    let a = acc.get(u);
    if (!a) acc.set(u, (a = { items: [], scores: [], seen: new Set() }));
    if (a.seen.has(i)) throw new WcError("E_FORMAT", `parseRun: line ${ln}: item ${i} listed twice for user ${u}`);
    a.seen.add(i);
    a.items.push(i);
    a.scores.push(num(s, "score", ln, "parseRun"));
  }
  const run: Run = new Map();
  for (const [u, a] of acc) run.set(u, { items: a.items, scores: Float64Array.from(a.scores) });
  return run;
}

/** Options of {@link parseRatings}. */
export interface ParseRatingsOptions {
  /** Field separator; default: detected from the first line among '::', tab, ',', ';' and whitespace. */
  delimiter?: string;
  /** Whether the first line is a header; default: detected (true when its rating field is not a number). */
  header?: boolean;
}

/**
 * Parses MovieLens-style rating rows `user,item,rating[,timestamp]` (ML-100k `u.data` is tab
 * separated, ML-1M uses `::`, ML-latest has a CSV header).
 *
 * @param text - file contents
 * @param o - delimiter and header detection (defaults: detected)
 * @returns rating rows with string ids
 * @throws WcError E_FORMAT for a line with fewer than 3 fields or a non-numeric rating/timestamp
 * @example
 * parseRatings("userId,movieId,rating\n1,31,2.5")[0]?.rating; // 2.5
 */
export function parseRatings(text: string, o: ParseRatingsOptions = {}): RatingRow[] {
  if (typeof text !== "string") throw new WcError("E_ARGUMENT", "parseRatings: expected the file's text as a string");
  const raw = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (raw.length === 0) return [];
  const first = raw[0] as string;
  const delim = o.delimiter ?? ["::", "\t", ",", ";"].find((d) => first.includes(d));
  const split = (l: string): string[] => (delim === undefined ? l.trim().split(/\s+/) : l.split(delim).map((x) => x.trim()));
  const firstFields = split(first);
  const header = o.header ?? (firstFields.length >= 3 && ((firstFields[2] as string) === "" || !Number.isFinite(Number(firstFields[2]))));
  const rows: RatingRow[] = [];
  raw.forEach((l, idx) => {
    if (idx === 0 && header) return;
    const f = split(l);
    const ln = idx + 1;
    if (f.length < 3) throw new WcError("E_FORMAT", `parseRatings: line ${ln}: expected 'user,item,rating[,timestamp]', got ${f.length} field(s)`);
    const row: RatingRow = { user: f[0] as string, item: f[1] as string, rating: num(f[2] as string, "rating", ln, "parseRatings") };
    if (f.length >= 4 && (f[3] as string) !== "") row.timestamp = num(f[3] as string, "timestamp", ln, "parseRatings");
    rows.push(row);
  });
  return rows;
}

/**
 * Qrels from rating rows (grade = rating). Repeated (user, item) rows are rejected.
 *
 * @param rows - rating rows
 * @returns qrels
 * @throws WcError E_FORMAT when a (user, item) pair repeats; E_RANGE for a non-finite rating
 * @example
 * qrelsFromRatings([{ user: "1", item: "9", rating: 4 }]).get("1")?.get("9"); // 4
 */
export function qrelsFromRatings(rows: readonly RatingRow[]): Qrels {
  const q: Qrels = new Map();
  for (const r of rows) {
    if (!Number.isFinite(r.rating)) throw new WcError("E_RANGE", `qrelsFromRatings: rating of (${String(r.user)}, ${String(r.item)}) is not finite`);
    let m = q.get(r.user);
    if (!m) q.set(r.user, (m = new Map()));
    if (m.has(r.item)) throw new WcError("E_FORMAT", `qrelsFromRatings: (${String(r.user)}, ${String(r.item)}) appears twice`);
    m.set(r.item, r.rating);
  }
  return q;
}

/**
 * A run from predicted-rating rows: each user's items with their predictions as scores (sorted by
 * {@link rankingMetrics}).
 *
 * @param rows - prediction rows (rating = predicted score)
 * @returns the run
 * @throws WcError E_FORMAT when a (user, item) pair repeats
 * @example
 * runFromRatings([{ user: "1", item: "9", rating: 4.2 }]).get("1")?.items; // ["9"]
 */
export function runFromRatings(rows: readonly RatingRow[]): Run {
  const acc = new Map<Id, { items: Id[]; scores: number[]; seen: Set<string> }>();
  for (const r of rows) {
    let a = acc.get(r.user);
    if (!a) acc.set(r.user, (a = { items: [], scores: [], seen: new Set() }));
    if (a.seen.has(String(r.item))) throw new WcError("E_FORMAT", `runFromRatings: (${String(r.user)}, ${String(r.item)}) appears twice`);
    a.seen.add(String(r.item));
    a.items.push(r.item);
    a.scores.push(r.rating);
  }
  const run: Run = new Map();
  for (const [u, a] of acc) run.set(u, { items: a.items, scores: Float64Array.from(a.scores) });
  return run;
}

/**
 * Qrels from parsed JSON `{ user: { item: grade } }`.
 *
 * @param obj - parsed JSON
 * @returns qrels with string ids
 * @throws WcError E_FORMAT when the shape is wrong or a grade is not a finite number
 * @example
 * qrelsFromJson({ u1: { a: 1 } }).get("u1")?.get("a"); // 1
 */
export function qrelsFromJson(obj: unknown): Qrels {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new WcError("E_FORMAT", "qrelsFromJson: expected an object { user: { item: grade } }");
  const q: Qrels = new Map();
  for (const [u, m] of Object.entries(obj as Record<string, unknown>)) {
    if (m === null || typeof m !== "object" || Array.isArray(m)) throw new WcError("E_FORMAT", `qrelsFromJson: qrels of user ${u} must be an object { item: grade }`);
    const inner = new Map<Id, number>();
    for (const [i, g] of Object.entries(m as Record<string, unknown>)) {
      if (typeof g !== "number" || !Number.isFinite(g)) throw new WcError("E_FORMAT", `qrelsFromJson: grade of (${u}, ${i}) must be a finite number, got ${JSON.stringify(g)}`);
      inner.set(i, g);
    }
    q.set(u, inner);
  }
  return q;
}

/**
 * A run from parsed JSON: `{ user: [item, ...] }` (ranked lists) or `{ user: { item: score } }`
 * (scored items, sorted later with the tie rule).
 *
 * @param obj - parsed JSON
 * @returns the run with string ids (items given as numbers stay numbers)
 * @throws WcError E_FORMAT when the shape is wrong or a score is not a finite number
 * @example
 * runFromJson({ u1: ["b", "a"] }).get("u1")?.items; // ["b", "a"]
 */
export function runFromJson(obj: unknown): Run {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new WcError("E_FORMAT", "runFromJson: expected an object { user: [items] | { item: score } }");
  const run: Run = new Map();
  for (const [u, v] of Object.entries(obj as Record<string, unknown>)) {
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x !== "string" && typeof x !== "number") throw new WcError("E_FORMAT", `runFromJson: items of user ${u} must be strings or numbers, got ${JSON.stringify(x)}`);
      run.set(u, { items: v as Id[] });
    } else if (v !== null && typeof v === "object") {
      const items: Id[] = [];
      const scores: number[] = [];
      for (const [i, s] of Object.entries(v as Record<string, unknown>)) {
        if (typeof s !== "number" || !Number.isFinite(s)) throw new WcError("E_FORMAT", `runFromJson: score of (${u}, ${i}) must be a finite number, got ${JSON.stringify(s)}`);
        items.push(i);
        scores.push(s);
      }
      run.set(u, { items, scores: Float64Array.from(scores) });
    } else {
      throw new WcError("E_FORMAT", `runFromJson: run of user ${u} must be an array of items or an object { item: score }`);
    }
  }
  return run;
}
