import { Rng, WcError, tensor } from "@wc/tensor";
import { Conv2d, LayerNorm, Linear, Module, add, concat, constant, mean, reshape, slice, transpose, type Var, ModuleList } from "@wc/nn";
import { asImages } from "./image-input";
import { TimmAttention, TimmMlp } from "./timm-blocks";

/** Options of {@link SwinTransformer}. */
export interface SwinOptions {
  /** Input height and width; default 16. */
  imageSize?: number;
  /** Patch size; default 2. */
  patchSize?: number;
  /** Input channels; default 1. */
  inChannels?: number;
  /** Output classes; default 10. */
  numClasses?: number;
  /** Width of the first stage (doubles at every patch merging); default 32. */
  embedDim?: number;
  /** Blocks per stage; default [2, 2]. */
  depths?: readonly number[];
  /** Heads per stage; default [2, 4]. */
  heads?: readonly number[];
  /** Window size in tokens; default 4. A stage whose grid is no larger uses its grid and no shift (timm). */
  window?: number;
  /** MLP inner width factor; default 2. */
  mlpRatio?: number;
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/** Swin block (timm `SwinTransformerBlock`): (shifted) window attention with relative position bias, then MLP. */
export class SwinBlock extends Module {
  readonly norm1: LayerNorm;
  readonly attn: TimmAttention;
  readonly norm2: LayerNorm;
  readonly mlp: TimmMlp;
  private readonly mask: Var | null;
  /**
   * @param dim - width
   * @param heads - heads
   * @param grid - token grid side
   * @param window - window side (<= grid, divides it)
   * @param shift - cyclic shift (0 or window / 2)
   * @param mlpRatio - inner width factor
   * @param rng - initialiser
   */
  constructor(
    dim: number,
    heads: number,
    private readonly grid: number,
    private readonly window: number,
    private readonly shift: number,
    mlpRatio: number,
    rng: Rng,
  ) {
    super();
    this.norm1 = this.registerModule("norm1", new LayerNorm(dim));
    this.attn = this.registerModule("attn", new TimmAttention(dim, heads, rng, { window }));
    this.norm2 = this.registerModule("norm2", new LayerNorm(dim));
    this.mlp = this.registerModule("mlp", new TimmMlp(dim, Math.round(dim * mlpRatio), rng));
    this.mask = shift > 0 ? constant(shiftMask(grid, window, shift)) : null;
  }
  /** `x [B, H, W, C]` -> same shape. */
  forward(x: Var): Var {
    const [B, H, W, C] = x.shape as [number, number, number, number];
    const w = this.window;
    let h = this.norm1.call(x);
    if (this.shift > 0) h = roll2d(h, -this.shift);
    // window partition: [B, H/w, w, W/w, w, C] -> [B * nW, w * w, C]
    const win = reshape(transpose(reshape(h, [B, H / w, w, W / w, w, C]), [0, 1, 3, 2, 4, 5]), [-1, w * w, C]);
    const att = this.attn.attend(win, this.mask);
    h = reshape(transpose(reshape(att, [B, H / w, W / w, w, w, C]), [0, 1, 3, 2, 4, 5]), [B, H, W, C]);
    if (this.shift > 0) h = roll2d(h, this.shift);
    const y = add(x, h);
    return add(y, this.mlp.call(this.norm2.call(y)));
  }
}

/** `torch.roll(x, (s, s), dims=(1, 2))` on `[B, H, W, C]`. */
function roll2d(x: Var, s: number): Var {
  const rollAxis = (v: Var, axis: number) => {
    const n = v.shape[axis]!;
    const k = ((s % n) + n) % n;
    if (k === 0) return v;
    const r = (a: number, b: number) => v.shape.map((_, i) => (i === axis ? ([a, b] as const) : null));
    return concat([slice(v, r(n - k, n)), slice(v, r(0, n - k))], axis);
  };
  return rollAxis(rollAxis(x, 1), 2);
}

/** timm's shifted-window attention mask `[nW, N, N]`: 0 within a region, -100 across regions. */
function shiftMask(grid: number, w: number, s: number) {
  const label = new Int32Array(grid * grid);
  const region = (i: number) => (i < grid - w ? 0 : i < grid - s ? 1 : 2);
  for (let y = 0; y < grid; y++) for (let x = 0; x < grid; x++) label[y * grid + x] = region(y) * 3 + region(x);
  const nW = (grid / w) ** 2;
  const N = w * w;
  const m = new Float32Array(nW * N * N);
  for (let wy = 0; wy < grid / w; wy++) {
    for (let wx = 0; wx < grid / w; wx++) {
      const o = (wy * (grid / w) + wx) * N * N;
      const lab = (t: number) => label[(wy * w + Math.floor(t / w)) * grid + wx * w + (t % w)]!;
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) m[o + i * N + j] = lab(i) === lab(j) ? 0 : -100;
    }
  }
  return tensor(m, [nW, N, N]);
}

/** timm `PatchMerging`: 2x2 neighbours concatenated (order x00, x10, x01, x11), `norm`, bias-free `reduction` to 2C. */
export class PatchMerging extends Module {
  readonly norm: LayerNorm;
  readonly reduction: Linear;
  /**
   * @param dim - input width C
   * @param rng - initialiser
   */
  constructor(dim: number, rng: Rng) {
    super();
    this.norm = this.registerModule("norm", new LayerNorm(4 * dim));
    this.reduction = this.registerModule("reduction", new Linear(4 * dim, 2 * dim, { rng, bias: false }));
  }
  /** `[B, H, W, C]` -> `[B, H/2, W/2, 2C]`. */
  forward(x: Var): Var {
    const [B, H, W, C] = x.shape as [number, number, number, number];
    const m = reshape(transpose(reshape(x, [B, H / 2, 2, W / 2, 2, C]), [0, 1, 3, 4, 2, 5]), [B, H / 2, W / 2, 4 * C]);
    return this.reduction.call(this.norm.call(m));
  }
}

