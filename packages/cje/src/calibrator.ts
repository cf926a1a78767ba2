import type { IsotonicModel } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finiteF64, intOption, sameLength } from "./checks";
import { foldOf as hashFold } from "./folds";
import { fitRewardMaps, oofPredict } from "./reward-maps";
import type { FittedMode, ModeSelection } from "./two-stage";

/** Options of {@link autoCalR}. */
export interface CalibOpts {
  /**
   * Calibration mode (default 'monotone'): 'monotone' = isotonic of Y on S; 'two_stage' = cubic
   * B-spline + LOO ridge g(S), ECDF mid-rank U of g, isotonic of Y on U (cje `FlexibleCalibrator`);
   * 'auto' = two-stage when its out-of-fold RMSE beats monotone by one SE or in 2 of 3 S-terciles.
   */
  mode?: "monotone" | "two_stage" | "auto";
  /** Number of cross-fitting folds K (default 5). */
  nFolds?: number;
  /** Seed of the fold hash (default 42). */
  seed?: number;
  /** Fold of a prompt (default: BLAKE2b hash of `${promptId}-${seed}-${nFolds}` mod K, as cje's `get_fold`). */
  foldOf?: (promptId: string) => number;
}

/** The judge-to-oracle map learned by {@link autoCalR}: a global model and K leave-fold-out models. */
export interface RewardCalibrator {
  /** f_all(s): the global map, clipped to [0, 1]. */
  predict(s: ArrayLike<number>): Float64Array;
  /** f^(-k)(s) for each row with its fold k (f_all where no fold model exists). */
  predictOOF(s: ArrayLike<number>, folds: ArrayLike<number>): Float64Array;
  /** f^(-k)(s) for every row (the jackknife replicate k used by OUA; two-stage routes S through g_k and its ECDF). */
  predictFold(s: ArrayLike<number>, k: number): Float64Array;
  /** Number of fold models K (0 when cross-fitting was not possible). */
  foldModels(): number;
  /** Fold of a prompt under this calibrator's fold rule. */
  foldOf(promptId: string): number;
  /** Fraction of rows with an oracle label. */
  readonly oracleCoverage: number;
  /** Number of oracle labels used. */
  readonly nOracle: number;
  /** The global model's final isotonic stage (knots in S for 'monotone', in the rank index U for 'two_stage'). */
  readonly model: IsotonicModel;
  /** Mode of the fitted maps ('auto' resolves to one of these). */
  readonly mode: FittedMode;
  /** The global map's isotonic input: S itself ('monotone') or U = ECDF(g(S)) ('two_stage'). */
  index(s: ArrayLike<number>): Float64Array;
}

/** Result of {@link autoCalR}. */
export interface AutoCalResult {
  calibrator: RewardCalibrator;
  /** R_i = f_all(S_i) for every row (R_i = Y_i at 100 % oracle coverage). */
  rewards: Float64Array;
  /** Fold of every row. */
  foldIds: Int32Array;
  /** RMSE of out-of-fold predictions on the oracle rows (NaN without fold models). */
  rmseOOF: number;
  /** Mode actually fitted. */
  selectedMode: FittedMode;
  /** Auto-mode comparison (null for fixed modes or without cross-fitting). */
  selection: ModeSelection | null;
}

/**
 * AutoCal-R: isotonic regression of oracle labels on judge scores (mode 'monotone'), or on the
 * ECDF rank of a spline + ridge pre-fit (mode 'two_stage'), or the better of the two by cje's
 * out-of-fold rule (mode 'auto'), cross-fitted by prompt folds as cje's `JudgeCalibrator`. The global
 * model's fitted values on the oracle rows have exactly the labels' mean (mean preservation);
 * predictions interpolate linearly between knots and are constant outside the fitted range
 * (scikit-learn `out_of_bounds='clip'`). Fold models are fitted when there are at least max(10, 2K)
 * oracle rows; every fold prediction (OOF, OUA) runs the full fold transform (cje's fixed routing).
 *
 * @param scores - judge score per row (finite; any scale, the map is monotone).
 * @param labels - oracle label in [0, 1] per row, or null/undefined when unlabelled.
 * @param promptIds - prompt id per row (folds are by prompt).
 * @param o - {@link CalibOpts}; defaults mode 'monotone', nFolds 5, seed 42, hash folds.
 * @returns calibrator, rewards, fold ids, out-of-fold RMSE and the selected mode.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or fewer than 2 oracle labels; `E_RANGE` for
 *   NaN/Inf scores or labels outside [0, 1]; `E_ARGUMENT` for an unknown mode or a foldOf returning
 *   an index outside [0, K).
 * @example
 * const { rewards } = autoCalR(new Float64Array([1, 2, 3, 4]), [0, 1, null, 1], ["a", "b", "c", "d"]);
 */
