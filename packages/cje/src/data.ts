import { WcError } from "@wc/tensor";
import type { Sample } from "./types";

/** Samples read from a JSONL file: logged responses and fresh draws grouped by policy. */
export interface CjeData {
  /** Responses of the logging policy, with log-probabilities. */
  logged: Sample[];
  /** Fresh draws per policy (records with a `policy` field). */
  fresh: Record<string, Sample[]>;
}

type Rec = Record<string, unknown>;

function pick(r: Rec, meta: Rec, keys: string[]): unknown {
  for (const k of keys) if (r[k] !== undefined) return r[k];
  for (const k of keys) if (meta[k] !== undefined) return meta[k];
  return undefined;
}

function num(v: unknown, line: number, key: string, allowNull: boolean): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) {
    if (allowNull) return null;
    throw new WcError("E_FORMAT", `readCjeJsonl: line ${line}: ${key} is null`);
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw new WcError("E_FORMAT", `readCjeJsonl: line ${line}: ${key} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Parses JSONL records (cje's arena_sample layout or camelCase): `prompt_id`, `judge_score`,
 * optional `oracle_label` (both also read from `metadata`), and either `policy` (a fresh draw of that
 * policy) or `base_policy_logprob` + `target_policy_logprobs` (a logged response). Log-probs that are
 * null become NaN (zero weight). Blank lines are skipped.
 *
 * @param text - the JSONL text.
 * @returns {@link CjeData}.
 * @throws {WcError} `E_FORMAT` for invalid JSON, a missing prompt id or judge score, non-numeric values,
 *   or a record that is neither a fresh draw nor a logged response; `E_SHAPE` for a file without records.
 * @example
 * readCjeJsonl('{"prompt_id":"p1","policy":"a","judge_score":0.7}').fresh.a!.length; // 1
 */
export function readCjeJsonl(text: string): CjeData {
  const logged: Sample[] = [];
  const fresh: Record<string, Sample[]> = {};
  const lines = text.split(/\r?\n/);
  let count = 0;
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === "") return;
    let r: Rec;
    try {
      r = JSON.parse(raw) as Rec;
    } catch (e) {
      throw new WcError("E_FORMAT", `readCjeJsonl: line ${line} is not valid JSON (${(e as Error).message})`);
    }
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw new WcError("E_FORMAT", `readCjeJsonl: line ${line} must be a JSON object`);
    const meta = (r.metadata && typeof r.metadata === "object" ? r.metadata : {}) as Rec;
    const pid = pick(r, meta, ["prompt_id", "promptId"]);
    if (typeof pid !== "string" && typeof pid !== "number") throw new WcError("E_FORMAT", `readCjeJsonl: line ${line} has no prompt_id`);
    const judge = num(pick(r, meta, ["judge_score", "judgeScore"]), line, "judge_score", false);
    if (judge === undefined || judge === null) throw new WcError("E_FORMAT", `readCjeJsonl: line ${line} has no judge_score`);
    const oracle = num(pick(r, meta, ["oracle_label", "oracleLabel"]), line, "oracle_label", true);
    const s: Sample = { promptId: String(pid), judgeScore: judge, oracleLabel: oracle ?? null };
    const tok = num(pick(r, meta, ["token_count", "tokenCount"]), line, "token_count", true);
    if (typeof tok === "number") s.tokenCount = tok;
    count++;
    const policy = r.policy;
    if (typeof policy === "string") {
      (fresh[policy] ??= []).push(s);
      return;
    }
    const base = pick(r, meta, ["base_policy_logprob", "baseLogprob"]);
    const targets = pick(r, meta, ["target_policy_logprobs", "targetLogprobs"]);
    if (base === undefined || targets === null || typeof targets !== "object") {
      throw new WcError("E_FORMAT", `readCjeJsonl: line ${line} is neither a fresh draw (needs "policy") nor a logged response (needs "base_policy_logprob" and "target_policy_logprobs")`);
    }
    s.baseLogprob = num(base, line, "base_policy_logprob", true) ?? Number.NaN;
    s.targetLogprobs = {};
    for (const [k, v] of Object.entries(targets as Rec)) s.targetLogprobs[k] = num(v, line, `target_policy_logprobs.${k}`, true) ?? Number.NaN;
    logged.push(s);
  });
  if (count === 0) throw new WcError("E_SHAPE", "readCjeJsonl: no records found");
  return { logged, fresh };
}
