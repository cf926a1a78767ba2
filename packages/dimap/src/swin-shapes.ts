import { WcError } from "@wc/tensor";

/** Options of {@link swinParamShapes}; defaults are Swin-T at 224 (timm `swin_tiny_patch4_window7_224`). */
export interface SwinShapeOptions {
  /** Width of stage 0; default 96. */
  embedDim?: number;
  /** Blocks per stage; default [2, 2, 6, 2]. */
  depths?: readonly number[];
  /** Heads per stage; default [3, 6, 12, 24]. */
  heads?: readonly number[];
  /** Window side; default 7. */
  window?: number;
  /** Patch side; default 4. */
  patchSize?: number;
  /** Input channels; default 3. */
  inChannels?: number;
  /** Classes; default 1000. */
  numClasses?: number;
  /** MLP width factor; default 4. */
  mlpRatio?: number;
  /**
   * `"timm"` (default; timm >= 0.9: merges at the start of stage i+1, `head.fc`) or `"microsoft"`
   * (official repo and timm < 0.9: merges at the end of stage i, `head`).
   */
  naming?: "timm" | "microsoft";
}

/**
 * The names and shapes of every floating-point parameter of a Swin Transformer, as its checkpoint
 * stores them (buffers such as `relative_position_index` and attention masks are left out). Use it
 * to plan a pruning run or to build a seeded stand-in of a real checkpoint.
 * @param options - architecture (defaults: Swin-T with timm names)
 * @returns `{ name, shape }` in checkpoint order
 * @throws {WcError} `E_ARGUMENT` when depths and heads differ in length or a size is not a positive integer.
 * @example
 * swinParamShapes().find((p) => p.name === "layers.0.blocks.0.attn.qkv.weight")!.shape; // [288, 96]
 */
export function swinParamShapes(options: SwinShapeOptions = {}): { name: string; shape: number[] }[] {
  const o = { embedDim: 96, depths: [2, 2, 6, 2], heads: [3, 6, 12, 24], window: 7, patchSize: 4, inChannels: 3, numClasses: 1000, mlpRatio: 4, naming: "timm", ...options };
  if (o.depths.length === 0 || o.depths.length !== o.heads.length) {
    throw new WcError("E_ARGUMENT", `swinParamShapes: depths (${o.depths.length}) and heads (${o.heads.length}) must be non-empty and equally long`);
  }
  for (const v of [o.embedDim, o.window, o.patchSize, o.inChannels, o.numClasses, ...o.depths, ...o.heads]) {
    if (!Number.isInteger(v) || v < 1) throw new WcError("E_ARGUMENT", `swinParamShapes: sizes must be positive integers, got ${v}`);
  }
  const out: { name: string; shape: number[] }[] = [];
  const add = (name: string, shape: number[]) => out.push({ name, shape });
  const C0 = o.embedDim;
  add("patch_embed.proj.weight", [C0, o.inChannels, o.patchSize, o.patchSize]);
  add("patch_embed.proj.bias", [C0]);
  add("patch_embed.norm.weight", [C0]);
  add("patch_embed.norm.bias", [C0]);
  const merge = (prefix: string, c: number) => {
    // microsoft names the merge norm `norm`, timm too; both store reduction without bias
    if (o.naming === "microsoft") add(`${prefix}.downsample.reduction.weight`, [2 * c, 4 * c]);
    add(`${prefix}.downsample.norm.weight`, [4 * c]);
    add(`${prefix}.downsample.norm.bias`, [4 * c]);
    if (o.naming === "timm") add(`${prefix}.downsample.reduction.weight`, [2 * c, 4 * c]);
  };
  let c = C0;
  o.depths.forEach((depth, i) => {
    if (o.naming === "timm" && i > 0) {
      merge(`layers.${i}`, c);
      c *= 2;
    }
    const hidden = Math.round(c * o.mlpRatio);
    for (let j = 0; j < depth; j++) {
      const p = `layers.${i}.blocks.${j}`;
      add(`${p}.norm1.weight`, [c]);
      add(`${p}.norm1.bias`, [c]);
      add(`${p}.attn.relative_position_bias_table`, [(2 * o.window - 1) ** 2, o.heads[i]!]);
      add(`${p}.attn.qkv.weight`, [3 * c, c]);
      add(`${p}.attn.qkv.bias`, [3 * c]);
      add(`${p}.attn.proj.weight`, [c, c]);
      add(`${p}.attn.proj.bias`, [c]);
      add(`${p}.norm2.weight`, [c]);
      add(`${p}.norm2.bias`, [c]);
      add(`${p}.mlp.fc1.weight`, [hidden, c]);
      add(`${p}.mlp.fc1.bias`, [hidden]);
      add(`${p}.mlp.fc2.weight`, [c, hidden]);
      add(`${p}.mlp.fc2.bias`, [c]);
    }
    if (o.naming === "microsoft" && i < o.depths.length - 1) {
      merge(`layers.${i}`, c);
      c *= 2;
    }
  });
  add("norm.weight", [c]);
  add("norm.bias", [c]);
  const head = o.naming === "timm" ? "head.fc" : "head";
  add(`${head}.weight`, [o.numClasses, c]);
  add(`${head}.bias`, [o.numClasses]);
  return out;
}
