import { WcError, type Rng } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, wrap } from "../internal/alloc";
import { Var as VarNode } from "../autograd/var";
import { mul } from "./elementwise";

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Apply dropout (training); when false the input passes through unchanged. Default true. */
  training?: boolean;
}

/**
 * Inverted dropout: zeroes each element with probability `p` and scales the rest by `1/(1-p)`.
 * @param x - input
 * @param p - drop probability in [0, 1)
 * @param rng - a @wc/tensor `Rng` (same seed, same mask)
 * @param options - see {@link DropoutOptions}
 * @returns a new Var (or `x` itself when not training or `p = 0`)
 * @throws {WcError} `E_RANGE` for `p` outside [0, 1).
 * @example
 * dropout(h, 0.1, rng(7));
 */
export function dropout(x: Var, p: number, rng: Rng, options: DropoutOptions = {}): Var {
  if (!(p >= 0 && p < 1)) throw new WcError("E_RANGE", `dropout: p must be in [0, 1), got ${p}`);
  if (options.training === false || p === 0) return x;
  const xd = x.data;
  const keep = allocLike(xd, xd.length);
  const s = 1 / (1 - p);
  for (let i = 0; i < xd.length; i++) keep[i] = rng.uniform() < p ? 0 : s;
  const out = allocLike(xd, xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = xd[i]! * keep[i]!;
  return makeOutput(out, x.shape, [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let i = 0; i < xd.length; i++) gx[i] = g[i]! * keep[i]!;
    accumulate(x, gx, true);
  }, "dropout", (g) => [mul(g, new VarNode(wrap(keep, x.shape)))]);
}
