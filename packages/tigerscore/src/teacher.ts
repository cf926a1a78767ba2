import { WcError } from "@wc/tensor";
import { ASPECT_DESCRIPTIONS, TASK_ASPECTS, type TigerTask } from "./aspects";
import type { TigerError, TigerResult } from "./types";

/**
 * Builds a prompt asking a strong LLM (the "teacher") for an error analysis of one output as JSON
 * `{"errors": {"error_1": {"error_location", "error_aspect", "explanation", "severity", "score_reduction"}, ...}}`,
 * listing the task's aspects with their descriptions and the Major/Minor guidance, in the spirit of
 * `tigerscore/xgptscore/templates.py` (wording ours).
 *
 * @param task - one of the tasks of {@link TASK_ASPECTS}
 * @param instruction - the task instruction
 * @param input - the input context
 * @param output - the output to analyse
 * @param reference - an optional reference output
 * @returns the prompt
 * @throws {WcError} E_ARGUMENT for an unknown task or a non-string field
 * @example
 * buildTeacherPrompt("translation", "Translate to English.", "Hallo Welt", "Hello word").includes("Terminology"); // true
 */
export function buildTeacherPrompt(task: TigerTask, instruction: string, input: string, output: string, reference?: string): string {
  if (!(task in TASK_ASPECTS)) throw new WcError("E_ARGUMENT", `buildTeacherPrompt: unknown task ${JSON.stringify(task)}; expected one of ${Object.keys(TASK_ASPECTS).join(", ")}`);
  for (const [k, v] of [["instruction", instruction], ["input", input], ["output", output]] as const) {
    if (typeof v !== "string") throw new WcError("E_ARGUMENT", `buildTeacherPrompt: ${k} must be a string`);
  }
  if (reference !== undefined && typeof reference !== "string") throw new WcError("E_ARGUMENT", "buildTeacherPrompt: reference must be a string when given");
  const aspects = TASK_ASPECTS[task].map((a) => `- ${a}: ${ASPECT_DESCRIPTIONS[task][a]}`).join("\n");
  return [
    `You are an expert evaluator of ${task} outputs. Find every error in the model output below.`,
    "",
    `Instruction:\n${instruction}`,
    "",
    `Input:\n${input}`,
    ...(reference !== undefined ? ["", `Reference output:\n${reference}`] : []),
    "",
    `Model output:\n${output}`,
    "",
    `Judge these aspects:\n${aspects}`,
    "",
    'For each error give its location (the exact wrong words), its aspect (one of the above), an explanation with a correction, its severity ("Major" when it changes the meaning or makes the output unusable, "Minor" when it only hurts quality) and a score reduction between 0.5 and 5 matching the severity.',
    'Answer with JSON only: {"errors": {"error_1": {"error_location": "...", "error_aspect": "...", "explanation": "...", "severity": "Major", "score_reduction": 4.0}, ...}}. Use {"errors": {}} when there is no error.',
  ].join("\n");
}

function extractJson(raw: string): unknown {
  const start = raw.indexOf("{");
  const end = raw.lastIndexOf("}");
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(raw.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/**
 * Parses the teacher JSON form `{"errors": {"error_1": {...}, ...}}` (surrounding text or code
 * fences are ignored). Score = −|Σ score_reduction|; reductions given as strings are read as numbers.
 *
 * @param raw - the teacher's answer
 * @returns the result (`ok` false, score null, when no such JSON is found)
 * @throws {WcError} E_ARGUMENT when `raw` is not a string
 * @example
 * parseTeacherJson('{"errors": {"error_1": {"error_location": "a", "error_aspect": "Fluency", "explanation": "b", "severity": "Minor", "score_reduction": 1.5}}}').score; // -1.5
 */
export function parseTeacherJson(raw: string): TigerResult {
  if (typeof raw !== "string") throw new WcError("E_ARGUMENT", `parseTeacherJson: expected a string, got ${typeof raw}`);
  const doc = extractJson(raw) as { errors?: unknown } | undefined;
  const errs = doc?.errors;
  if (typeof errs !== "object" || errs === null) {
    return { score: null, numErrors: null, errors: [], raw, ok: false, warnings: ['no {"errors": {...}} JSON object found'] };
  }
  const warnings: string[] = [];
  const list = Array.isArray(errs) ? errs : Object.values(errs);
  const errors: TigerError[] = [];
  list.forEach((e: unknown, i) => {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    const r = typeof o.score_reduction === "number" ? o.score_reduction : Number.parseFloat(String(o.score_reduction ?? ""));
    if (!Number.isFinite(r)) warnings.push(`error ${i + 1}: score_reduction ${JSON.stringify(o.score_reduction)} is not a number; counted as 0`);
    const s = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
    errors.push({ location: s(o.error_location), aspect: s(o.error_aspect), explanation: s(o.explanation), severity: s(o.severity), reduction: Number.isFinite(r) ? r : 0 });
  });
  const sum = Math.abs(errors.reduce((a, e) => a + e.reduction, 0));
  return { score: sum === 0 ? 0 : -sum, numErrors: errors.length, errors, raw, ok: true, warnings };
}

/**
 * Sorts errors by |reduction|, largest first (the data builder drops the smallest to fit a token budget); stable.
 *
 * @param errors - the errors (not mutated)
 * @returns a new sorted array
 * @example
 * sortErrorsByReduction([{ reduction: 1 }, { reduction: 4 }] as never)[0].reduction; // 4
 */
export function sortErrorsByReduction(errors: readonly TigerError[]): TigerError[] {
  return errors.map((e, i) => [e, i] as const).sort((a, b) => Math.abs(b[0].reduction) - Math.abs(a[0].reduction) || a[1] - b[1]).map(([e]) => e);
}
