import { softmax } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finiteF64, numOption, sameLength } from "./checks";
import { essFraction } from "./weights";

/** Result of {@link cleDiagnostics}. */
export interface CleDiagnostics {
  /** Target-typicality coverage beta = |T|/n. */
  ttc: number;
  /** Target mass alpha on the typical set T. */
  alpha: number;
  /** Same as ttc. */
  beta: number;
  /** chi^2 divergence on T: population variance of the mean-one weights restricted to T. */
  chi2T: number;
  /** alpha / sqrt(beta). */
  coveragePenalty: number;
  /** sqrt(1 + chi2T). */
  shapeMismatch: number;
  /** coveragePenalty * shapeMismatch (the CLE lower-bound factor). */
  cleFactor: number;
  /** ESS / n of the mean-one weights. */
  essFraction: number;
  /** 'good' (TTC >= 0.7), 'warning', or 'fail' (TTC < 0.3: IPS will fail). */
  ttcStatus: "good" | "warning" | "fail";
}

/**
 * Coverage-limited-efficiency and target-typicality-coverage diagnostics (cje `diagnostics/overlap.py`):
 * the target policy's typical set T (lowest surprisal -log pi'(a|x) holding `typicalMass` of the
 * self-normalised target weights), how much of the logged sample falls in it (TTC), and the resulting
 * lower-bound factor on any off-policy estimator's SE.
 *
 * @param baseLp - log pi0(a_i|x_i) (finite).
 * @param targetLp - log pi'(a_i|x_i) (finite).
 * @param o - `typicalMass` (default 0.9), `tokenCounts` (per-token surprisal when given, > 0).
 * @returns {@link CleDiagnostics}.
 * @throws {WcError} `E_SHAPE` for mismatched or empty input; `E_RANGE` for NaN/Inf, typicalMass outside (0, 1] or token counts <= 0.
 * @example
 * cleDiagnostics([-1, -2, -3, -4], [-4, -3, -2, -1]).ttc; // 0.5
 */
export function cleDiagnostics(baseLp: ArrayLike<number>, targetLp: ArrayLike<number>, o: { typicalMass?: number; tokenCounts?: ArrayLike<number> } = {}): CleDiagnostics {
  const where = "cleDiagnostics";
  const b = finiteF64(baseLp, where, "baseLp");
  const t = finiteF64(targetLp, where, "targetLp");
  sameLength(b.length, t.length, where, "baseLp", "targetLp");
  const n = b.length;
  if (n === 0) throw new WcError("E_SHAPE", `${where}: no rows`);
  const mass = numOption(o.typicalMass ?? 0.9, 0, 1, where, "typicalMass");
  const l = t.map((v, i) => v - b[i]!);
  const tw = softmax(l);
  const u = t.map((v) => -v);
  if (o.tokenCounts !== undefined) {
    const tc = finiteF64(o.tokenCounts, where, "tokenCounts");
    sameLength(n, tc.length, where, "baseLp", "tokenCounts");
    for (let i = 0; i < n; i++) {
      if (!(tc[i]! > 0)) throw new WcError("E_RANGE", `${where}: tokenCounts[${i}] must be > 0, got ${tc[i]}`);
      u[i] = u[i]! / tc[i]!;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, c) => u[a]! - u[c]! || a - c);
  let cum = 0;
  let threshold = u[order[n - 1]!]!;
  for (const i of order) {
    cum += tw[i]!;
    if (cum >= mass) {
      threshold = u[i]!;
      break;
    }
  }
  let mx = -Infinity;
  for (const v of l) mx = Math.max(mx, v);
  const w = l.map((v) => Math.exp(v - mx));
  const wMean = w.reduce((a, c) => a + c, 0) / n;
  for (let i = 0; i < n; i++) w[i] = w[i]! / wMean;
  let alpha = 0;
  const inT: number[] = [];
  for (let i = 0; i < n; i++) {
    if (u[i]! <= threshold) {
      alpha += tw[i]!;
      inT.push(w[i]!);
    }
  }
  const beta = inT.length / n;
  const mT = inT.reduce((a, c) => a + c, 0) / inT.length;
  let chi2T = 0;
  for (const v of inT) chi2T += (v / mT - 1) ** 2;
  chi2T /= inT.length;
  const coveragePenalty = alpha / Math.sqrt(beta);
  const shapeMismatch = Math.sqrt(1 + chi2T);
  return {
    ttc: beta,
    alpha,
    beta,
    chi2T,
    coveragePenalty,
    shapeMismatch,
    cleFactor: coveragePenalty * shapeMismatch,
    essFraction: essFraction(w),
    ttcStatus: beta >= 0.7 ? "good" : beta < 0.3 ? "fail" : "warning",
  };
}
