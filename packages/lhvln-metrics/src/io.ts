import { WcError } from "@wc/tensor";
import type { EpisodeRecord } from "./types";

/**
 * Parses episode records from JSON text: an array, an object `{ episodes: [...] }`, or JSONL (one
 * record per line; blank lines ignored). Records are checked later by the metric functions.
 *
 * @param text - file contents
 * @returns the records
 * @throws WcError E_FORMAT for invalid JSON (with the JSONL line number) or a top level that is neither an array, `{ episodes }` nor JSONL objects
 * @example
 * parseEpisodes('{"subtaskSuccess":[true],"gtSteps":[3]}\n{"subtaskSuccess":[false],"gtSteps":[2]}').length; // 2
 */
export function parseEpisodes(text: string): EpisodeRecord[] {
  if (typeof text !== "string") throw new WcError("E_ARGUMENT", "parseEpisodes: expected the file's text as a string");
  const t = text.trim();
  if (t === "") return [];
  let whole: unknown;
  let ok = true;
  try {
    whole = JSON.parse(t);
  } catch {
    ok = false;
  }
  if (ok) return fromValue(whole);
  const out: EpisodeRecord[] = [];
  t.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new WcError("E_FORMAT", `parseEpisodes: line ${i + 1} is not valid JSON (${(e as Error).message}); give a JSON array, { episodes: [...] } or JSONL`);
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new WcError("E_FORMAT", `parseEpisodes: line ${i + 1} must be one episode object`);
    out.push(v as EpisodeRecord);
  });
  return out;
}

/**
 * Episode records from an already parsed JSON value (array, `{ episodes: [...] }` or one record).
 *
 * @param v - parsed JSON
 * @returns the records
 * @throws WcError E_FORMAT when the value has none of those shapes
 * @example
 * episodesFromJson({ episodes: [{ subtaskSuccess: [true], gtSteps: [1] }] }).length; // 1
 */
export function episodesFromJson(v: unknown): EpisodeRecord[] {
  return fromValue(v);
}

function fromValue(v: unknown): EpisodeRecord[] {
  if (Array.isArray(v)) return v as EpisodeRecord[];
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.episodes)) return o.episodes as EpisodeRecord[];
    if (Array.isArray(o.subtaskSuccess)) return [o as unknown as EpisodeRecord];
  }
  throw new WcError("E_FORMAT", "parseEpisodes: expected a JSON array of episodes, an object { episodes: [...] }, one episode object, or JSONL");
}
