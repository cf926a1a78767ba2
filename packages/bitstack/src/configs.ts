import { WcError } from "@wc/tensor";

/** One loadable configuration (an entry of the official compression_config.json). */
export interface CompressionConfig {
  /** Total bytes: fixed tensors plus every loaded block. */
  memory: number;
  /** Linear name -> blocks to load. */
  layers: Record<string, number>;
}

/**
 * All configurations along a block order (official `generate_configs`): config 0 loads one block
 * of every linear (memory = `fixedBytes` + one block each); then, for each name in `order`, that
 * linear gets one more block and a snapshot is appended. `1 + order.length` configs, memory increasing.
 * @param order - from `sortBlocks`
 * @param bytesPerBlock - linear name -> bytes of one of its blocks
 * @param fixedBytes - bytes of everything not decomposed (embeddings, norms, head, biases)
 * @returns the configurations
 * @throws {WcError} `E_ARGUMENT` for a name in `order` without a byte size; `E_RANGE` for negative or non-finite sizes.
 * @example
 * buildConfigs(["A", "B", "B", "A"], { A: 24, B: 40 }, 100).map((c) => c.memory); // [164, 188, 228, 268, 292]
 */
export function buildConfigs(order: readonly string[], bytesPerBlock: Readonly<Record<string, number>>, fixedBytes: number): CompressionConfig[] {
  if (!(Number.isFinite(fixedBytes) && fixedBytes >= 0)) throw new WcError("E_RANGE", `buildConfigs: fixedBytes must be finite and >= 0, got ${fixedBytes}`);
  const counts: Record<string, number> = {};
  let memory = fixedBytes;
  for (const [name, b] of Object.entries(bytesPerBlock)) {
    if (!(Number.isFinite(b) && b >= 0)) throw new WcError("E_RANGE", `buildConfigs: bytes of "${name}" must be finite and >= 0, got ${b}`);
    counts[name] = 1;
    memory += b;
  }
  const configs: CompressionConfig[] = [{ memory, layers: { ...counts } }];
  for (const name of order) {
    const b = bytesPerBlock[name];
    if (b === undefined) throw new WcError("E_ARGUMENT", `buildConfigs: "${name}" is in the order but has no block size`);
    memory += b;
    counts[name] = counts[name]! + 1;
    configs.push({ memory, layers: { ...counts } });
  }
  return configs;
}

/**
 * The largest configuration that fits a budget (official `retrieve_compression_config`): configs
 * sorted by memory descending, the first with `memory <= maxBytes`. A binary search, so a table of
 * 224 x 15 + 1 configs answers in microseconds.
 * @param configs - from {@link buildConfigs} (any order; not modified)
 * @param maxBytes - the budget in bytes (official: `max_memory_MB * 1024^2`)
 * @returns linear name -> blocks (a copy)
 * @throws {WcError} `E_RANGE` when even the smallest config exceeds the budget (the message gives
 *   the smallest size) or the budget is NaN; `E_ARGUMENT` for an empty table.
 * @example
 * selectConfig(configs, 250); // { A: 2, B: 2 }
 */
export function selectConfig(configs: readonly CompressionConfig[], maxBytes: number): Record<string, number> {
  if (configs.length === 0) throw new WcError("E_ARGUMENT", "selectConfig: no configurations");
  if (Number.isNaN(maxBytes)) throw new WcError("E_RANGE", "selectConfig: maxBytes is NaN");
  let sorted = configs;
  for (let i = 1; i < configs.length; i++) {
    if (configs[i]!.memory < configs[i - 1]!.memory) {
      sorted = [...configs].sort((a, b) => a.memory - b.memory);
      break;
    }
  }
  // Last index with memory <= maxBytes (the largest fitting; ties resolve to the later, larger config).
  let lo = 0;
  let hi = sorted.length - 1;
  if (sorted[0]!.memory > maxBytes) {
    throw new WcError("E_RANGE", `selectConfig: the smallest configuration needs ${sorted[0]!.memory} bytes, more than the budget of ${maxBytes}; raise the budget`);
  }
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]!.memory <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return { ...sorted[lo]!.layers };
}
