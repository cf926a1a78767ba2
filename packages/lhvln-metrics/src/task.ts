import { WcError } from "@wc/tensor";

function toFlags(s: readonly (boolean | number)[], name: string): number[] {
  if (!Array.isArray(s) || s.length === 0) throw new WcError("E_SHAPE", `${name}: expected a non-empty array of subtask successes`);
  return s.map((x, i) => {
    if (x === true || x === 1) return 1;
    if (x === false || x === 0) return 0;
    throw new WcError("E_FORMAT", `${name}: entry ${i} must be a boolean or 0/1, got ${JSON.stringify(x)}`);
  });
}

/**
 * Conditional Success Rate of one task: Σ_i s_i·(1 + (N−1)·s_{i−1}) / N² with s_0 = 1, so a subtask
 * whose predecessor succeeded counts N times and one after a failure counts once.
 *
 * @param s - subtask successes (booleans or 0/1), N >= 1
 * @returns CSR_j in [0, 1]
 * @throws WcError E_SHAPE for an empty array; E_FORMAT for entries that are not booleans/0/1
 * @example
 * csrTask([true, false, true]); // 4/9
 */
export function csrTask(s: readonly (boolean | number)[]): number {
  const f = toFlags(s, "csrTask");
  const n = f.length;
  let sum = 0;
  let prev = 1;
  for (const x of f) {
    sum += x * (1 + (n - 1) * prev);
    prev = x;
  }
  return sum / (n * n);
}

/**
 * CSR weighted by ground-truth path length of one task: Σ_i w_i·s_i·(1 + (N−1)·s_{i−1}) / N with
 * w_i = gtSteps_i / Σ gtSteps and s_0 = 1 (the official trainer passes ground-truth step counts as weights).
 *
 * @param s - subtask successes (booleans or 0/1), N >= 1
 * @param gtSteps - ground-truth steps per subtask, length N, >= 0 with a positive sum
 * @returns CGT_j in [0, 1]
 * @throws WcError E_SHAPE when lengths differ or s is empty; E_RANGE for negative/non-finite steps or a zero total
 * @example
 * cgtTask([true, false, true], [5, 10, 5]); // 1/3
 */
export function cgtTask(s: readonly (boolean | number)[], gtSteps: readonly number[]): number {
  const f = toFlags(s, "cgtTask");
  const n = f.length;
  if (!Array.isArray(gtSteps) || gtSteps.length !== n) throw new WcError("E_SHAPE", `cgtTask: gtSteps must have ${n} entries, got ${String(gtSteps?.length)}`);
  let total = 0;
  for (const g of gtSteps) {
    if (typeof g !== "number" || !Number.isFinite(g) || g < 0) throw new WcError("E_RANGE", `cgtTask: gtSteps must be finite numbers >= 0, got ${String(g)}`);
    total += g;
  }
  if (total <= 0) throw new WcError("E_RANGE", "cgtTask: gtSteps sum to 0; weights need a positive total");
  let sum = 0;
  let prev = 1;
  for (let i = 0; i < n; i++) {
    const x = f[i] as number;
    sum += ((gtSteps[i] as number) / total) * x * (1 + (n - 1) * prev);
    prev = x;
  }
  return sum / n;
}

/**
 * Target Approach Rate of one (attempted subtask) pair: 1 when both distances are 0, 0 when only the
 * ground-truth distance is 0, else 1 − max(NE − D_s, 0) / max(NE, GT).
 *
 * @param navError - NE, distance to the target when the subtask ended (m, >= 0)
 * @param gtDistance - GT, distance to the target when the subtask started (m, >= 0)
 * @param successDist - D_s in metres; default 1
 * @returns the pair's TAR in [0, 1]
 * @throws WcError E_RANGE for negative or non-finite inputs
 * @example
 * tarPair(3, 6); // 2/3
 */
export function tarPair(navError: number, gtDistance: number, successDist = 1): number {
  for (const [k, v] of [["navError", navError], ["gtDistance", gtDistance], ["successDist", successDist]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new WcError("E_RANGE", `tarPair: ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  if (navError === 0 && gtDistance === 0) return 1;
  if (gtDistance === 0) return 0;
  return 1 - Math.max(navError - successDist, 0) / Math.max(navError, gtDistance);
}