/** One stage (timm `SwinTransformerStage`): optional `downsample` then `blocks`. */
class SwinStage extends Module {
  readonly downsample: PatchMerging | null;
  readonly blocks: ModuleList<SwinBlock>;
  constructor(downsample: PatchMerging | null, blocks: SwinBlock[]) {
    super();
    this.downsample = downsample ? this.registerModule("downsample", downsample) : null;
    this.blocks = this.registerModule("blocks", new ModuleList(blocks));
  }
  forward(x: Var): Var {
    let h = this.downsample ? this.downsample.call(x) : x;
    for (const b of this.blocks.items) h = b.call(h);
    return h;
  }
}

/** `patch_embed` (timm `PatchEmbed` with norm, NHWC output): `proj`, `norm`. */
class SwinPatchEmbed extends Module {
  readonly proj: Conv2d;
  readonly norm: LayerNorm;
  constructor(cin: number, dim: number, patch: number, rng: Rng) {
    super();
    this.proj = this.registerModule("proj", new Conv2d(cin, dim, patch, { stride: patch, rng }));
    this.norm = this.registerModule("norm", new LayerNorm(dim));
  }
  forward(x: Var): Var {
    return this.norm.call(transpose(this.proj.call(x), [0, 2, 3, 1]));
  }
}

/** The final classifier (timm `ClassifierHead`): `fc`. */
class SwinHead extends Module {
  readonly fc: Linear;
  constructor(dim: number, classes: number, rng: Rng) {
    super();
    this.fc = this.registerModule("fc", new Linear(dim, classes, { rng }));
  }
  forward(x: Var): Var {
    return this.fc.call(x);
  }
}

/**
 * A hierarchical Swin Transformer (Liu et al. 2021) with timm's (>= 0.9) parameter names:
 * `patch_embed.{proj, norm}`, `layers.i.downsample.{norm, reduction}` (stages after the first),
 * `layers.i.blocks.j.{norm1, attn.qkv, attn.relative_position_bias_table, attn.proj, norm2,
 * mlp.fc1, mlp.fc2}`, `norm`, `head.fc`. Odd blocks shift their windows by half a window (with
 * timm's -100 cross-region mask); features are average-pooled before the head. Sized by default for
 * 16x16 single-channel images (digits upsampled).
 * @example
 * const swin = new SwinTransformer({ imageSize: 16, patchSize: 2, embedDim: 32, depths: [2, 2], heads: [2, 4], window: 4 });
 * swin.call(x); // [B, 10]
 */
export class SwinTransformer extends Module {
  readonly patchEmbed: Module;
  readonly stages: readonly Module[];
  readonly norm: LayerNorm;
  readonly head: Module;
  private readonly o: Required<SwinOptions>;
  /**
   * @param options - see {@link SwinOptions}
   * @throws {WcError} `E_ARGUMENT` when depths and heads differ in length; `E_SHAPE` when the token
   *   grid of a stage is not divisible by its window or by 2 before a merge.
   */
  constructor(options: SwinOptions = {}) {
    super();
    const o = { imageSize: 16, patchSize: 2, inChannels: 1, numClasses: 10, embedDim: 32, depths: [2, 2], heads: [2, 4], window: 4, mlpRatio: 2, seed: 0, ...options };
    if (o.depths.length === 0 || o.depths.length !== o.heads.length) {
      throw new WcError("E_ARGUMENT", `SwinTransformer: depths (${o.depths.length}) and heads (${o.heads.length}) must be non-empty and equally long`);
    }
    this.o = o;
    const rng = new Rng(o.seed);
    this.patchEmbed = this.registerModule("patch_embed", new SwinPatchEmbed(o.inChannels, o.embedDim, o.patchSize, rng));
    let grid = o.imageSize / o.patchSize;
    let dim = o.embedDim;
    const stages: SwinStage[] = [];
    o.depths.forEach((depth, i) => {
      let down: PatchMerging | null = null;
      if (i > 0) {
        if (grid % 2 !== 0) throw new WcError("E_SHAPE", `SwinTransformer: stage ${i} merges a ${grid}x${grid} grid, which is odd`);
        down = new PatchMerging(dim, rng);
        grid /= 2;
        dim *= 2;
      }
      const w = Math.min(o.window, grid);
      if (!Number.isInteger(grid) || grid % w !== 0) throw new WcError("E_SHAPE", `SwinTransformer: window ${w} does not divide the ${grid}x${grid} grid of stage ${i}`);
      const shift = grid <= o.window ? 0 : Math.floor(w / 2);
      const blocks = Array.from({ length: depth }, (_, j) => new SwinBlock(dim, o.heads[i]!, grid, w, j % 2 === 1 ? shift : 0, o.mlpRatio, rng));
      stages.push(new SwinStage(down, blocks));
    });
    const holder = this.registerModule("layers", new ModuleList(stages));
    this.stages = holder.items;
    this.norm = this.registerModule("norm", new LayerNorm(dim));
    this.head = this.registerModule("head", new SwinHead(dim, o.numClasses, rng));
  }
  /** Logits `[B, classes]` for `[B, C, H, W]` images or flat rows. */
  forward(x: Var): Var {
    const { inChannels: c, imageSize: s } = this.o;
    let h = this.patchEmbed.call(asImages(x, c, s, s, "SwinTransformer"));
    for (const st of this.stages) h = st.call(h);
    return this.head.call(mean(this.norm.call(h), { axis: [1, 2] }));
  }
}
