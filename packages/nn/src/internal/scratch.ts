import type { FloatArray } from "@wc/tensor";
import { allocLike } from "./alloc";

/** Largest scratch buffer kept between calls (elements); larger requests get a fresh array. */
const KEEP_MAX = 1 << 20;

const kept: { f32: Float32Array[]; f64: Float64Array[] } = { f32: [], f64: [] };

/**
 * A work buffer of at least `n` elements of `like`'s float type with UNDEFINED contents (the caller
 * writes every element it reads), reused across calls per `slot` to spare large zeroed
 * allocations and the garbage collection they cause. A slot's buffer is only valid until the next
 * `scratch` call with the same slot, so ops must not keep it or call back into user code while
 * they use it. Buffers over 2^20 elements are not kept.
 * @internal
 */
export function scratch(like: FloatArray, n: number, slot: number): FloatArray {
  if (n > KEEP_MAX) return allocLike(like, n);
  const pool: FloatArray[] = like instanceof Float32Array ? kept.f32 : kept.f64;
  const b = pool[slot];
  if (b !== undefined && b.length >= n) return b;
  const fresh = allocLike(like, n);
  pool[slot] = fresh;
  return fresh;
}
