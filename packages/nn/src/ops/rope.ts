import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, fmt } from "../internal/alloc";

/** Options of {@link rope}. */
export interface RopeOptions {
  /** Frequency base theta; default 10000 (RoFormer, Llama 2). */
  base?: number;
  /** Position of the first row (for decoding with a cache); default 0. */
  offset?: number;
  /**
   * Pairing of dimensions: `"half"` (default) rotates `(i, i + d/2)` as Hugging Face Llama's
   * `rotate_half`; `"interleaved"` rotates `(2i, 2i+1)` as the RoFormer paper and Meta's code.
   */
  pairing?: "half" | "interleaved";
}

/**
 * Rotary position embedding on `x [..., T, d]` (d even): position `t` rotates pair `i` by angle
 * `(offset + t) * base^(-2i/d)`. The backward rotates the gradient by the opposite angle.
 * @param x - queries or keys, positions on the second-to-last axis
 * @param options - see {@link RopeOptions}
 * @returns the rotated Var
 * @throws {WcError} `E_SHAPE` when `x` has fewer than 2 axes or an odd last extent.
 * @example
 * rope(q, { base: 10000 }); // q: [batch, heads, T, headDim]
 */
export function rope(x: Var, options: RopeOptions = {}): Var {
  const base = options.base ?? 10000;
  const offset = options.offset ?? 0;
  const half = (options.pairing ?? "half") === "half";
  const s = x.shape;
  const d = s[s.length - 1]!;
  const T = s[s.length - 2]!;
  if (s.length < 2 || d % 2 !== 0) throw new WcError("E_SHAPE", `rope: expected [..., T, d] with even d, got ${fmt(s)}`);
  const h = d / 2;
  const cos = new Float64Array(T * h);
  const sin = new Float64Array(T * h);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < h; i++) {
      const a = (offset + t) * Math.pow(base, (-2 * i) / d);
      cos[t * h + i] = Math.cos(a);
      sin[t * h + i] = Math.sin(a);
    }
  }
  const apply = (src: ArrayLike<number>, dst: Float32Array | Float64Array, sign: number): void => {
    const rows = src.length / d;
    for (let r = 0; r < rows; r++) {
      const t = r % T;
      const o = r * d;
      for (let i = 0; i < h; i++) {
        const c = cos[t * h + i]!;
        const sn = sign * sin[t * h + i]!;
        const p = half ? o + i : o + 2 * i;
        const q = half ? o + i + h : o + 2 * i + 1;
        const a = src[p]!;
        const b = src[q]!;
        dst[p] = a * c - b * sn;
        dst[q] = a * sn + b * c;
      }
    }
  };
  const out = allocLike(x.data, x.data.length);
  apply(x.data, out, 1);
  return makeOutput(out, s, [x], (g) => {
    const gx = allocLike(x.data, x.data.length);
    apply(g, gx, -1);
    accumulate(x, gx, true);
  }, "rope");
}
