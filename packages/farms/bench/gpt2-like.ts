import { tensor, transpose, type Matrix } from "@wc/tensor";

/** GPT-2 small weight shapes per block as stored by the Hugging Face Conv1D (in x out). */
export const GPT2_SHAPES: readonly [number, number][] = [
  [768, 2304],
  [768, 768],
  [768, 3072],
  [3072, 768],
];

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded heavy-tailed `rows x cols` float32 matrix (symmetric Pareto entries, tail index 3,
 * scale 0.02) from a counter-based hash: bit-for-bit the `matrix()` of bench/farms_numpy.py up
 * to the last-ulp rounding of `pow`.
 */
export function heavyTailed(rows: number, cols: number, seed: number): Matrix {
  const n = rows * cols;
  const d = new Float32Array(n);
  const s = Math.imul(seed, 0x632be5ab) >>> 0;
  for (let k = 0; k < n; k++) {
    const h = fmix32((Math.imul(k, 0x9e3779b1) + s) >>> 0);
    const u = (h + 0.5) / 4294967296;
    const mag = (1 - 2 * Math.abs(u - 0.5)) ** (-1 / 3);
    d[k] = 0.02 * (u < 0.5 ? -1 : 1) * mag;
  }
  return tensor(d, [rows, cols]) as Matrix;
}

/** The 4 * blocks GPT-2-like matrices as out x in views (the stored in x out matrix, transposed). */
export function gpt2LikeMatrices(blocks: number): { name: string; W: Matrix }[] {
  const out: { name: string; W: Matrix }[] = [];
  const names = ["attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"];
  for (let b = 0; b < blocks; b++) {
    GPT2_SHAPES.forEach(([i, o], k) => {
      out.push({ name: `h.${b}.${names[k]}`, W: transpose(heavyTailed(i, o, b * 4 + k)) as Matrix });
    });
  }
  return out;
}
