import { WcError } from "@wc/tensor";
import { blake2b } from "./blake2b";

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Fold of one prompt, as cje's `get_fold`: BLAKE2b (8-byte digest) of the UTF-8 string
 * `${promptId}-${seed}-${nFolds}`, read big-endian as an unsigned 64-bit integer, modulo nFolds.
 * The fold depends only on the prompt, so fresh and logged samples of a prompt share it.
 *
 * @param promptId - non-empty prompt identifier.
 * @param nFolds - number of folds K (default 5), >= 2.
 * @param seed - hash seed (default 42).
 * @returns the fold index in [0, nFolds).
 * @throws {WcError} `E_ARGUMENT` for an empty promptId; `E_RANGE` for nFolds < 2 or a non-integer.
 * @example
 * foldOf("prompt_123"); // 3 (cje: get_fold("prompt_123") == 3)
 */
export function foldOf(promptId: string, nFolds = 5, seed = 42): number {
  if (typeof promptId !== "string" || promptId.length === 0) {
    throw new WcError("E_ARGUMENT", `foldOf: expected a non-empty prompt id string, got ${JSON.stringify(promptId)}`);
  }
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new WcError("E_RANGE", `foldOf: nFolds must be an integer >= 2, got ${nFolds}`);
  const d = blake2b(encoder.encode(`${promptId}-${seed}-${nFolds}`), 8);
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(d[i]!);
  return Number(v % BigInt(nFolds));
}

/**
 * Folds of many prompts ({@link foldOf} per id).
 *
 * @param promptIds - prompt identifiers.
 * @param nFolds - number of folds (default 5).
 * @param seed - hash seed (default 42).
 * @returns an Int32Array of fold indices.
 * @throws {WcError} as {@link foldOf}.
 * @example
 * foldsForPrompts(["a", "b"]); // Int32Array [1, 1]
 */
export function foldsForPrompts(promptIds: readonly string[], nFolds = 5, seed = 42): Int32Array {
  const out = new Int32Array(promptIds.length);
  const cache = new Map<string, number>();
  for (let i = 0; i < promptIds.length; i++) {
    const p = promptIds[i]!;
    let f = cache.get(p);
    if (f === undefined) {
      f = foldOf(p, nFolds, seed);
      cache.set(p, f);
    }
    out[i] = f;
  }
  return out;
}
