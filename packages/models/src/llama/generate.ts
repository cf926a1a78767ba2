import { Rng, WcError } from "@wc/tensor";
import { noGrad } from "@wc/nn";
import type { LlamaForCausalLM } from "./model";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Tokens to add; default 32. */
  maxNewTokens?: number;
  /** Softmax temperature; 0 (default) is greedy arg-max (ties go to the lowest id). */
  temperature?: number;
  /** Sample only among the k most likely tokens; default 0 (all). */
  topK?: number;
  /** Seed of the sampler (ignored when greedy); default 0. */
  seed?: number;
  /** Decode one position per step from a KV cache (true, default) or re-run the whole sequence each step. */
  useCache?: boolean;
  /** Stop after emitting any of these ids (it is included in the output); default none. */
  stopTokens?: readonly number[];
}

/**
 * Continues one token sequence with a causal LM, greedily or by seeded sampling. The same prompt,
 * options and seed give the same tokens; with and without the cache the tokens are the same (the
 * cache only skips recomputing the prefix).
 * @param model - the language model
 * @param prompt - the prompt ids (at least one)
 * @param options - see {@link GenerateOptions}
 * @returns the new token ids (not including the prompt)
 * @throws {WcError} `E_ARGUMENT` for an empty prompt; `E_RANGE` for a negative temperature or
 *   topK, or when prompt + new tokens exceed `maxPositionEmbeddings`.
 * @example
 * const ids = generate(lm, [...new TextEncoder().encode("In the beginning")], { maxNewTokens: 40 });
 */
export function generate(model: LlamaForCausalLM, prompt: readonly number[], options: GenerateOptions = {}): number[] {
  const maxNew = options.maxNewTokens ?? 32;
  const temperature = options.temperature ?? 0;
  const topK = options.topK ?? 0;
  const useCache = options.useCache ?? true;
  const stop = new Set(options.stopTokens ?? []);
  if (prompt.length === 0) throw new WcError("E_ARGUMENT", "generate: the prompt is empty; pass at least one token id");
  if (!Number.isInteger(maxNew) || maxNew < 0) throw new WcError("E_RANGE", `generate: maxNewTokens must be an integer >= 0, got ${maxNew}`);
  if (!(temperature >= 0) || !Number.isInteger(topK) || topK < 0) {
    throw new WcError("E_RANGE", `generate: temperature must be >= 0 and topK an integer >= 0, got ${temperature} and ${topK}`);
  }
  if (prompt.length + maxNew > model.config.maxPositionEmbeddings) {
    throw new WcError("E_RANGE", `generate: ${prompt.length} + ${maxNew} tokens exceed maxPositionEmbeddings ${model.config.maxPositionEmbeddings}`);
  }
  const rng = new Rng(options.seed ?? 0);
  const seq = [...prompt];
  const out: number[] = [];
  const cache = useCache ? model.newCache() : undefined;
  noGrad(() => {
    model.eval();
    let pending: number[] = [...prompt];
    for (let s = 0; s < maxNew; s++) {
      const input = useCache ? pending : seq;
      const logits = model.forwardIds(input, [1, input.length], { cache, lastOnly: true }).data;
      const next = temperature === 0 ? argmax(logits) : sample(logits, temperature, topK, rng);
      seq.push(next);
      out.push(next);
      pending = [next];
      if (stop.has(next)) break;
    }
  });
  return out;
}

function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/** Draws from softmax(x / temperature) restricted to the topK largest (all when 0). */
function sample(x: ArrayLike<number>, temperature: number, topK: number, rng: Rng): number {
  const n = x.length;
  let cutoff = -Infinity;
  if (topK > 0 && topK < n) {
    const sorted = Array.from(x).sort((a, b) => b - a);
    cutoff = sorted[topK - 1]!;
  }
  let mx = -Infinity;
  for (let i = 0; i < n; i++) if (x[i]! > mx) mx = x[i]!;
  const p = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (x[i]! < cutoff) continue;
    p[i] = Math.exp((x[i]! - mx) / temperature);
    total += p[i]!;
  }
  let u = rng.uniform() * total;
  for (let i = 0; i < n; i++) {
    u -= p[i]!;
    if (u < 0 && p[i]! > 0) return i;
  }
  for (let i = n - 1; i >= 0; i--) if (p[i]! > 0) return i;
  return 0;
}
