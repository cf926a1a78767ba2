/**
 * BLAKE2b (RFC 7693) with a configurable digest length, unkeyed. Only what fold assignment needs:
 * Python's `hashlib.blake2b(data, digest_size=k)`. Generic; a candidate for @wc/stats or @wc/tensor.
 * 64-bit words are handled as (hi, lo) uint32 pairs in a Uint32Array.
 */

const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]); // little-word order: [lo, hi] per 64-bit IV word

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

// v and m hold 64-bit words as consecutive (lo, hi) uint32 pairs.
function add64(v: Uint32Array, a: number, b: number): void {
  const lo = v[a]! + v[b]!;
  const carry = lo >= 0x100000000 ? 1 : 0;
  v[a] = lo;
  v[a + 1] = v[a + 1]! + v[b + 1]! + carry;
}
function addM(v: Uint32Array, a: number, m: Uint32Array, j: number): void {
  const lo = v[a]! + m[j]!;
  const carry = lo >= 0x100000000 ? 1 : 0;
  v[a] = lo;
  v[a + 1] = v[a + 1]! + m[j + 1]! + carry;
}
/** v[a] = rotr64(v[a] ^ v[b], r). */
function xorRot(v: Uint32Array, a: number, b: number, r: number): void {
  let lo = v[a]! ^ v[b]!;
  let hi = v[a + 1]! ^ v[b + 1]!;
  if (r >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    r -= 32;
  }
  if (r > 0) {
    const nlo = (lo >>> r) | (hi << (32 - r));
    const nhi = (hi >>> r) | (lo << (32 - r));
    lo = nlo;
    hi = nhi;
  }
  v[a] = lo;
  v[a + 1] = hi;
}

function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  add64(v, a, b);
  addM(v, a, m, x);
  xorRot(v, d, a, 32);
  add64(v, c, d);
  xorRot(v, b, c, 24);
  add64(v, a, b);
  addM(v, a, m, y);
  xorRot(v, d, a, 16);
  add64(v, c, d);
  xorRot(v, b, c, 63);
}

function compress(h: Uint32Array, block: Uint8Array, t: number, last: boolean): void {
  const v = new Uint32Array(32);
  const m = new Uint32Array(32);
  for (let i = 0; i < 16; i++) {
    v[i] = h[i]!;
    v[i + 16] = IV[i]!;
  }
  v[24] = (v[24]! ^ t) >>> 0; // t fits in 32 bits here (inputs < 4 GiB)
  v[25] = (v[25]! ^ Math.floor(t / 0x100000000)) >>> 0;
  if (last) {
    v[28] = ~v[28]! >>> 0;
    v[29] = ~v[29]! >>> 0;
  }
  for (let i = 0; i < 32; i++) {
    const o = i * 4;
    m[i] = (block[o]! | (block[o + 1]! << 8) | (block[o + 2]! << 16) | (block[o + 3]! << 24)) >>> 0;
  }
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10]!;
    mix(v, m, 0, 8, 16, 24, s[0]! * 2, s[1]! * 2);
    mix(v, m, 2, 10, 18, 26, s[2]! * 2, s[3]! * 2);
    mix(v, m, 4, 12, 20, 28, s[4]! * 2, s[5]! * 2);
    mix(v, m, 6, 14, 22, 30, s[6]! * 2, s[7]! * 2);
    mix(v, m, 0, 10, 20, 30, s[8]! * 2, s[9]! * 2);
    mix(v, m, 2, 12, 22, 24, s[10]! * 2, s[11]! * 2);
    mix(v, m, 4, 14, 16, 26, s[12]! * 2, s[13]! * 2);
    mix(v, m, 6, 8, 18, 28, s[14]! * 2, s[15]! * 2);
  }
  for (let i = 0; i < 16; i++) h[i] = (h[i]! ^ v[i]! ^ v[i + 16]!) >>> 0;
}

/**
 * Unkeyed BLAKE2b digest of `data` with `digestSize` bytes (1..64), as Python's
 * `hashlib.blake2b(data, digest_size=digestSize).digest()`.
 *
 * @param data - the message bytes.
 * @param digestSize - digest length in bytes (default 64).
 * @returns the digest bytes.
 * @example
 * blake2b(new TextEncoder().encode("abc"), 8); // Uint8Array(8) [...]
 */
export function blake2b(data: Uint8Array, digestSize = 64): Uint8Array {
  const h = IV.slice();
  h[0] = (h[0]! ^ (0x01010000 | digestSize)) >>> 0; // parameter block: digest length, fanout 1, depth 1
  const block = new Uint8Array(128);
  const n = data.length;
  let off = 0;
  while (n - off > 128) {
    block.set(data.subarray(off, off + 128));
    off += 128;
    compress(h, block, off, false);
  }
  block.fill(0);
  block.set(data.subarray(off));
  compress(h, block, n, true);
  const out = new Uint8Array(digestSize);
  for (let i = 0; i < digestSize; i++) out[i] = (h[i >> 2]! >>> (8 * (i & 3))) & 0xff;
  return out;
}
