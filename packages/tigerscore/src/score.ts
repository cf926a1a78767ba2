import { WcError } from "@wc/tensor";
import { parseOutput } from "./parse";
import { buildPrompt } from "./prompt";
import { DEFAULT_GEN_PARAMS, type CompatMode, type GenParams, type LlmClient, type TigerItem, type TigerResult } from "./types";

/** Options of {@link score}. */
export interface ScoreOptions {
  /** Generation parameters merged over {@link DEFAULT_GEN_PARAMS} (1024 tokens, greedy, T 0.7, top-p 1, top-k 40). */
  gen?: Partial<GenParams>;
  /** Requests in flight at once; default 2 (the official batch size). */
  concurrency?: number;
  /** Parser mode; default `'robust'`. */
  compat?: CompatMode;
}

/** Validates and completes generation parameters. */
export function resolveGenParams(gen: Partial<GenParams> = {}): GenParams {
  const p: GenParams = { ...DEFAULT_GEN_PARAMS, ...gen };
  if (!Number.isInteger(p.maxNewTokens) || p.maxNewTokens < 1) throw new WcError("E_RANGE", `gen.maxNewTokens must be an integer >= 1, got ${p.maxNewTokens}`);
  if (!Number.isFinite(p.temperature) || p.temperature < 0) throw new WcError("E_RANGE", `gen.temperature must be finite and >= 0, got ${p.temperature}`);
  if (!Number.isFinite(p.topP) || p.topP <= 0 || p.topP > 1) throw new WcError("E_RANGE", `gen.topP must be in (0, 1], got ${p.topP}`);
  if (p.topK !== undefined && (!Number.isInteger(p.topK) || p.topK < 0)) throw new WcError("E_RANGE", `gen.topK must be an integer >= 0, got ${p.topK}`);
  if (typeof p.doSample !== "boolean") throw new WcError("E_ARGUMENT", "gen.doSample must be a boolean");
  return Object.freeze(p);
}

/**
 * Scores items with any LLM: builds each prompt, calls `llm` with at most `concurrency` requests in
 * flight, and parses each completion. Results keep the items' order. An LLM failure rejects the
 * whole call (as a `WcError` E_IO naming the item).
 *
 * @param items - `{ instruction, hypothesis, inputContext? }` records
 * @param llm - the client
 * @param opts - `gen`, `concurrency` (default 2), `compat` (default `'robust'`)
 * @returns one result per item
 * @throws {WcError} E_ARGUMENT for a malformed item or client; E_RANGE for bad options; E_IO when the client fails
 * @example
 * await score([{ instruction: "Say hi.", hypothesis: "Hi." }], async () => "The model-generated output contains 0 errors, with a total score reduction of 0.");
 */
export async function score(items: readonly TigerItem[], llm: LlmClient, opts: ScoreOptions = {}): Promise<TigerResult[]> {
  if (!Array.isArray(items)) throw new WcError("E_ARGUMENT", "score: items must be an array of {instruction, hypothesis, inputContext?}");
  if (typeof llm !== "function") throw new WcError("E_ARGUMENT", "score: llm must be a function (prompt, params) => Promise<string>");
  const concurrency = opts.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new WcError("E_RANGE", `score: concurrency must be an integer >= 1, got ${concurrency}`);
  const gen = resolveGenParams(opts.gen);
  const prompts = items.map((it, i) => {
    if (typeof it !== "object" || it === null || typeof it.instruction !== "string" || typeof it.hypothesis !== "string") {
      throw new WcError("E_ARGUMENT", `score: items[${i}] must have string instruction and hypothesis`);
    }
    return buildPrompt(it.instruction, it.hypothesis, it.inputContext ?? "");
  });
  const out: TigerResult[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < prompts.length) {
      const i = next++;
      let raw: string;
      try {
        raw = await llm(prompts[i]!, { ...gen });
      } catch (e) {
        throw new WcError("E_IO", `score: the LLM client failed on item ${i}: ${(e as Error).message}`);
      }
      if (typeof raw !== "string") throw new WcError("E_FORMAT", `score: the LLM client returned ${typeof raw} for item ${i}; expected a string`);
      out[i] = parseOutput(raw, { compat: opts.compat ?? "robust" });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(prompts.length, 1)) }, worker));
  return out;
}
