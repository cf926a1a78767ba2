import type { Layout } from "./layout";
import { multinomialLogProbs, ordinalLogProbs } from "./class-probs";

/** One posterior draw on the constrained scale. */
export interface Draw {
  /** Multinomial: intercepts (a_2, a_3); ordinal: cutpoints (c_1, c_2). */
  a: Float64Array;
  /** Group-effect scales s_k (k1). */
  s: Float64Array;
  /** Group effects u (G x k1). */
  u: Float64Array;
  /** Coefficients beta (k1 x P). */
  beta: Float64Array;
  /** Local scales lambda (k1 x P). */
  lambda: Float64Array;
  /** Shrinkage factors kappa = 1 / (1 + tau^2 lambda~^2) (k1 x P). */
  kappa: Float64Array;
  tau: number;
  /** Slab variance c^2 (Infinity for the plain horseshoe). */
  c2: number;
  /** Joint mode: ordered emission means and sds. */
  mu: Float64Array;
  sigma: Float64Array;
}

/** Allocates a {@link Draw} for a layout. */
export function emptyDraw(L: Layout): Draw {
  const kp = L.k1 * L.P;
  return {
    a: new Float64Array(2),
    s: new Float64Array(L.k1),
    u: new Float64Array(L.G * L.k1),
    beta: new Float64Array(kp),
    lambda: new Float64Array(kp),
    kappa: new Float64Array(kp),
    tau: 0,
    c2: Infinity,
    mu: new Float64Array(3),
    sigma: new Float64Array(3),
  };
}

/** Maps an unconstrained parameter vector to the constrained {@link Draw} (written into `out`). */
export function constrain(q: ArrayLike<number>, L: Layout, out: Draw): Draw {
  const tau = Math.exp(q[L.lt] as number);
  const c2 = L.regularized ? Math.exp(q[L.lc2] as number) : Infinity;
  out.tau = tau;
  out.c2 = c2;
  for (let kj = 0; kj < L.k1 * L.P; kj++) {
    const lam = Math.exp(q[L.ll + kj] as number);
    const lt2 = L.regularized ? (c2 * lam * lam) / (c2 + tau * tau * lam * lam) : lam * lam;
    out.lambda[kj] = lam;
    out.beta[kj] = (q[L.z + kj] as number) * tau * Math.sqrt(lt2);
    out.kappa[kj] = 1 / (1 + tau * tau * lt2);
  }
  for (let k = 0; k < L.k1; k++) {
    const s = Math.exp(q[L.ls + k] as number);
    out.s[k] = s;
    for (let g = 0; g < L.G; g++) out.u[g * L.k1 + k] = s * (q[L.v + g * L.k1 + k] as number);
  }
  if (L.link === "ordinal") {
    out.a[0] = q[L.a] as number;
    out.a[1] = (q[L.a] as number) + Math.exp(q[L.a + 1] as number);
  } else {
    out.a[0] = q[L.a] as number;
    out.a[1] = q[L.a + 1] as number;
  }
  if (L.mode === "joint") {
    out.mu[0] = q[L.m] as number;
    out.mu[1] = (out.mu[0] as number) - Math.exp(q[L.d] as number);
    out.mu[2] = (out.mu[1] as number) - Math.exp(q[L.d + 1] as number);
    for (let k = 0; k < 3; k++) out.sigma[k] = Math.exp(q[L.lsig + k] as number);
  }
  return out;
}

/**
 * Class probabilities of one standardised feature row under a draw, with group effects `u0`
 * (and `u1` for the multinomial link). Writes pi (length 3) into `out`.
 */
export function classProbs(d: Draw, L: Layout, x: ArrayLike<number>, xo: number, u0: number, u1: number, out: Float64Array): void {
  let e0 = u0;
  let e1 = u1;
  for (let j = 0; j < L.P; j++) {
    const v = x[xo + j] as number;
    e0 += v * (d.beta[j] as number);
    if (L.k1 === 2) e1 += v * (d.beta[L.P + j] as number);
  }
  if (L.link === "ordinal") ordinalLogProbs(d.a[0] as number, d.a[1] as number, e0, out);
  else multinomialLogProbs((d.a[0] as number) + e0, (d.a[1] as number) + e1, out);
  for (let k = 0; k < 3; k++) out[k] = Math.exp(out[k] as number);
}