export function autoCalR(scores: ArrayLike<number>, labels: readonly (number | null | undefined)[], promptIds: readonly string[], o: CalibOpts = {}): AutoCalResult {
  const where = "autoCalR";
  const s = finiteF64(scores, where, "scores");
  sameLength(s.length, labels.length, where, "scores", "labels");
  sameLength(s.length, promptIds.length, where, "scores", "promptIds");
  const mode = o.mode ?? "monotone";
  if (mode !== "monotone" && mode !== "two_stage" && mode !== "auto") throw new WcError("E_ARGUMENT", `${where}: mode must be 'monotone', 'two_stage' or 'auto', got ${String(mode)}`);
  const k = intOption(o.nFolds ?? 5, 2, 1000, where, "nFolds");
  const seed = o.seed ?? 42;
  const foldFn = o.foldOf ?? ((p: string) => hashFold(p, k, seed));
  const n = s.length;
  const foldIds = new Int32Array(n);
  const cache = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = promptIds[i]!;
    let f = cache.get(p);
    if (f === undefined) {
      f = foldFn(p);
      if (!Number.isInteger(f) || f < 0 || f >= k) throw new WcError("E_ARGUMENT", `${where}: foldOf(${JSON.stringify(p)}) returned ${f}, expected an integer in [0, ${k})`);
      cache.set(p, f);
    }
    foldIds[i] = f;
  }
  const oi: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === null || y === undefined) continue;
    if (typeof y !== "number" || !(y >= 0 && y <= 1)) {
      throw new WcError("E_RANGE", `${where}: labels[${i}] must be in [0, 1] or null, got ${String(y)}; min-max normalise the oracle scale first (normalizeToUnit)`);
    }
    oi.push(i);
  }
  if (oi.length < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 oracle labels, got ${oi.length}`);
  const os = new Float64Array(oi.length);
  const oy = new Float64Array(oi.length);
  const of = new Int32Array(oi.length);
  oi.forEach((i, j) => {
    os[j] = s[i]!;
    oy[j] = labels[i] as number;
    of[j] = foldIds[i]!;
  });
  const maps = fitRewardMaps(os, oy, of, k, mode, oi.length >= Math.max(10, 2 * k));
  const model = maps.full;
  const fold = maps.folds;
  const coverage = oi.length / n;
  const calibrator: RewardCalibrator = {
    oracleCoverage: coverage,
    nOracle: oi.length,
    model: model.iso,
    mode: maps.mode,
    index: (x) => model.index(finiteF64(x, "RewardCalibrator.index", "s")),
    predict: (x) => model.predict(finiteF64(x, "RewardCalibrator.predict", "s")),
    predictFold(x, f) {
      const xs = finiteF64(x, "RewardCalibrator.predictFold", "s");
      if (!Number.isInteger(f) || f < 0 || f >= fold.length) throw new WcError("E_RANGE", `RewardCalibrator.predictFold: fold must be in [0, ${fold.length}), got ${f}`);
      return (fold[f] ?? model).predict(xs);
    },
    predictOOF(x, folds) {
      const xs = finiteF64(x, "RewardCalibrator.predictOOF", "s");
      sameLength(xs.length, folds.length, "RewardCalibrator.predictOOF", "s", "folds");
      if (fold.length === 0) return model.predict(xs);
      const preds = fold.map((m) => (m ?? model).predict(xs));
      const out = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) {
        const f = folds[i] as number;
        if (!Number.isInteger(f) || f < 0 || f >= fold.length) throw new WcError("E_RANGE", `RewardCalibrator.predictOOF: folds[${i}] must be in [0, ${fold.length}), got ${f}`);
        out[i] = preds[f]![i]!;
      }
      return out;
    },
    foldModels: () => fold.length,
    foldOf: (p) => cache.get(p) ?? foldFn(p),
  };
  const rewards = model.predict(s);
  if (coverage === 1) for (let i = 0; i < n; i++) rewards[i] = labels[i] as number;
  let rmseOOF = Number.NaN;
  if (fold.length > 0) {
    const oof = oofPredict(fold, model, os, of);
    let ss = 0;
    for (let j = 0; j < oi.length; j++) ss += (oy[j]! - oof[j]!) ** 2;
    rmseOOF = Math.sqrt(ss / oi.length);
  }
  return { calibrator, rewards, foldIds, rmseOOF, selectedMode: maps.mode, selection: maps.selection };
}
