import { WcError } from "@wc/tensor";
import { crossEntropy, noGrad } from "@wc/nn";
import type { LlamaForCausalLM } from "./model";

/** Options of {@link evaluateLm}. */
export interface EvaluateLmOptions {
  /** Positions per window; default 128. */
  seqLen?: number;
  /** Windows per forward; default 8. */
  batch?: number;
}

/** What {@link evaluateLm} returns. */
export interface EvaluateLmResult {
  /** Mean negative log-likelihood per predicted token (nats). */
  nll: number;
  /** `exp(nll)`. */
  perplexity: number;
  /** Bits per token (`nll / ln 2`). */
  bitsPerToken: number;
  /** Tokens predicted. */
  tokens: number;
}

/**
 * Next-token perplexity of a causal LM on a token stream, cut into consecutive non-overlapping
 * windows of `seqLen + 1` tokens (each window predicts its last `seqLen` tokens from the ones before,
 * starting fresh; a tail shorter than 2 tokens is dropped). No gradients are recorded.
 * @param model - the language model (put in evaluation mode)
 * @param ids - the token stream
 * @param options - see {@link EvaluateLmOptions}
 * @returns mean NLL, perplexity, bits per token and the token count
 * @throws {WcError} `E_ARGUMENT` for fewer than 2 tokens; `E_RANGE` for bad sizes.
 * @example
 * evaluateLm(lm, validationBytes.subarray(0, 4097), { seqLen: 128 }).perplexity;
 */
export function evaluateLm(model: LlamaForCausalLM, ids: ArrayLike<number>, options: EvaluateLmOptions = {}): EvaluateLmResult {
  const seqLen = options.seqLen ?? 128;
  const batch = options.batch ?? 8;
  if (!Number.isInteger(seqLen) || seqLen < 1 || !Number.isInteger(batch) || batch < 1) {
    throw new WcError("E_RANGE", `evaluateLm: seqLen and batch must be positive integers, got ${seqLen} and ${batch}`);
  }
  if (ids.length < 2) throw new WcError("E_ARGUMENT", `evaluateLm: need at least 2 tokens, got ${ids.length}`);
  const windows: [number, number][] = [];
  for (let s = 0; s + 1 < ids.length; s += seqLen + 1) windows.push([s, Math.min(ids.length, s + seqLen + 1)]);
  let total = 0;
  let count = 0;
  model.eval();
  noGrad(() => {
    for (let w = 0; w < windows.length; ) {
      const len = windows[w]![1] - windows[w]![0];
      let n = 0;
      while (w + n < windows.length && n < batch && windows[w + n]![1] - windows[w + n]![0] === len) n++;
      const x = new Int32Array(n * (len - 1));
      const y = new Int32Array(n * (len - 1));
      for (let b = 0; b < n; b++) {
        const s = windows[w + b]![0];
        for (let t = 0; t < len - 1; t++) {
          x[b * (len - 1) + t] = ids[s + t]!;
          y[b * (len - 1) + t] = ids[s + t + 1]!;
        }
      }
      total += crossEntropy(model.forwardIds(x, [n, len - 1]), y, { reduction: "sum" }).item();
      count += y.length;
      w += n;
    }
  });
  const nll = total / count;
  return { nll, perplexity: Math.exp(nll), bitsPerToken: nll / Math.LN2, tokens: count };
}
