import { Rng, WcError, tensor, zeros } from "@wc/tensor";
import { Conv2d, LayerNorm, Linear, Module, Var, add, concat, constant, reshape, slice, transpose, ModuleList } from "@wc/nn";
import { asImages } from "./image-input";
import { TimmBlock } from "./timm-blocks";

/** Options of {@link VisionTransformer}. */
export interface ViTOptions {
  /** Input height and width; default 16. */
  imageSize?: number;
  /** Patch size (must divide imageSize); default 4. */
  patchSize?: number;
  /** Input channels; default 1. */
  inChannels?: number;
  /** Output classes; default 10. */
  numClasses?: number;
  /** Width; default 192 (ViT-Ti/16). */
  embedDim?: number;
  /** Blocks; default 12 (ViT-Ti). */
  depth?: number;
  /** Heads; default 3 (ViT-Ti). */
  heads?: number;
  /** MLP inner width factor; default 4. */
  mlpRatio?: number;
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/**
 * A Vision Transformer (Dosovitskiy et al. 2021) with timm's `VisionTransformer` parameter names:
 * `patch_embed.proj`, `cls_token [1, 1, D]`, `pos_embed [1, N + 1, D]`, `blocks.i.{norm1, attn.qkv,
 * attn.proj, norm2, mlp.fc1, mlp.fc2}`, `norm`, `head`; LayerNorm eps 1e-6, exact GELU, class-token
 * pooling. The defaults are ViT-Tiny's width/depth/heads on small single-channel images.
 * @example
 * const vit = new VisionTransformer({ imageSize: 16, patchSize: 4, embedDim: 64, depth: 4, heads: 4 });
 * vit.call(x); // [B, 10]
 */
export class VisionTransformer extends Module {
  readonly patchEmbedProj: Conv2d;
  readonly clsToken: Var;
  readonly posEmbed: Var;
  readonly blocks: ModuleList<TimmBlock>;
  readonly norm: LayerNorm;
  readonly head: Linear;
  private readonly o: Required<ViTOptions>;
  /**
   * @param options - see {@link ViTOptions}
   * @throws {WcError} `E_SHAPE` when the patch size does not divide the image or heads do not divide the width.
   */
  constructor(options: ViTOptions = {}) {
    super();
    const o = { imageSize: 16, patchSize: 4, inChannels: 1, numClasses: 10, embedDim: 192, depth: 12, heads: 3, mlpRatio: 4, seed: 0, ...options };
    if (o.imageSize % o.patchSize !== 0) throw new WcError("E_SHAPE", `VisionTransformer: patchSize ${o.patchSize} must divide imageSize ${o.imageSize}`);
    this.o = o;
    const rng = new Rng(o.seed);
    const n = (o.imageSize / o.patchSize) ** 2;
    const pe = this.registerModule("patch_embed", new PatchEmbedHolder(o.inChannels, o.embedDim, o.patchSize, rng));
    this.patchEmbedProj = pe.proj;
    const tn = (shape: number[]) => {
      const d = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < d.length; i++) d[i] = 0.02 * rng.standardNormal();
      return tensor(d, shape);
    };
    this.clsToken = this.registerParameter("cls_token", tn([1, 1, o.embedDim]));
    this.posEmbed = this.registerParameter("pos_embed", tn([1, n + 1, o.embedDim]));
    this.blocks = this.registerModule("blocks", new ModuleList(Array.from({ length: o.depth }, () => new TimmBlock(o.embedDim, o.heads, o.mlpRatio, rng, { eps: 1e-6 }))));
    this.norm = this.registerModule("norm", new LayerNorm(o.embedDim, { eps: 1e-6 }));
    this.head = this.registerModule("head", new Linear(o.embedDim, o.numClasses, { rng }));
  }
  /** Logits `[B, classes]` for `[B, C, H, W]` images or flat rows. */
  forward(x: Var): Var {
    const { inChannels: c, imageSize: s, embedDim: D } = this.o;
    const img = asImages(x, c, s, s, "VisionTransformer");
    const B = img.shape[0]!;
    const p = this.patchEmbedProj.call(img); // [B, D, h, w]
    const tokens = transpose(reshape(p, [B, D, -1]), [0, 2, 1]); // [B, N, D]
    const cls = add(constant(zeros([B, 1, D], { dtype: "float32" })), this.clsToken);
    let h = add(concat([cls, tokens], 1), this.posEmbed);
    for (const b of this.blocks.items) h = b.call(h);
    h = this.norm.call(h);
    return this.head.call(reshape(slice(h, [null, [0, 1], null]), [B, D]));
  }
}

/** `patch_embed` with child `proj` (timm `PatchEmbed`, no norm). @internal */
class PatchEmbedHolder extends Module {
  readonly proj: Conv2d;
  constructor(cin: number, dim: number, patch: number, rng: Rng) {
    super();
    this.proj = this.registerModule("proj", new Conv2d(cin, dim, patch, { stride: patch, rng }));
  }
  forward(x: Var): Var {
    return this.proj.call(x);
  }
}
