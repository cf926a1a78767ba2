import { Rng, WcError, tensor } from "@wc/tensor";
import { LayerNorm, Linear, Module, add, embedding, gelu, matmul, reshape, scale, slice, softmax, transpose, type Var } from "@wc/nn";

/** timm's `Mlp`: `fc2(gelu(fc1(x)))` (exact erf GELU). */
export class TimmMlp extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;
  /**
   * @param dim - width
   * @param hidden - inner width
   * @param rng - initialiser
   */
  constructor(dim: number, hidden: number, rng: Rng) {
    super();
    this.fc1 = this.registerModule("fc1", new Linear(dim, hidden, { rng }));
    this.fc2 = this.registerModule("fc2", new Linear(hidden, dim, { rng }));
  }
  forward(x: Var): Var {
    return this.fc2.call(gelu(this.fc1.call(x)));
  }
}

/** Options of {@link TimmAttention}. */
export interface TimmAttentionOptions {
  /**
   * Swin relative position bias for a `window x window` token grid: a learned table
   * `relative_position_bias_table [(2w-1)^2, heads]` indexed as timm's `relative_position_index`;
   * default none (ViT).
   */
  window?: number;
}

/**
 * timm self-attention with a fused `qkv` Linear (`[3 * dim, dim]`, rows q then k then v, each
 * split into heads) and an output `proj`, on `x [B, N, dim]`; optionally Swin's relative position
 * bias, and an additive mask `[nW, N, N]` for shifted windows (batch rows grouped by window).
 */
export class TimmAttention extends Module {
  readonly qkv: Linear;
  readonly proj: Linear;
  readonly relativePositionBiasTable: Var | null;
  private readonly relIndex: Int32Array | null;
  /**
   * @param dim - width
   * @param heads - heads (must divide dim)
   * @param rng - initialiser
   * @param options - see {@link TimmAttentionOptions}
   * @throws {WcError} `E_SHAPE` when heads do not divide dim.
   */
  constructor(
    readonly dim: number,
    readonly heads: number,
    rng: Rng,
    options: TimmAttentionOptions = {},
  ) {
    super();
    if (dim % heads !== 0) throw new WcError("E_SHAPE", `TimmAttention: heads ${heads} must divide dim ${dim}`);
    this.qkv = this.registerModule("qkv", new Linear(dim, 3 * dim, { rng }));
    this.proj = this.registerModule("proj", new Linear(dim, dim, { rng }));
    const w = options.window;
    if (w === undefined) {
      this.relativePositionBiasTable = null;
      this.relIndex = null;
    } else {
      const t = new Float32Array((2 * w - 1) ** 2 * heads);
      for (let i = 0; i < t.length; i++) t[i] = 0.02 * rng.standardNormal();
      this.relativePositionBiasTable = this.registerParameter("relative_position_bias_table", tensor(t, [(2 * w - 1) ** 2, heads]));
      this.relIndex = relativePositionIndex(w);
    }
  }
  forward(x: Var): Var {
    return this.attend(x, null);
  }
  /**
   * Attention with an optional additive mask `[nW, N, N]` (rows of `x` are `B * nW` windows).
   * @internal
   */
  attend(x: Var, mask: Var | null): Var {
    const [BW, N, C] = x.shape as [number, number, number];
    const H = this.heads;
    const hd = C / H;
    const qkv = transpose(reshape(this.qkv.call(x), [BW, N, 3, H, hd]), [2, 0, 3, 1, 4]); // [3, BW, H, N, hd]
    const part = (i: number) => reshape(slice(qkv, [[i, i + 1]]), [BW, H, N, hd]);
    let s = scale(matmul(part(0), transpose(part(1))), 1 / Math.sqrt(hd)); // [BW, H, N, N]
    if (this.relativePositionBiasTable && this.relIndex) {
      const bias = transpose(reshape(embedding(this.relativePositionBiasTable, this.relIndex), [N, N, H]), [2, 0, 1]);
      s = add(s, bias);
    }
    if (mask) {
      const nW = mask.shape[0]!;
      s = reshape(add(reshape(s, [BW / nW, nW, H, N, N]), reshape(mask, [nW, 1, N, N])), [BW, H, N, N]);
    }
    const o = matmul(softmax(s), part(2)); // [BW, H, N, hd]
    return this.proj.call(reshape(transpose(o, [0, 2, 1, 3]), [BW, N, C]));
  }
}

/** timm's `relative_position_index` for a w x w window, flattened `[N * N]`. */
export function relativePositionIndex(w: number): Int32Array {
  const N = w * w;
  const idx = new Int32Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const dy = Math.floor(i / w) - Math.floor(j / w) + w - 1;
      const dx = (i % w) - (j % w) + w - 1;
      idx[i * N + j] = dy * (2 * w - 1) + dx;
    }
  }
  return idx;
}

/** A pre-norm transformer block (timm `Block` / Swin's block body): `norm1`, `attn`, `norm2`, `mlp`. */
export class TimmBlock extends Module {
  readonly norm1: LayerNorm;
  readonly attn: TimmAttention;
  readonly norm2: LayerNorm;
  readonly mlp: TimmMlp;
  /**
   * @param dim - width
   * @param heads - heads
   * @param mlpRatio - inner width factor
   * @param rng - initialiser
   * @param options - `eps` of the norms and `window` for the relative position bias
   */
  constructor(dim: number, heads: number, mlpRatio: number, rng: Rng, options: { eps: number; window?: number }) {
    super();
    this.norm1 = this.registerModule("norm1", new LayerNorm(dim, { eps: options.eps }));
    this.attn = this.registerModule("attn", new TimmAttention(dim, heads, rng, options.window === undefined ? {} : { window: options.window }));
    this.norm2 = this.registerModule("norm2", new LayerNorm(dim, { eps: options.eps }));
    this.mlp = this.registerModule("mlp", new TimmMlp(dim, Math.round(dim * mlpRatio), rng));
  }
  forward(x: Var): Var {
    const h = add(x, this.attn.call(this.norm1.call(x)));
    return add(h, this.mlp.call(this.norm2.call(h)));
  }
}
