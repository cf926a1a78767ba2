import { WcError } from "@wc/tensor";

/** How each block's magnitude factorisation is computed. */
export type SvdMode = "exact" | "randomized";

/** Options of `decomposeMatrix`. */
export interface DecomposeOptions {
  /** Residual blocks to build; default 16 (`scripts/decompose.sh`; argparse default 1). */
  nIter?: number;
  /** Rank of each block's magnitude factors; default 16 (`scripts/decompose.sh`; argparse default 1). */
  k?: number;
  /**
   * Column scales `s` (length `cols`, positive, finite): the decomposition sees `W diag(s)` and
   * reconstruction divides columns by `s`. Default none (either no scaling, or scales already folded
   * into `W` with `foldScales`).
   */
  colScale?: Float32Array | Float64Array;
  /**
   * `"exact"` (default, as the official code): full thin SVD of `|R|`. `"randomized"`: the core's
   * randomized top-`k` SVD with `oversample` and `powerIters` (approximate, much faster on large matrices).
   */
  svd?: SvdMode;
  /** Round the stored factors to fp16 (official); default true. The residual always uses the unrounded factors. */
  storeFp16?: boolean;
  /** Module prefix stored in the result; default `""`. */
  name?: string;
  /** Extra sketch columns of the randomized SVD; default 8. */
  oversample?: number;
  /** Power iterations of the randomized SVD; default 4. */
  powerIters?: number;
  /** Seed of the randomized SVD's test matrices (block `i` uses `seed + i`); default 0. */
  seed?: number;
}

/** {@link DecomposeOptions} with every default filled in. */
export interface ResolvedDecomposeOptions {
  readonly nIter: number;
  readonly k: number;
  readonly colScale: Float32Array | Float64Array | undefined;
  readonly svd: SvdMode;
  readonly storeFp16: boolean;
  readonly name: string;
  readonly oversample: number;
  readonly powerIters: number;
  readonly seed: number;
}

/** Defaults of {@link DecomposeOptions}, with their source. */
export const DECOMPOSE_DEFAULTS = Object.freeze({
  /** scripts/decompose.sh `--niter 16`. */
  nIter: 16,
  /** scripts/decompose.sh `--k 16`. */
  k: 16,
  svd: "exact" as SvdMode,
  storeFp16: true,
  name: "",
  /** Spec section 7 (randomized path). */
  oversample: 8,
  /** Spec section 7 (randomized path). */
  powerIters: 4,
  seed: 0,
});

function intIn(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new WcError("E_RANGE", `bitstack: ${what} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  }
  return v;
}

/**
 * Validates decomposition options against a `rows x cols` weight and fills in the defaults.
 * @param rows - output features
 * @param cols - input features
 * @param options - user options
 * @returns a new frozen object
 * @throws {WcError} `E_RANGE` for out-of-range numbers (k above `min(rows, cols)`, nIter < 1,
 *   non-positive or non-finite scales); `E_SHAPE` for a `colScale` of the wrong length;
 *   `E_ARGUMENT` for an unknown `svd` mode.
 * @example
 * resolveDecomposeOptions(64, 48, { k: 4 }).nIter; // 16
 */
export function resolveDecomposeOptions(rows: number, cols: number, options: DecomposeOptions = {}): ResolvedDecomposeOptions {
  const d = DECOMPOSE_DEFAULTS;
  const nIter = intIn(options.nIter ?? d.nIter, 1, 4096, "nIter");
  const k = intIn(options.k ?? d.k, 1, Math.max(1, Math.min(rows, cols)), `k (at most min(rows, cols) = ${Math.min(rows, cols)})`);
  const svd = options.svd ?? d.svd;
  if (svd !== "exact" && svd !== "randomized") throw new WcError("E_ARGUMENT", `bitstack: svd must be "exact" or "randomized", got ${String(svd)}`);
  const oversample = intIn(options.oversample ?? d.oversample, 0, 1024, "oversample");
  const powerIters = intIn(options.powerIters ?? d.powerIters, 0, 100, "powerIters");
  const seed = options.seed ?? d.seed;
  if (!Number.isSafeInteger(seed)) throw new WcError("E_RANGE", `bitstack: seed must be a safe integer, got ${seed}`);
  const s = options.colScale;
  if (s !== undefined) {
    if (s.length !== cols) throw new WcError("E_SHAPE", `bitstack: colScale has length ${s.length}; expected cols = ${cols}`);
    for (let j = 0; j < s.length; j++) {
      if (!(Number.isFinite(s[j]!) && s[j]! > 0)) throw new WcError("E_RANGE", `bitstack: colScale[${j}] = ${s[j]}; scales must be positive and finite`);
    }
  }
  return Object.freeze({
    nIter,
    k,
    colScale: s,
    svd,
    storeFp16: options.storeFp16 ?? d.storeFp16,
    name: options.name ?? d.name,
    oversample,
    powerIters,
    seed,
  });
}
