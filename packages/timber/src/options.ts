import { WcError } from "@wc/tensor";
import { checkFinite, checkInt, checkPositive } from "./checks";
import type { Link, Mode } from "./model/layout";

/** Prior hyper-parameters of the regularised horseshoe (Piironen and Vehtari 2017). */
export interface HorseshoePrior {
  /** Scale of the half-Cauchy prior on the global shrinkage tau (default 1). */
  tau0?: number;
  /** Slab scale s of the regularised horseshoe (default 2). */
  slabScale?: number;
  /** Slab degrees of freedom nu (default 4). */
  slabDf?: number;
  /** Use the regularised horseshoe (default true); false gives the plain horseshoe. */
  regularized?: boolean;
}

/** Options of {@link fitReuseModel}. Every default is listed here. */
export interface FitOptions {
  /** 'joint' (default): levels latent, thresholds inferred [design]; 'fixed': levels from `thresholds`. */
  mode?: Mode;
  /** Fixed mode: [t12, t23], or just t23 with t12 = 0.90 (paper). Required in fixed mode. */
  thresholds?: readonly [number, number] | number;
  /** 'multinomial' (default, paper) or 'ordinal' (cumulative logit). */
  link?: Link;
  /** Horseshoe prior; defaults tau0 = 1, slabScale = 2, slabDf = 4, regularized = true. */
  prior?: HorseshoePrior;
  /** 'nuts' (default, @wc/stats) or 'slice' (gradient-free cross-check). */
  sampler?: "nuts" | "slice";
  /** Number of chains (default 4). */
  chains?: number;
  /** Warmup iterations per chain (default 1000). */
  warmup?: number;
  /** Kept draws per chain (default 1000). */
  draws?: number;
  /** NUTS target acceptance (default 0.8). */
  targetAccept?: number;
  /** NUTS maximum tree depth (default 10). */
  maxTreeDepth?: number;
  /** Seed; chain c uses seed + c (default 0). */
  seed?: number;
  /** Column names for reports (default x1, x2, ...). */
  featureNames?: readonly string[];
  /** Per column: z-score with the training mean/sd (default: every column except 0/1 indicators). */
  standardize?: readonly boolean[];
}

/** Options after defaults and validation. */
export interface ResolvedFitOptions {
  readonly mode: Mode;
  readonly thresholds: readonly [number, number] | undefined;
  readonly link: Link;
  readonly prior: Required<HorseshoePrior>;
  readonly sampler: "nuts" | "slice";
  readonly chains: number;
  readonly warmup: number;
  readonly draws: number;
  readonly targetAccept: number;
  readonly maxTreeDepth: number;
  readonly seed: number;
}

/**
 * Applies the defaults of {@link FitOptions} and validates them.
 * @throws {WcError} `E_ARGUMENT` for unknown enum values or fixed mode without thresholds; `E_RANGE` for out-of-range numbers.
 */
export function resolveFitOptions(o: FitOptions = {}): ResolvedFitOptions {
  const where = "fitReuseModel";
  const mode = o.mode ?? "joint";
  if (mode !== "joint" && mode !== "fixed") throw new WcError("E_ARGUMENT", `${where}: mode must be 'joint' or 'fixed', got ${String(mode)}`);
  const link = o.link ?? "multinomial";
  if (link !== "multinomial" && link !== "ordinal") throw new WcError("E_ARGUMENT", `${where}: link must be 'multinomial' or 'ordinal', got ${String(link)}`);
  const sampler = o.sampler ?? "nuts";
  if (sampler !== "nuts" && sampler !== "slice") throw new WcError("E_ARGUMENT", `${where}: sampler must be 'nuts' or 'slice', got ${String(sampler)}`);
  let thresholds: [number, number] | undefined;
  if (mode === "fixed") {
    if (o.thresholds === undefined) {
      throw new WcError("E_ARGUMENT", `${where}: fixed mode needs thresholds [t12, t23] (or t23 alone, with t12 = 0.90)`);
    }
    const t = typeof o.thresholds === "number" ? ([0.9, o.thresholds] as const) : o.thresholds;
    if (!Array.isArray(t) || t.length !== 2) throw new WcError("E_ARGUMENT", `${where}: thresholds must be [t12, t23] or a number`);
    const t12 = checkFinite(t[0], where, "t12");
    const t23 = checkFinite(t[1], where, "t23");
    if (!(t12 > t23)) throw new WcError("E_RANGE", `${where}: expected t12 > t23, got ${t12} and ${t23}`);
    thresholds = [t12, t23];
  }
  const p = o.prior ?? {};
  const prior = {
    tau0: checkPositive(p.tau0 ?? 1, where, "prior.tau0"),
    slabScale: checkPositive(p.slabScale ?? 2, where, "prior.slabScale"),
    slabDf: checkPositive(p.slabDf ?? 4, where, "prior.slabDf"),
    regularized: p.regularized ?? true,
  };
  const targetAccept = checkFinite(o.targetAccept ?? 0.8, where, "targetAccept");
  if (!(targetAccept > 0 && targetAccept < 1)) throw new WcError("E_RANGE", `${where}: targetAccept must be in (0, 1), got ${targetAccept}`);
  return Object.freeze({
    mode,
    thresholds,
    link,
    prior: Object.freeze(prior),
    sampler,
    chains: checkInt(o.chains ?? 4, 1, where, "chains"),
    warmup: checkInt(o.warmup ?? 1000, 0, where, "warmup"),
    draws: checkInt(o.draws ?? 1000, 4, where, "draws"),
    targetAccept,
    maxTreeDepth: checkInt(o.maxTreeDepth ?? 10, 1, where, "maxTreeDepth"),
    seed: checkInt(o.seed ?? 0, 0, where, "seed"),
  });
}
