import { fitIsotonic, type IsotonicModel } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finiteF64, numOption, sameLength } from "./checks";
import { simplexMinVariance } from "./simplex";
import { rescaleMeanOne } from "./weights";

const EPS = 1e-9;

/** Options of {@link simcalW}. */
export interface SimcalOptions {
  /** ESS floor as a fraction of n (default 0.2, i.e. var <= 1/0.2 - 1 = 4); null disables it. */
  essFloor?: number | null;
  /** Cap on the population variance of the output weights (default 1.0); null disables it. */
  varCap?: number | null;
  /** Include the raw weights as a third candidate (default false). */
  includeBaseline?: boolean;
}

/** Result of {@link simcalW}: the fitted mixture and a predictor for new rows. */
export interface SimcalResult {
  /** Calibrated weights of the training rows (mean 1). */
  weights: Float64Array;
  /** Mixture weights over the candidates [increasing, decreasing(, raw)]; >= 0, sum 1. */
  pi: Float64Array;
  /** Shrinkage toward 1 applied after mixing, in [0, 1]. */
  gamma: number;
  /** Population variance of the mixture before shrinkage. */
  varBefore: number;
  /** Population variance of the output weights. */
  varAfter: number;
  /** Warnings (e.g. varCap looser than the ESS floor). */
  warnings: string[];
  /** Applies the stored maps, mixture and gamma to new weights and ordering index. */
  predict(w: ArrayLike<number>, s: ArrayLike<number>): Float64Array;
}

function floorRescale(v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) if (v[i]! < EPS) v[i] = EPS;
  return rescaleMeanOne(v);
}

function varPop(v: Float64Array): number {
  let m = 0;
  for (const a of v) m += a;
  m /= v.length;
  let s = 0;
  for (const a of v) s += (a - m) ** 2;
  return s / v.length;
}

/**
 * SIMCal-W weight stabilisation (cje `calibration/simcal.py`): projects mean-one importance weights
 * onto monotone functions of an ordering index s (isotonic increasing and decreasing fits), mixes the
 * candidates with simplex weights that minimise the variance of out-of-fold influence values of the
 * ratio estimator with targets r, then shrinks toward 1 to meet the ESS floor and variance cap.
 *
 * @param w - mean-one importance weights, all > 0 and finite (rescaled to mean 1 internally).
 * @param s - ordering index (e.g. the calibrated reward), finite.
 * @param r - targets (rewards), finite.
 * @param folds - inner fold id per row (non-negative integers).
 * @param o - {@link SimcalOptions}; defaults essFloor 0.2, varCap 1.0, includeBaseline false.
 * @returns {@link SimcalResult}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 2; `E_RANGE` for w <= 0, NaN/Inf, or bad options.
 * @example
 * const fit = simcalW(w, s, r, folds); // fit.weights has mean 1 and var_pop <= 1
 */
