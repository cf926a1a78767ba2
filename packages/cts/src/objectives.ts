import { Var, crossEntropy, exp, logSoftmax, mul, noGrad, scale, softmax, sub, sum } from "@wc/nn";
import { WcError, tensor, type FloatArray } from "@wc/tensor";
import type { Objective } from "./options";

/**
 * The CTS search objective of sparse logits `zs` against dense logits `zd` (treated as constants).
 * - `rkl`: `scale/B · Σ_b Σ_c p_s log(p_s / p_d)` (reverse KL, CTS-KL);
 * - `fkl`: `scale/B · Σ_b Σ_c p_d log(p_d / p_s)`;
 * - `task`: `scale · CE(zs, y)` (mean over the batch);
 * - `deltaloss`: `1e4 · |CE(zs, y) / CE(zd, y) − 1|` (the code's constant; `scale` is ignored).
 * @param objective - see {@link Objective}
 * @param zs - sparse-network logits `[B, C]` (differentiable)
 * @param zd - dense-network logits `[B, C]`
 * @param y - labels (needed by `task` and `deltaloss`)
 * @param lossScale - the factor (the code's 100)
 * @returns a scalar Var
 * @throws {WcError} `E_SHAPE` when the logits' shapes differ or are not 2-D.
 * @example
 * ctsObjective("rkl", zs, zd, y, 100).backward();
 */
export function ctsObjective(objective: Exclude<Objective, "gradnorm" | "msefeature" | "gradmatch">, zs: Var, zd: Var, y: Int32Array, lossScale: number): Var {
  if (zs.shape.length !== 2 || zs.shape[0] !== zd.shape[0] || zs.shape[1] !== zd.shape[1] || zd.shape.length !== 2) {
    throw new WcError("E_SHAPE", `ctsObjective: expected sparse and dense logits of one [B, C] shape, got [${zs.shape.join(", ")}] and [${zd.shape.join(", ")}]`);
  }
  const b = zs.shape[0]!;
  const d = zd.detach();
  switch (objective) {
    case "rkl": {
      const ls = logSoftmax(zs);
      const ld = noGrad(() => logSoftmax(d));
      return scale(sum(mul(exp(ls), sub(ls, ld))), lossScale / b);
    }
    case "fkl": {
      const ls = logSoftmax(zs);
      const [ld, pd] = noGrad(() => [logSoftmax(d), softmax(d)] as const);
      return scale(sum(mul(pd, sub(ld, ls))), lossScale / b);
    }
    case "task":
      return scale(crossEntropy(zs, y), lossScale);
    case "deltaloss": {
      const ld = noGrad(() => crossEntropy(d, y)).item();
      const ratio = sub(scale(crossEntropy(zs, y), 1 / ld), 1);
      const s: FloatArray = zs.dtype === "float32" ? new Float32Array(1) : new Float64Array(1);
      s[0] = ratio.item() >= 0 ? 1 : -1;
      return scale(mul(ratio, new Var(tensor(s, []))), 1e4);
    }
    default:
      throw new WcError("E_ARGUMENT", `ctsObjective: unknown objective "${String(objective)}"`);
  }
}
