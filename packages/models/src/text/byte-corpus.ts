import { Rng, WcError } from "@wc/tensor";

/** A byte-level corpus split by line (verse) index. */
export interface ByteSplit {
  /** Training bytes: the kept lines, each followed by `\n`. */
  train: Uint8Array;
  /** Validation bytes, same layout. */
  validation: Uint8Array;
}

/** Options of {@link splitLinesByIndex}. */
export interface SplitLinesOptions {
  /** Line `i` goes to validation when `i % every === every - 1`; default 20 (5% of lines). */
  every?: number;
}

/**
 * Splits text into train and validation bytes by line index (UTF-8, every line ends with `\n`):
 * line `i` (0-based) is a validation line when `i % every === every - 1`. Deterministic, so the
 * split of the King James text used by the tiny LM fixture is reproduced exactly.
 * @param text - the corpus, one record (verse) a line
 * @param options - see {@link SplitLinesOptions}
 * @returns the two byte streams
 * @throws {WcError} `E_RANGE` when `every < 2`.
 * @example
 * const { train, validation } = splitLinesByIndex(kjvText);
 */
export function splitLinesByIndex(text: string, options: SplitLinesOptions = {}): ByteSplit {
  const every = options.every ?? 20;
  if (!Number.isInteger(every) || every < 2) throw new WcError("E_RANGE", `splitLinesByIndex: every must be an integer >= 2, got ${every}`);
  const lines = text.split("\n").filter((l) => l.length > 0);
  const tr: string[] = [];
  const va: string[] = [];
  lines.forEach((l, i) => (i % every === every - 1 ? va : tr).push(l + "\n"));
  const enc = new TextEncoder();
  return { train: enc.encode(tr.join("")), validation: enc.encode(va.join("")) };
}

/**
 * Random training windows of `seqLen + 1` bytes: inputs are the first `seqLen`, targets the last
 * `seqLen` of each window (next-byte prediction). Window starts are drawn uniformly from `rng`.
 * @param data - the byte stream
 * @param batch - windows per batch
 * @param seqLen - positions per window
 * @param rng - the seeded generator
 * @returns `{ x, y }`, each `batch * seqLen` ids row-major
 * @throws {WcError} `E_RANGE` when the stream is shorter than one window.
 * @example
 * const { x, y } = sampleWindows(train, 16, 128, new Rng(0));
 */
export function sampleWindows(data: Uint8Array, batch: number, seqLen: number, rng: Rng): { x: Int32Array; y: Int32Array } {
  if (data.length < seqLen + 1) throw new WcError("E_RANGE", `sampleWindows: ${data.length} bytes are fewer than one window of ${seqLen + 1}`);
  const x = new Int32Array(batch * seqLen);
  const y = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    const s = rng.integers(0, data.length - seqLen);
    for (let t = 0; t < seqLen; t++) {
      x[b * seqLen + t] = data[s + t]!;
      y[b * seqLen + t] = data[s + t + 1]!;
    }
  }
  return { x, y };
}
