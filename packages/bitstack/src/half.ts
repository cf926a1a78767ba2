import { f16BitsToNumber, numberToF16Bits } from "@wc/io";

let table: Float32Array | undefined;

/** float16 bit pattern -> value lookup (built once, on first use). */
function lookup(): Float32Array {
  if (table === undefined) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = f16BitsToNumber(h);
  }
  return table;
}

/**
 * Rounds values to float16 as PyTorch's `.half()` does on float32 factors: first to float32, then
 * to the nearest float16 (ties to even).
 * @internal
 */
export function toF16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = numberToF16Bits(Math.fround(values[i]!));
  return out;
}

/** Decodes a factor (fp16 patterns or exact float64) to float64 values. @internal */
export function factorValues(f: Uint16Array | Float64Array): Float64Array {
  if (f instanceof Float64Array) return f;
  const t = lookup();
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = t[f[i]!]!;
  return out;
}
