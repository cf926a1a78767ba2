import { WcError } from "@wc/tensor";
import { checkAlpha, centre, crv1, finishEstimate, iidSE, type Estimate } from "./inference";
import type { RewardCalibrator } from "./calibrator";
import type { Sample } from "./types";

/** Options of {@link directEstimate}. */
export interface DirectOptions {
  /** Add the oracle-uncertainty (delete-one-fold jackknife) variance (default true). */
  ouaJackknife?: boolean;
  /** Cluster by prompt (CRV1) (default 'auto': when every policy covers the identical prompt set). */
  paired?: boolean | "auto";
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
}

function promptSet(samples: Sample[]): string {
  return Array.from(new Set(samples.map((s) => s.promptId))).sort().join("\u0000");
}

/**
 * Direct estimates (cje `DirectEstimator`): per policy the mean calibrated reward of its fresh draws,
 * with influence values R_i - V, a CRV1 prompt-clustered SE when the policies share the identical
 * prompt set (else the iid SE), and OUA from the K leave-fold-out calibrators.
 * At 100 % oracle coverage a labelled fresh draw uses its label and OUA is skipped.
 *
 * @param freshByPolicy - fresh draws per policy name (at least 2 per policy).
 * @param cal - a fitted {@link RewardCalibrator}.
 * @param o - {@link DirectOptions}; defaults ouaJackknife true, paired 'auto', alpha 0.05.
 * @returns an {@link Estimate} per policy.
 * @throws {WcError} `E_SHAPE` for a policy with fewer than 2 draws or no policies; `E_RANGE` for NaN
 *   scores or a bad alpha.
 * @example
 * const est = directEstimate({ a: freshA, b: freshB }, autoCalR(s, y, ids).calibrator);
 */
export function directEstimate(freshByPolicy: Record<string, Sample[]>, cal: RewardCalibrator, o: DirectOptions = {}): Record<string, Estimate> {
  const where = "directEstimate";
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const names = Object.keys(freshByPolicy);
  if (names.length === 0) throw new WcError("E_SHAPE", `${where}: no policies given`);
  for (const p of names) {
    if ((freshByPolicy[p] ?? []).length < 2) throw new WcError("E_SHAPE", `${where}: policy '${p}' needs at least 2 fresh draws, got ${(freshByPolicy[p] ?? []).length}`);
  }
  const paired = o.paired === undefined || o.paired === "auto" ? new Set(names.map((p) => promptSet(freshByPolicy[p]!))).size === 1 : o.paired;
  const full = cal.oracleCoverage === 1;
  const doOua = (o.ouaJackknife ?? true) && !full && cal.foldModels() >= 2;
  const out: Record<string, Estimate> = {};
  for (const p of names) {
    const fresh = freshByPolicy[p]!;
    const s = Float64Array.from(fresh, (x) => x.judgeScore);
    const r = cal.predict(s);
    if (full) fresh.forEach((x, i) => {
      if (typeof x.oracleLabel === "number") r[i] = x.oracleLabel;
    });
    let v = 0;
    for (const a of r) v += a;
    v /= r.length;
    const phi = centre(r.map((a) => a - v));
    const { se, df } = paired ? crv1(phi, fresh.map((x) => x.promptId)) : iidSE(phi);
    let jack: Float64Array | null = null;
    if (doOua) {
      jack = new Float64Array(cal.foldModels());
      for (let k = 0; k < jack.length; k++) {
        const rk = cal.predictFold(s, k);
        let m = 0;
        for (const a of rk) m += a;
        jack[k] = m / rk.length;
      }
    }
    out[p] = finishEstimate(v, phi, se, df, jack, alpha, { n: fresh.length, paired, estimator: "direct" });
  }
  return out;
}