export function simcalW(w: ArrayLike<number>, s: ArrayLike<number>, r: ArrayLike<number>, folds: ArrayLike<number>, o: SimcalOptions = {}): SimcalResult {
  const where = "simcalW";
  const w0 = finiteF64(w, where, "w");
  const s0 = finiteF64(s, where, "s");
  const r0 = finiteF64(r, where, "r");
  const n = w0.length;
  sameLength(n, s0.length, where, "w", "s");
  sameLength(n, r0.length, where, "w", "r");
  sameLength(n, folds.length, where, "w", "folds");
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 rows, got ${n}`);
  for (let i = 0; i < n; i++) if (!(w0[i]! > 0)) throw new WcError("E_RANGE", `${where}: weights must be > 0, got w[${i}] = ${w0[i]}; drop zero-overlap rows or keep raw weights`);
  const essFloor = o.essFloor === undefined ? 0.2 : o.essFloor;
  const varCap = o.varCap === undefined ? 1.0 : o.varCap;
  if (essFloor !== null) numOption(essFloor, 0, 1, where, "essFloor");
  if (varCap !== null) numOption(varCap, 0, Infinity, where, "varCap");
  const warnings: string[] = [];
  if (essFloor !== null && (varCap === null || varCap > 1 / essFloor - 1)) {
    warnings.push(`varCap ${varCap} is looser than the ESS floor's variance bound ${1 / essFloor - 1}`);
  }
  rescaleMeanOne(w0);
  const incModel = fitIsotonic(s0, w0, { increasing: true });
  const decModel = fitIsotonic(s0, w0, { increasing: false });
  const cands: Float64Array[] = [floorRescale(incModel.fitted.slice()), floorRescale(decModel.fitted.slice())];
  if (o.includeBaseline) cands.push(floorRescale(w0.slice()));
  const k = cands.length;
  // out-of-fold influence matrix of the ratio estimator, one column per candidate
  const foldIds = Array.from(new Set(Array.from(folds, (f) => f as number)));
  const inf = cands.map(() => new Float64Array(n));
  for (let c = 0; c < k; c++) {
    const wk = cands[c]!;
    for (const f of foldIds) {
      let sw = 0;
      let swr = 0;
      let nt = 0;
      for (let i = 0; i < n; i++) {
        if (folds[i] === f) continue;
        sw += wk[i]!;
        swr += wk[i]! * r0[i]!;
        nt++;
      }
      const m = nt > 0 ? sw / nt : 1;
      const psi = sw > 0 ? swr / sw : 0;
      for (let i = 0; i < n; i++) {
        if (folds[i] !== f) continue;
        inf[c]![i] = (wk[i]! * (r0[i]! - psi) - psi * (wk[i]! - m)) / m;
      }
    }
  }
  const cov = new Float64Array(k * k);
  const means = inf.map((col) => col.reduce((a, b) => a + b, 0) / n);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let sab = 0;
      for (let i = 0; i < n; i++) sab += (inf[a]![i]! - means[a]!) * (inf[b]![i]! - means[b]!);
      cov[a * k + b] = cov[b * k + a] = sab / (n - 1);
    }
  }
  let tr = 0;
  for (let a = 0; a < k; a++) tr += cov[a * k + a]!;
  for (let a = 0; a < k; a++) cov[a * k + a] = cov[a * k + a]! + (1e-8 * tr) / k;
  const pi = simplexMinVariance(cov, k, 20);
  const mixVec = (cs: Float64Array[]): Float64Array => {
    const out = new Float64Array(cs[0]!.length);
    for (let c = 0; c < k; c++) for (let i = 0; i < out.length; i++) out[i] = out[i]! + pi[c]! * cs[c]![i]!;
    return out;
  };
  const ws = mixVec(cands);
  const varBefore = varPop(ws);
  let gamma = 0;
  if (essFloor !== null) {
    const vmax = 1 / essFloor - 1;
    if (varBefore > vmax) gamma = 1 - Math.sqrt(vmax / varBefore);
  }
  if (varCap !== null && varBefore > varCap) gamma = Math.max(gamma, 1 - Math.sqrt(varCap / varBefore));
  gamma = Math.min(1, Math.max(0, gamma));
  const shrink = (v: Float64Array): Float64Array => {
    for (let i = 0; i < v.length; i++) v[i] = 1 + (1 - gamma) * (v[i]! - 1);
    return floorRescale(v);
  };
  const weights = shrink(ws);
  const sLo = incModel.xMin;
  const sHi = incModel.xMax;
  const models: IsotonicModel[] = [incModel, decModel];
  return {
    weights,
    pi,
    gamma,
    varBefore,
    varAfter: varPop(weights),
    warnings,
    predict(wNew, sNew) {
      const wn = finiteF64(wNew, "simcalW.predict", "w");
      const sn = finiteF64(sNew, "simcalW.predict", "s");
      sameLength(wn.length, sn.length, "simcalW.predict", "w", "s");
      if (wn.length === 0) return new Float64Array(0);
      rescaleMeanOne(wn);
      const sc = sn.map((v) => Math.min(sHi, Math.max(sLo, v)));
      const cs = models.map((m) => floorRescale(m.predict(sc)));
      if (o.includeBaseline) cs.push(floorRescale(wn.slice()));
      return shrink(mixVec(cs));
    },
  };
}
