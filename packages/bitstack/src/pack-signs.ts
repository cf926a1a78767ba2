import { WcError } from "@wc/tensor";

/**
 * Packs a ±1 sign vector into bytes as the official `pack_utils.py` does: bit = (s + 1) / 2
 * (+1 -> 1, -1 -> 0), eight signs per byte, the first sign in the most significant bit
 * (mask `128 >> t`), the tail padded with 0 bits.
 * @param signs - values +1 or -1 (a row-major sign matrix, flattened)
 * @returns `ceil(signs.length / 8)` bytes
 * @throws {WcError} `E_RANGE` when an entry is neither +1 nor -1.
 * @example
 * packSigns(Int8Array.from([1, -1, -1, 1, 1, 1, -1, 1, 1, 1])); // Uint8Array [157, 192]
 */
export function packSigns(signs: ArrayLike<number>): Uint8Array {
  const n = signs.length;
  const out = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const s = signs[i]!;
    if (s === 1) out[i >> 3] |= 128 >> (i & 7);
    else if (s !== -1) throw new WcError("E_RANGE", `packSigns: entry ${i} is ${s}; expected +1 or -1 (use sign(x) with sign(0) := +1)`);
  }
  return out;
}

/**
 * Unpacks bytes written by {@link packSigns}: bit 1 -> +1, bit 0 -> -1, truncated to `n` signs.
 * @param packed - packed bytes
 * @param n - number of signs to read
 * @returns `n` signs as an Int8Array of ±1
 * @throws {WcError} `E_RANGE` when `n` is not an integer in `[0, 8 * packed.length]`.
 * @example
 * unpackSigns(Uint8Array.from([157, 192]), 10); // Int8Array [1, -1, -1, 1, 1, 1, -1, 1, 1, 1]
 */
export function unpackSigns(packed: Uint8Array, n: number): Int8Array {
  if (!Number.isInteger(n) || n < 0 || n > packed.length * 8) {
    throw new WcError("E_RANGE", `unpackSigns: n must be an integer in [0, ${packed.length * 8}] for ${packed.length} bytes, got ${n}`);
  }
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = packed[i >> 3]! & (128 >> (i & 7)) ? 1 : -1;
  return out;
}
