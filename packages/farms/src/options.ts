import { WcError } from "@wc/tensor";

/** How the lower cut-off `xmin` of the power-law tail is chosen (spec section 3, steps 2-4). */
export type XminRule = "ks" | "peak" | "median";

/**
 * Options of the power-law fit {@link fitPowerLaw}. Defaults follow the spec (WeightWatcher's
 * `fit_powerlaw` and the FARMS `analysis_esd`).
 */
export interface FitOptions {
  /**
   * `'ks'` (default): every eigenvalue is tried as xmin and the one with the smallest
   * Kolmogorov-Smirnov distance wins (WW / `powerlaw.Fit`). `'peak'`: only candidates near the
   * peak of the log10 histogram (WW `fix_fingers='xmin_peak'`). `'median'`: xmin is the
   * eigenvalue at index `floor(N / xminPos)` (TempBalance `xmin_mid`, a Hill-type estimator).
   */
  xmin?: XminRule;
  /** Divisor of N for the `'median'` rule, > 1; default 2 (TempBalance `xmin_pos`). */
  xminPos?: number;
  /** Number of log10 histogram bins for the `'peak'` rule; default 100 (WW / FARMS `bins`). */
  bins?: number;
  /**
   * Drop eigenvalues `<= evalsThresh` before fitting; default false (the FARMS code; WeightWatcher
   * always filters). When every eigenvalue would be dropped, all are kept (as the code does).
   */
  filterZeros?: boolean;
  /** Threshold of `filterZeros`; default 1e-5 (WW `EVALS_THRESH`). */
  evalsThresh?: number;
  /**
   * Keep the quirk of WW and every HT-SR repository in the `'peak'` rule: the lower bound is
   * `log10(0.95 x2)` (a log value compared with linear eigenvalues, so usually vacuous); default
   * true. `false` uses the intended lower bound `0.95 x2`.
   */
  peakLowerBug?: boolean;
}

/** Where the windows of {@link farmsEsd} start: a fixed number per axis or a fixed step. */
export type SamplingMode = "fixedOps" | "stride";

/** Options of the FARMS window sampler {@link farmsEsd} (spec section 3, step 5). */
export interface FarmsOptions {
  /** Window height `r` (rows of the `out x in` matrix); default 100 (vision config). */
  windowRows?: number;
  /** Window aspect ratio `c / r`; the window is `r x floor(r * qRatio)`; default 1.0. */
  qRatio?: number;
  /**
   * `'fixedOps'` (default; `fixed_sampling`, used by the experiments): `opsPerDim` window starts per
   * axis, evenly spread. `'stride'` (`matrix_size_dependent_sampling`): starts every `stepSize`.
   */
  mode?: SamplingMode;
  /** Window starts per axis in `'fixedOps'` mode, >= 2; default 10. */
  opsPerDim?: number;
  /** Step between window starts in `'stride'` mode; default 10. */
  stepSize?: number;
  /**
   * Shrink the window to fit the matrix: `r = min(windowRows, rows, cols)` and
   * `c = min(floor(r qRatio), cols)` (the LLM copy of the code clamps `r`); default true. `false`
   * throws `E_RANGE` when the window does not fit (the code would silently slice a smaller one).
   */
  clampWindow?: boolean;
}

/** Options of the Conv2d paths {@link esdConv2d} and {@link farmsConv2d} (spec step 1 and 6). */
export interface ConvOptions {
  /** Each kernel slice is multiplied by `sqrt(convNorm)`; default 0.5 (TempBalance / FARMS `conv_norm`). */
  convNorm?: number;
  /** FARMS window aspect ratio for conv slices; default 1.0 (C x C windows). */
  qRatio?: number;
}

/** A fully resolved, frozen {@link FitOptions}. */
export type ResolvedFitOptions = Readonly<Required<FitOptions>>;
/** A fully resolved, frozen {@link FarmsOptions}. */
export type ResolvedFarmsOptions = Readonly<Required<FarmsOptions>>;
/** A fully resolved, frozen {@link ConvOptions}. */
export type ResolvedConvOptions = Readonly<Required<ConvOptions>>;

/** Defaults of {@link FitOptions} (spec section 2; WW constants.py `EVALS_THRESH = 1e-5`). */
export const FIT_DEFAULTS: ResolvedFitOptions = Object.freeze({
  xmin: "ks",
  xminPos: 2,
  bins: 100,
  filterZeros: false,
  evalsThresh: 1e-5,
  peakLowerBug: true,
});

/** Defaults of {@link FarmsOptions} (spec section 2; vision config windowRows 100, opsPerDim 10). */
export const FARMS_DEFAULTS: ResolvedFarmsOptions = Object.freeze({
  windowRows: 100,
  qRatio: 1.0,
  mode: "fixedOps",
  opsPerDim: 10,
  stepSize: 10,
  clampWindow: true,
});

/** Defaults of {@link ConvOptions} (`conv_norm = 0.5`, `Q_ratio = 1.0`). */
export const CONV_DEFAULTS: ResolvedConvOptions = Object.freeze({ convNorm: 0.5, qRatio: 1.0 });

