import type { LogDensityFn } from "@wc/stats";
import type { Layout } from "./layout";
import { multinomialLogProbs, ordinalLogProbs } from "./class-probs";

/** Data of the class model: standardised features (n x P row-major), group index, labels or R. */
export interface ModelData {
  readonly n: number;
  readonly X: Float64Array;
  readonly group: Int32Array;
  /** Level - 1 (0, 1, 2) per specimen; fixed mode. */
  readonly labels?: Int32Array;
  /** Residual performance per specimen; joint mode. */
  readonly r?: Float64Array;
}

/** Hyper-parameters of the priors (see the spec, section 3.5). */
export interface PriorConfig {
  readonly tau0: number;
  readonly slabScale: number;
  readonly slabDf: number;
  readonly regularized: boolean;
  /** Prior sd of the intercepts / cutpoints (2.5). */
  readonly interceptScale: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The unnormalised log posterior of the reuse model on the unconstrained scale, with its gradient
 * derived by hand (softmax / cumulative-logit likelihood, latent-class log-sum-exp in joint mode,
 * non-centred group effects, regularised horseshoe with log-scale Jacobians).
 *
 * @param data - {@link ModelData}.
 * @param L - parameter {@link Layout}.
 * @param prior - {@link PriorConfig}.
 * @returns a log density that writes its gradient, as @wc/stats' `nuts` expects.
 */
export function makeLogPosterior(data: ModelData, L: Layout, prior: PriorConfig): LogDensityFn {
  const { n, X, group } = data;
  const { P, G, k1 } = L;
  const beta = new Float64Array(k1 * P);
  const lamT = new Float64Array(k1 * P);
  const u = new Float64Array(G * k1);
  const gBeta = new Float64Array(k1 * P);
  const gU = new Float64Array(G * k1);
  const logpi = new Float64Array(3);
  const da = new Float64Array(3);
  const db = new Float64Array(3);
  const resp = new Float64Array(3);
  const lk = new Float64Array(3);
  const mu = new Float64Array(3);
  const sig = new Float64Array(3);
  const gMu = new Float64Array(3);
  const gLs = new Float64Array(3);
  const joint = L.mode === "joint";
  const ordinal = L.link === "ordinal";
  const iv2 = 1 / (prior.interceptScale * prior.interceptScale);
  const alphaC = prior.slabDf / 2;
  const betaC = (prior.slabDf * prior.slabScale * prior.slabScale) / 2;

  return (q: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let lp = 0;
    // ---- global shrinkage
    const lt = q[L.lt] as number;
    const tau = Math.exp(lt);
    const tt = tau / prior.tau0;
    lp += -Math.log1p(tt * tt) + lt;
    g[L.lt] = (-2 * tt * tt) / (1 + tt * tt) + 1;
    let c2 = Infinity;
    if (L.regularized) {
      const w = q[L.lc2] as number;
      c2 = Math.exp(w);
      lp += -alphaC * w - betaC * Math.exp(-w);
      g[L.lc2] = -alphaC + betaC * Math.exp(-w);
    }
    // ---- coefficients beta = z tau lambda~
    for (let kj = 0; kj < k1 * P; kj++) {
      const ll = q[L.ll + kj] as number;
      const lam = Math.exp(ll);
      const z = q[L.z + kj] as number;
      lp += -Math.log1p(lam * lam) + ll - 0.5 * z * z;
      g[L.ll + kj] = (-2 * lam * lam) / (1 + lam * lam) + 1;
      g[L.z + kj] = -z;
      const lt2 = L.regularized ? (c2 * lam * lam) / (c2 + tau * tau * lam * lam) : lam * lam;
      lamT[kj] = Math.sqrt(lt2);
      beta[kj] = z * tau * (lamT[kj] as number);
    }
    // ---- group effects u = s v
    for (let k = 0; k < k1; k++) {
      const ls = q[L.ls + k] as number;
      const s = Math.exp(ls);
      lp += -0.5 * s * s + ls;
      g[L.ls + k] = -s * s + 1;
      for (let gi = 0; gi < G; gi++) {
        const v = q[L.v + gi * k1 + k] as number;
        lp += -0.5 * v * v;
        g[L.v + gi * k1 + k] = -v;
        u[gi * k1 + k] = s * v;
      }
    }
    // ---- intercepts / cutpoints
    const q0 = q[L.a] as number;
    const q1 = q[L.a + 1] as number;
    let c1 = 0;
    let cc2 = 0;
    if (ordinal) {
      c1 = q0;
      cc2 = q0 + Math.exp(q1);
      lp += -0.5 * (c1 * c1 + cc2 * cc2) * iv2 + q1;
    } else {
      lp += -0.5 * (q0 * q0 + q1 * q1) * iv2;
    }
    // ---- latent-class emission (joint mode)
    if (joint) {
      const m = q[L.m] as number;
      const d1 = q[L.d] as number;
      const d2 = q[L.d + 1] as number;
      mu[0] = m;
      mu[1] = m - Math.exp(d1);
      mu[2] = mu[1] - Math.exp(d2);
      lp += (-0.5 * (m - 1) * (m - 1)) / 0.01;
      const l01 = Math.log(0.1);
      lp += -0.5 * ((d1 - l01) ** 2 + (d2 - l01) ** 2);
      for (let k = 0; k < 3; k++) {
        const ls = q[L.lsig + k] as number;
        sig[k] = Math.exp(ls);
        lp += (-0.5 * (sig[k] as number) ** 2) / 0.01 + ls;
      }
      gMu.fill(0);
      gLs.fill(0);
    }
    // ---- likelihood
    gBeta.fill(0);
    gU.fill(0);
    let gA0 = 0;
    let gA1 = 0;
    for (let i = 0; i < n; i++) {
      const gi = group[i] as number;
      const xo = i * P;
      let e0 = u[gi * k1] as number;
      let e1 = k1 === 2 ? (u[gi * k1 + 1] as number) : 0;
      for (let j = 0; j < P; j++) {
        const x = X[xo + j] as number;
        e0 += x * (beta[j] as number);
        if (k1 === 2) e1 += x * (beta[P + j] as number);
      }
      if (ordinal) ordinalLogProbs(c1, cc2, e0, logpi, da, db);
      else multinomialLogProbs(q0 + e0, q1 + e1, logpi);
      if (joint) {
        const r = data.r![i] as number;
        let mx = -Infinity;
        for (let k = 0; k < 3; k++) {
          const zk = (r - (mu[k] as number)) / (sig[k] as number);
          const v = (logpi[k] as number) - HALF_LOG_2PI - Math.log(sig[k] as number) - 0.5 * zk * zk;
          lk[k] = v;
          if (v > mx) mx = v;
        }
        let s = 0;
        for (let k = 0; k < 3; k++) s += Math.exp((lk[k] as number) - mx);
        lp += mx + Math.log(s);
        for (let k = 0; k < 3; k++) {
          const rk = Math.exp((lk[k] as number) - mx) / s;
          resp[k] = rk;
          const zk = (r - (mu[k] as number)) / (sig[k] as number);
          gMu[k] = (gMu[k] as number) + (rk * zk) / (sig[k] as number);
          gLs[k] = (gLs[k] as number) + rk * (zk * zk - 1);
        }
      } else {
        const lab = data.labels![i] as number;
        lp += logpi[lab] as number;
        resp.fill(0);
        resp[lab] = 1;
      }
      // d loglik / d eta
      let g0: number;
      let g1 = 0;
      if (ordinal) {
        let ga = 0;
        let gb = 0;
        for (let k = 0; k < 3; k++) {
          ga += (resp[k] as number) * (da[k] as number);
          gb += (resp[k] as number) * (db[k] as number);
        }
        gA0 += ga;
        gA1 += gb;
        g0 = -(ga + gb);
      } else {
        g0 = (resp[1] as number) - Math.exp(logpi[1] as number);
        g1 = (resp[2] as number) - Math.exp(logpi[2] as number);
        gA0 += g0;
        gA1 += g1;
      }
      gU[gi * k1] = (gU[gi * k1] as number) + g0;
      if (k1 === 2) gU[gi * k1 + 1] = (gU[gi * k1 + 1] as number) + g1;
      for (let j = 0; j < P; j++) {
        const x = X[xo + j] as number;
        gBeta[j] = (gBeta[j] as number) + g0 * x;
        if (k1 === 2) gBeta[P + j] = (gBeta[P + j] as number) + g1 * x;
      }
    }
    // ---- chain rule: intercepts / cutpoints
    if (ordinal) {
      const dc1 = gA0 - c1 * iv2;
      const dc2 = gA1 - cc2 * iv2;
      g[L.a] = dc1 + dc2;
      g[L.a + 1] = dc2 * (cc2 - c1) + 1;
    } else {
      g[L.a] = gA0 - q0 * iv2;
      g[L.a + 1] = gA1 - q1 * iv2;
    }
    // ---- group effects
    for (let k = 0; k < k1; k++) {
      const s = Math.exp(q[L.ls + k] as number);
      let acc = 0;
      for (let gi = 0; gi < G; gi++) {
        const gu = gU[gi * k1 + k] as number;
        g[L.v + gi * k1 + k] = (g[L.v + gi * k1 + k] as number) + gu * s;
        acc += gu * (u[gi * k1 + k] as number);
      }
      g[L.ls + k] = (g[L.ls + k] as number) + acc;
    }
    // ---- horseshoe
    let gLt = 0;
    let gLc2 = 0;
    for (let kj = 0; kj < k1 * P; kj++) {
      const gb = gBeta[kj] as number;
      if (gb === 0) continue;
      const b = beta[kj] as number;
      g[L.z + kj] = (g[L.z + kj] as number) + gb * tau * (lamT[kj] as number);
      if (L.regularized) {
        const lam = Math.exp(q[L.ll + kj] as number);
        const t2l2 = tau * tau * lam * lam;
        const D = c2 + t2l2;
        const f = (gb * b * c2) / D;
        g[L.ll + kj] = (g[L.ll + kj] as number) + f;
        gLt += f;
        gLc2 += (0.5 * gb * b * t2l2) / D;
      } else {
        g[L.ll + kj] = (g[L.ll + kj] as number) + gb * b;
        gLt += gb * b;
      }
    }
    g[L.lt] = (g[L.lt] as number) + gLt;
    if (L.regularized) g[L.lc2] = (g[L.lc2] as number) + gLc2;
    // ---- emission parameters
    if (joint) {
      const e1 = Math.exp(q[L.d] as number);
      const e2 = Math.exp(q[L.d + 1] as number);
      const m = q[L.m] as number;
      g[L.m] = (gMu[0] as number) + (gMu[1] as number) + (gMu[2] as number) - (m - 1) / 0.01;
      const l01 = Math.log(0.1);
      g[L.d] = -e1 * ((gMu[1] as number) + (gMu[2] as number)) - ((q[L.d] as number) - l01);
      g[L.d + 1] = -e2 * (gMu[2] as number) - ((q[L.d + 1] as number) - l01);
      for (let k = 0; k < 3; k++) g[L.lsig + k] = (gLs[k] as number) - (sig[k] as number) ** 2 / 0.01 + 1;
    }
    return lp;
  };
}
