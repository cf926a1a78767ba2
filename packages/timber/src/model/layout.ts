/** Which class model links the features to the three levels. */
export type Link = "multinomial" | "ordinal";
/** Whether the levels are observed (fixed thresholds) or latent (thresholds inferred). */
export type Mode = "joint" | "fixed";

/**
 * Positions of the parameter blocks in the unconstrained parameter vector.
 *
 * Multinomial: `a` = the two intercepts a_2, a_3; `k1` = 2 linear predictors.
 * Ordinal: `a` = (c_1, log(c_2 - c_1)); `k1` = 1 linear predictor.
 * Blocks: a (2), ls = log s (k1), v (G k1, index g k1 + k), z (k1 P, index k P + j), ll = log lambda
 * (k1 P), lt = log tau (1), lc2 = log c^2 (1, regularised only), and in joint mode m (1),
 * d (2), lsig = log sigma (3).
 */
export interface Layout {
  readonly link: Link;
  readonly mode: Mode;
  readonly regularized: boolean;
  readonly P: number;
  readonly G: number;
  readonly k1: number;
  readonly a: number;
  readonly ls: number;
  readonly v: number;
  readonly z: number;
  readonly ll: number;
  readonly lt: number;
  readonly lc2: number;
  readonly m: number;
  readonly d: number;
  readonly lsig: number;
  readonly dim: number;
}

/** Builds the {@link Layout} of a model with P features and G groups. */
export function makeLayout(link: Link, mode: Mode, regularized: boolean, P: number, G: number): Layout {
  const k1 = link === "multinomial" ? 2 : 1;
  let o = 0;
  const take = (n: number): number => {
    const at = o;
    o += n;
    return at;
  };
  const a = take(2);
  const ls = take(k1);
  const v = take(G * k1);
  const z = take(k1 * P);
  const ll = take(k1 * P);
  const lt = take(1);
  const lc2 = regularized ? take(1) : -1;
  const m = mode === "joint" ? take(1) : -1;
  const d = mode === "joint" ? take(2) : -1;
  const lsig = mode === "joint" ? take(3) : -1;
  return Object.freeze({ link, mode, regularized, P, G, k1, a, ls, v, z, ll, lt, lc2, m, d, lsig, dim: o });
}
