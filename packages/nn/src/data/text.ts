import { Rng, WcError } from "@wc/tensor";
import { readDataFile } from "./load";

/**
 * UTF-8 bytes of a text as token ids in 0..255 (a byte-level tokenizer with a 256-symbol vocabulary).
 * @param text - any string
 * @returns the ids
 * @example
 * encodeBytes("Hi"); // Int32Array [72, 105]
 */
export function encodeBytes(text: string): Int32Array {
  return Int32Array.from(new TextEncoder().encode(text));
}

/**
 * The text of byte ids (invalid UTF-8 sequences become U+FFFD).
 * @param ids - values in 0..255
 * @returns the decoded string
 * @throws {WcError} `E_RANGE` for an id outside 0..255.
 * @example
 * decodeBytes([72, 105]); // "Hi"
 */
export function decodeBytes(ids: ArrayLike<number>): string {
  const b = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new WcError("E_RANGE", `decodeBytes: id ${v} at ${i} is not a byte (0..255)`);
    b[i] = v;
  }
  return new TextDecoder().decode(b);
}

/** A batch of next-token windows: `x[b, t]` predicts `y[b, t] = x[b, t + 1]` (row-major, `batch x seqLen`). */
export interface TokenBatch {
  x: Int32Array;
  y: Int32Array;
  batch: number;
  seqLen: number;
}

/**
 * Random next-token windows from a token stream: each row starts at a uniform offset; the target
 * is the stream shifted by one.
 * @param tokens - the stream (at least `seqLen + 1` long)
 * @param options - `seqLen`, `batchSize`, and `rng` (a @wc/tensor Rng) or `seed` (default 0)
 * @returns one batch per call of `next()` (an endless generator)
 * @throws {WcError} `E_RANGE` for non-positive sizes or a stream shorter than `seqLen + 1`.
 * @example
 * const it = tokenBatches(encodeBytes(text), { seqLen: 64, batchSize: 16, seed: 1 });
 * const { x, y } = it.next().value;
 */
export function* tokenBatches(
  tokens: Int32Array,
  options: { seqLen: number; batchSize: number; rng?: Rng; seed?: number },
): Generator<TokenBatch, never, void> {
  const { seqLen: T, batchSize: B } = options;
  if (!Number.isInteger(T) || T < 1 || !Number.isInteger(B) || B < 1) {
    throw new WcError("E_RANGE", `tokenBatches: seqLen and batchSize must be positive integers, got ${T} and ${B}`);
  }
  if (tokens.length < T + 1) throw new WcError("E_RANGE", `tokenBatches: the stream has ${tokens.length} tokens, need at least seqLen + 1 = ${T + 1}`);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  for (;;) {
    const x = new Int32Array(B * T);
    const y = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const s = rng.integers(0, tokens.length - T);
      x.set(tokens.subarray(s, s + T), b * T);
      y.set(tokens.subarray(s + 1, s + T + 1), b * T);
    }
    yield { x, y, batch: B, seqLen: T };
  }
}

/** The King James text split for language modelling. */
export interface KjvSplit {
  /** Training verses (the first ones). */
  train: string[];
  /** Validation verses (the last ones, by verse index). */
  validation: string[];
}

/**
 * Loads the bundled King James Version (31,102 verses, one per line; Node only) and splits it by
 * verse index: the first `1 - validationFraction` of the verses train, the rest (the end of the
 * New Testament) validate, so no verse leaks across the split.
 * @param options - `validationFraction` in (0, 1) (default 0.1); `dir` to read from another folder
 * @returns the split
 * @throws {WcError} `E_RANGE` for a bad fraction; `E_IO` when the file cannot be read.
 * @example
 * const { train, validation } = await loadKjv();
 * const tokens = encodeBytes(train.join("\n"));
 */
export async function loadKjv(options: { validationFraction?: number; dir?: string } = {}): Promise<KjvSplit> {
  const f = options.validationFraction ?? 0.1;
  if (!(f > 0 && f < 1)) throw new WcError("E_RANGE", `loadKjv: validationFraction must be in (0, 1), got ${f}`);
  const text = await readDataFile("kjv-verses.txt.gz", options.dir);
  const verses = text.split("\n").filter((l) => l.length > 0);
  const cut = Math.round(verses.length * (1 - f));
  return { train: verses.slice(0, cut), validation: verses.slice(cut) };
}
