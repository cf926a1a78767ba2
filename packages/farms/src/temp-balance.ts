import { WcError } from "@wc/tensor";

/** How {@link tempBalanceLRs} maps alphas to learning rates (TempBalance `get_layer_temps`). */
export type TempBalanceAssign = "linear" | "sqrt" | "log2" | "step";

/** Options of {@link tempBalanceLRs}. */
export interface TempBalanceOptions {
  /**
   * `'linear'` (default, `tb_linear_map`): `np.interp(alpha, [min, max], [minRatio, maxRatio] * baseLr)`.
   * `'sqrt'` / `'log2'`: `n baseLr f(alpha) / sum f(alpha)`. `'step'` (`tbr`): by rank of alpha,
   * `baseLr (minRatio + (maxRatio - minRatio) rank / n)`.
   */
  assign?: TempBalanceAssign;
  /** LR factor of the smallest alpha; default 0.5. */
  minRatio?: number;
  /** LR factor of the largest alpha; default 1.5. */
  maxRatio?: number;
}

function checkAlphas(alphas: readonly number[], where: string): void {
  if (!Array.isArray(alphas) && !(ArrayBuffer.isView(alphas) && !(alphas instanceof DataView))) {
    throw new WcError("E_ARGUMENT", `${where}: alphas must be an array of numbers, got ${String(alphas)}`);
  }
  if (alphas.length === 0) throw new WcError("E_RANGE", `${where}: alphas is empty; pass one alpha per layer`);
  for (let i = 0; i < alphas.length; i++) {
    if (typeof alphas[i] !== "number" || !Number.isFinite(alphas[i]!)) {
      throw new WcError("E_RANGE", `${where}: alphas[${i}] is ${alphas[i]}; every alpha must be finite (drop layers whose fit failed)`);
    }
  }
}

/**
 * TempBalance layer-wise learning rates from per-layer alphas (spec section 3, step 7): a layer
 * with a larger alpha (less trained) gets a larger LR. Recompute every epoch with the scheduled
 * global LR as `baseLr`. (Which layers to include: TempBalance drops the first and last analysed
 * layer and layers with fewer than 5 eigenvalues; parameters not listed keep `baseLr`.) With all
 * alphas equal, `'linear'` returns `maxRatio * baseLr` for every layer, as `np.interp` does.
 *
 * @param alphas - one finite alpha per layer, in module order (not modified).
 * @param baseLr - the global learning rate, finite and >= 0.
 * @param options - {@link TempBalanceOptions}; defaults `{ assign: 'linear', minRatio: 0.5, maxRatio: 1.5 }`.
 * @returns a new array of learning rates, one per layer.
 * @throws {WcError} `E_RANGE` for empty/non-finite alphas, a negative `baseLr`, `minRatio > maxRatio`,
 *   or `'log2'`/`'sqrt'` on alphas whose transform sums to 0 or is undefined; `E_ARGUMENT` for an
 *   unknown `assign`.
 * @example
 * tempBalanceLRs([2, 3, 4], 0.1); // [0.05, 0.1, 0.15]
 */
export function tempBalanceLRs(alphas: readonly number[], baseLr: number, options: TempBalanceOptions = {}): number[] {
  const where = "tempBalanceLRs";
  checkAlphas(alphas, where);
  if (typeof baseLr !== "number" || !Number.isFinite(baseLr) || baseLr < 0) {
    throw new WcError("E_RANGE", `${where}: baseLr must be a finite number >= 0, got ${baseLr}`);
  }
  const assign = options.assign ?? "linear";
  const lo = options.minRatio ?? 0.5;
  const hi = options.maxRatio ?? 1.5;
  for (const [name, v] of [["minRatio", lo], ["maxRatio", hi]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new WcError("E_RANGE", `${where}: ${name} must be a finite number >= 0, got ${v}`);
  }
  if (lo > hi) throw new WcError("E_RANGE", `${where}: minRatio (${lo}) must not exceed maxRatio (${hi})`);
  const n = alphas.length;
  if (assign === "linear") {
    let amin = Infinity;
    let amax = -Infinity;
    for (const a of alphas) {
      amin = Math.min(amin, a);
      amax = Math.max(amax, a);
    }
    const y0 = lo * baseLr;
    const y1 = hi * baseLr;
    // np.interp with xp = [amin, amax]: x >= xp[-1] gives fp[-1] (so all-equal alphas give y1).
    return Array.from(alphas, (a) => (a >= amax ? y1 : a <= amin ? y0 : y0 + ((a - amin) * (y1 - y0)) / (amax - amin)));
  }
  if (assign === "sqrt" || assign === "log2") {
    const f = assign === "sqrt" ? Math.sqrt : Math.log2;
    const v = Array.from(alphas, (a) => f(a));
    let s = 0;
    for (const x of v) s += x;
    if (!Number.isFinite(s) || s === 0 || v.some((x) => !Number.isFinite(x))) {
      throw new WcError("E_RANGE", `${where}: '${assign}' needs alphas with finite ${assign}(alpha) of non-zero sum (alphas > 0${assign === "log2" ? ", not all 1" : ""})`);
    }
    return v.map((x) => (n * baseLr * x) / s);
  }
  if (assign === "step") {
    const order = Array.from(alphas, (_, i) => i).sort((a, b) => alphas[a]! - alphas[b]! || a - b);
    const out = new Array<number>(n);
    order.forEach((layer, rank) => {
      out[layer] = baseLr * (lo + ((hi - lo) * rank) / n);
    });
    return out;
  }
  throw new WcError("E_ARGUMENT", `${where}: assign must be "linear", "sqrt", "log2" or "step", got ${String(assign)}`);
}
