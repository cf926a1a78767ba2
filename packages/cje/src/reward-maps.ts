import { fitMonotoneMap, fitTwoStageMap, selectMode, type FittedMode, type ModeSelection, type RewardMap } from "./two-stage";

/** Internal: the global map and the K leave-fold-out maps of AutoCal-R, fitted on the oracle rows. */
export interface RewardMaps {
  /** Mode of the global and fold maps. */
  mode: FittedMode;
  full: RewardMap;
  /** f^(-k), k = 0..K-1 (empty without cross-fitting; null where a fold left < 2 training rows). */
  folds: (RewardMap | null)[];
  /** Auto-mode diagnostics (null unless mode 'auto' could compare out-of-fold). */
  selection: ModeSelection | null;
}

function foldMaps(fit: (s: Float64Array, y: Float64Array) => RewardMap, os: Float64Array, oy: Float64Array, of: Int32Array, k: number): (RewardMap | null)[] {
  const out: (RewardMap | null)[] = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    for (let j = 0; j < os.length; j++) if (of[j] !== f) tr.push(j);
    out.push(tr.length >= 2 ? fit(Float64Array.from(tr, (j) => os[j]!), Float64Array.from(tr, (j) => oy[j]!)) : null);
  }
  return out;
}

/** Internal: OOF predictions of oracle rows (fold map of each row's fold, the full map where none). */
export function oofPredict(maps: (RewardMap | null)[], full: RewardMap, os: Float64Array, of: Int32Array): Float64Array {
  if (maps.length === 0) return full.predict(os);
  const preds = maps.map((m) => (m ?? full).predict(os));
  return Float64Array.from(os, (_, j) => preds[of[j]!]![j]!);
}

/**
 * Internal: fits AutoCal-R on oracle rows (scores `os`, labels `oy`, folds `of` in [0, k)).
 * 'auto' fits both families' fold maps, selects by cje's rule on the OOF predictions, then fits the
 * global map of the selected mode; without cross-fitting it keeps 'monotone'. The two-stage global
 * map needs 20 rows (else monotone, as cje).
 */
export function fitRewardMaps(os: Float64Array, oy: Float64Array, of: Int32Array, k: number, mode: "monotone" | "two_stage" | "auto", crossFit: boolean): RewardMaps {
  let selected: FittedMode = mode === "auto" ? "monotone" : mode;
  let folds: (RewardMap | null)[] = [];
  let selection: ModeSelection | null = null;
  if (crossFit) {
    if (mode === "auto") {
      const mono = foldMaps(fitMonotoneMap, os, oy, of, k);
      const two = foldMaps(fitTwoStageMap, os, oy, of, k);
      const fullMono = fitMonotoneMap(os, oy);
      selection = selectMode(os, oy, oofPredict(mono, fullMono, os, of), oofPredict(two, fullMono, os, of));
      selected = selection.selected;
      folds = selected === "two_stage" ? two : mono;
    } else folds = foldMaps(selected === "two_stage" ? fitTwoStageMap : fitMonotoneMap, os, oy, of, k);
  }
  const full = selected === "two_stage" && os.length >= 20 ? fitTwoStageMap(os, oy) : fitMonotoneMap(os, oy);
  return { mode: selected, full, folds, selection };
}
