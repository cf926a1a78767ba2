import { WcError } from "@wc/tensor";
import { reshape, type Var } from "@wc/nn";

/**
 * Accepts `[B, C, H, W]` images or flat rows `[B, C*H*W]` (as @wc/nn's `fit`/`evaluate` feed them)
 * and returns `[B, C, H, W]`.
 * @internal
 */
export function asImages(x: Var, c: number, h: number, w: number, where: string): Var {
  const s = x.shape;
  if (s.length === 4 && s[1] === c && s[2] === h && s[3] === w) return x;
  if (s.length === 2 && s[1] === c * h * w) return reshape(x, [s[0]!, c, h, w]);
  throw new WcError("E_SHAPE", `${where}: expected images [B, ${c}, ${h}, ${w}] or rows [B, ${c * h * w}], got [${s.join(", ")}]`);
}
