import { WcError } from "@wc/tensor";
import { parseLlmReview } from "./parse";
import type { HumanReview, PaperRecord } from "./types";

type Rec = Record<string, unknown>;

function numOrUndef(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new WcError("E_FORMAT", `${where} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function toRecord(r: unknown, at: string): PaperRecord {
  if (!r || typeof r !== "object" || Array.isArray(r)) throw new WcError("E_FORMAT", `readPaperRecords: ${at} must be a JSON object`);
  const o = r as Rec;
  const id = o.paperId ?? o.paper_id ?? o.id;
  if (typeof id !== "string" && typeof id !== "number") throw new WcError("E_FORMAT", `readPaperRecords: ${at} has no paperId`);
  const humanRaw = o.human ?? [];
  if (!Array.isArray(humanRaw)) throw new WcError("E_FORMAT", `readPaperRecords: ${at}.human must be an array of { rating, confidence? }`);
  const human: HumanReview[] = humanRaw.map((h, k) => {
    const hr = (typeof h === "number" ? { rating: h } : h) as Rec;
    const rating = numOrUndef(hr?.rating, `readPaperRecords: ${at}.human[${k}].rating`);
    if (rating === undefined) throw new WcError("E_FORMAT", `readPaperRecords: ${at}.human[${k}] has no rating`);
    const confidence = numOrUndef(hr.confidence, `readPaperRecords: ${at}.human[${k}].confidence`);
    return confidence === undefined ? { rating } : { rating, confidence };
  });
  const rec: PaperRecord = { paperId: String(id), human };
  if (typeof o.field === "string") rec.field = o.field;
  const year = numOrUndef(o.year, `readPaperRecords: ${at}.year`);
  if (year !== undefined) rec.year = year;
  if (o.llm && typeof o.llm === "object") {
    const l = o.llm as Rec;
    const rating = numOrUndef(l.rating, `readPaperRecords: ${at}.llm.rating`);
    if (rating !== undefined) {
      rec.llm = { rating };
      for (const k of ["confidence", "ideaRating", "ideaConfidence"] as const) {
        const v = numOrUndef(l[k], `readPaperRecords: ${at}.llm.${k}`);
        if (v !== undefined) rec.llm[k] = v;
      }
    }
  } else if (typeof o.llmRaw === "string" || typeof o.llm_raw === "string") {
    const p = parseLlmReview((o.llmRaw ?? o.llm_raw) as string);
    if (p.ok && p.rating !== undefined) {
      rec.llm = { rating: p.rating };
      if (p.confidence !== undefined) rec.llm.confidence = p.confidence;
      if (p.ideaRating !== undefined) rec.llm.ideaRating = p.ideaRating;
      if (p.ideaConfidence !== undefined) rec.llm.ideaConfidence = p.ideaConfidence;
    }
  }
  if (o.outcomes && typeof o.outcomes === "object") {
    const oc = o.outcomes as Rec;
    rec.outcomes = {};
    for (const k of ["citations", "novelty", "disruption"] as const) {
      const v = numOrUndef(oc[k], `readPaperRecords: ${at}.outcomes.${k}`);
      if (v !== undefined) rec.outcomes[k] = v;
    }
    for (const k of ["hit1", "hit5", "hit10"] as const) if (typeof oc[k] === "boolean") rec.outcomes[k] = oc[k] as boolean;
  }
  return rec;
}

/**
 * Reads paper records from JSON (an array or `{ papers: [...] }`) or JSONL. Each record:
 * `paperId`, optional `field`/`year`, `human` (array of `{ rating, confidence? }` or bare ratings),
 * `llm` (`{ rating, confidence?, ideaRating?, ideaConfidence? }`) or `llmRaw` (the model's raw review
 * text, parsed with {@link parseLlmReview}; unparseable text leaves `llm` unset), optional `outcomes`.
 *
 * @param text - file contents.
 * @returns the records.
 * @throws {WcError} `E_FORMAT` for invalid JSON or malformed records; `E_SHAPE` for no records.
 * @example
 * readPaperRecords('{"paperId":"p1","human":[6,5],"llm":{"rating":8}}')[0].human.length; // 2
 */
export function readPaperRecords(text: string): PaperRecord[] {
  const t = text.trim();
  let recs: PaperRecord[];
  if (t.startsWith("[") || (t.startsWith("{") && /^\{\s*"papers"/.test(t))) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      throw new WcError("E_FORMAT", `readPaperRecords: invalid JSON (${(e as Error).message})`);
    }
    const arr = Array.isArray(v) ? v : (v as Rec).papers;
    if (!Array.isArray(arr)) throw new WcError("E_FORMAT", "readPaperRecords: expected an array of records or { papers: [...] }");
    recs = arr.map((r, i) => toRecord(r, `record ${i}`));
  } else {
    recs = [];
    t.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw new WcError("E_FORMAT", `readPaperRecords: line ${i + 1} is not valid JSON (${(e as Error).message})`);
      }
      recs.push(toRecord(v, `line ${i + 1}`));
    });
  }
  if (recs.length === 0) throw new WcError("E_SHAPE", "readPaperRecords: no records");
  return recs;
}