function bad(where: string, what: string, got: unknown, fix: string): WcError {
  return new WcError("E_RANGE", `${where}: ${what}, got ${String(got)}; ${fix}`);
}

function posInt(v: number, min: number, where: string, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw bad(where, `${name} must be an integer >= ${min}`, v, `pass e.g. ${name}: ${Math.max(min, 10)}`);
  }
  return v;
}

function posNum(v: number, where: string, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw bad(where, `${name} must be a finite number > 0`, v, `pass e.g. ${name}: 1`);
  }
  return v;
}

function bool(v: unknown, where: string, name: string): boolean {
  if (typeof v !== "boolean") throw new WcError("E_ARGUMENT", `${where}: ${name} must be a boolean, got ${String(v)}`);
  return v;
}

function object(o: unknown, where: string): Record<string, unknown> {
  if (o === undefined) return {};
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new WcError("E_ARGUMENT", `${where}: options must be an object, got ${Array.isArray(o) ? "an array" : String(o)}`);
  }
  return o as Record<string, unknown>;
}

/**
 * Validates fit options and fills the defaults of {@link FIT_DEFAULTS}.
 * @param options - partial {@link FitOptions} (not modified).
 * @param where - the calling function's name, for messages.
 * @returns a new frozen, complete options object.
 * @throws {WcError} `E_ARGUMENT` for an unknown `xmin` rule or a non-boolean flag; `E_RANGE` for
 *   `xminPos <= 1`, `bins < 1` or a negative / non-finite `evalsThresh`.
 * @example
 * resolveFitOptions({ xmin: "median" }).xminPos; // 2
 */
export function resolveFitOptions(options: FitOptions = {}, where = "fitPowerLaw"): ResolvedFitOptions {
  const o = { ...FIT_DEFAULTS, ...object(options, where) } as Required<FitOptions>;
  if (o.xmin !== "ks" && o.xmin !== "peak" && o.xmin !== "median") {
    throw new WcError("E_ARGUMENT", `${where}: xmin must be "ks", "peak" or "median", got ${String(o.xmin)}`);
  }
  if (typeof o.xminPos !== "number" || !Number.isFinite(o.xminPos) || o.xminPos <= 1) {
    throw bad(where, "xminPos must be a finite number > 1 (xmin is the eigenvalue at index floor(N / xminPos))", o.xminPos, "the default 2 puts xmin at the median eigenvalue");
  }
  posInt(o.bins, 1, where, "bins");
  if (typeof o.evalsThresh !== "number" || !Number.isFinite(o.evalsThresh) || o.evalsThresh < 0) {
    throw bad(where, "evalsThresh must be a finite number >= 0", o.evalsThresh, "the default is 1e-5");
  }
  bool(o.filterZeros, where, "filterZeros");
  bool(o.peakLowerBug, where, "peakLowerBug");
  return Object.freeze({ ...o });
}

/**
 * Validates FARMS sampler options and fills the defaults of {@link FARMS_DEFAULTS}.
 * @param options - partial {@link FarmsOptions} (not modified).
 * @param where - the calling function's name, for messages.
 * @returns a new frozen, complete options object.
 * @throws {WcError} `E_ARGUMENT` for an unknown `mode`; `E_RANGE` for `windowRows < 1`,
 *   `qRatio <= 0`, `opsPerDim < 2` or `stepSize < 1`.
 * @example
 * resolveFarmsOptions({ windowRows: 64 }).opsPerDim; // 10
 */
export function resolveFarmsOptions(options: FarmsOptions = {}, where = "farmsEsd"): ResolvedFarmsOptions {
  const o = { ...FARMS_DEFAULTS, ...object(options, where) } as Required<FarmsOptions>;
  if (o.mode !== "fixedOps" && o.mode !== "stride") {
    throw new WcError("E_ARGUMENT", `${where}: mode must be "fixedOps" or "stride", got ${String(o.mode)}`);
  }
  posInt(o.windowRows, 1, where, "windowRows");
  posNum(o.qRatio, where, "qRatio");
  posInt(o.opsPerDim, 2, where, "opsPerDim");
  posInt(o.stepSize, 1, where, "stepSize");
  bool(o.clampWindow, where, "clampWindow");
  return Object.freeze({ ...o });
}

/**
 * Validates conv options and fills the defaults of {@link CONV_DEFAULTS}.
 * @param options - partial {@link ConvOptions} (not modified).
 * @param where - the calling function's name, for messages.
 * @returns a new frozen, complete options object.
 * @throws {WcError} `E_RANGE` for `convNorm <= 0` or `qRatio <= 0` (or non-finite).
 * @example
 * resolveConvOptions().convNorm; // 0.5
 */
export function resolveConvOptions(options: ConvOptions = {}, where = "esdConv2d"): ResolvedConvOptions {
  const o = { ...CONV_DEFAULTS, ...object(options, where) } as Required<ConvOptions>;
  posNum(o.convNorm, where, "convNorm");
  posNum(o.qRatio, where, "qRatio");
  return Object.freeze({ ...o });
}
