/**
 * Exact conversions between float32 and the 16- and 8-bit float formats of model files.
 * float32 -> float16/bfloat16 rounds to nearest, ties to even (IEEE 754 default), as NumPy and
 * PyTorch do; the decoders are exact because every f16/bf16/f8 value is a float32.
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

let f16Table: Float32Array | undefined;

/** The float32 value of every float16 bit pattern, built on first use (256 KiB). */
function f16Lookup(): Float32Array {
  if (f16Table === undefined) {
    const t = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) t[h] = f16BitsToNumber(h);
    f16Table = t;
  }
  return f16Table;
}

/**
 * The number a float16 bit pattern encodes (subnormals, signed zeros, infinities, NaN).
 * @param h - 16-bit pattern (0..65535)
 * @returns the value as a JS number (exact)
 * @example
 * f16BitsToNumber(0x3c00); // 1
 */
export function f16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1024 + m) * 2 ** (e - 25);
}

/**
 * The float16 bit pattern nearest to `x` after rounding it to float32 (ties to even; overflow to
 * infinity; NaN to the quiet NaN 0x7e00 with the float32 payload's top bits kept).
 * @param x - any number
 * @returns the 16-bit pattern
 * @example
 * numberToF16Bits(65520); // 0x7c00 (inf: 65520 is the tie between 65504 and 65536)
 */
export function numberToF16Bits(x: number): number {
  F32[0] = x;
  return f32BitsToF16Bits(U32[0]!);
}

function f32BitsToF16Bits(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 112;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let q = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (q & 1) === 1)) q++;
    return sign | q;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

/**
 * The bfloat16 bit pattern nearest to `x` after rounding it to float32 (ties to even; NaN stays
 * a quiet NaN).
 * @param x - any number
 * @returns the 16-bit pattern
 * @example
 * numberToBf16Bits(1); // 0x3f80
 */
export function numberToBf16Bits(x: number): number {
  F32[0] = x;
  return f32BitsToBf16Bits(U32[0]!);
}

function f32BitsToBf16Bits(b: number): number {
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) return ((b >>> 16) | 0x40) & 0xffff;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

/**
 * The number a bfloat16 bit pattern encodes.
 * @example
 * bf16BitsToNumber(0x3f80); // 1
 */
export function bf16BitsToNumber(h: number): number {
  U32[0] = (h & 0xffff) << 16;
  return F32[0]!;
}

/**
 * The number an FP8 E4M3 (the "FN" variant of OCP / safetensors `F8_E4M3`: bias 7, no
 * infinities, 0x7f/0xff are NaN) byte encodes.
 * @example
 * f8e4m3ToNumber(0x7e); // 448
 */
export function f8e4m3ToNumber(b: number): number {
  const sign = b & 0x80 ? -1 : 1;
  const e = (b >>> 3) & 0xf;
  const m = b & 7;
  if (e === 15 && m === 7) return NaN;
  if (e === 0) return sign * m * 2 ** -9;
  return sign * (8 + m) * 2 ** (e - 10);
}

/**
 * The number an FP8 E5M2 byte encodes (the top byte of a float16: bias 15, with inf and NaN).
 * @example
 * f8e5m2ToNumber(0x3c); // 1
 */
export function f8e5m2ToNumber(b: number): number {
  return f16BitsToNumber((b & 0xff) << 8);
}

/** Decodes float16 patterns to a new Float32Array (table lookup). */
export function decodeF16(src: Uint16Array): Float32Array {
  const t = f16Lookup();
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = t[src[i]!]!;
  return out;
}

/** Decodes bfloat16 patterns to a new Float32Array (a shift per element). */
export function decodeBf16(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  const o = new Uint32Array(out.buffer);
  for (let i = 0; i < src.length; i++) o[i] = src[i]! << 16;
  return out;
}

/** Encodes float32 values to float16 patterns with round-to-nearest-even. */
export function encodeF16(src: Float32Array): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f32BitsToF16Bits(bits[i]!);
  return out;
}

/** Encodes float32 values to bfloat16 patterns with round-to-nearest-even. */
export function encodeBf16(src: Float32Array): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f32BitsToBf16Bits(bits[i]!);
  return out;
}
