import { WcError } from "@wc/tensor";
import { classifySwinParam, isHeadParam } from "./classify";
import { MODULE_NAMES, type Classifier, type ModuleName } from "./types";

/** Element-wise masks (the paper's setting) or whole output rows (an extension, spec 3.3 step 5). */
export type Granularity = "element" | "row";

/** Options of {@link dimapMasks}. */
export interface DimapOptions {
  /**
   * Fraction of weights to REMOVE in every pruned module (spec 3.3: the target ratio is applied to
   * each module separately), or one ratio per module; modules missing from the record are not
   * pruned. Required; each in [0, 1].
   */
  ratio: number | Partial<Record<ModuleName, number>>;
  /** Prune the AUX module (patch embedding, patch merging, head); default true (paper Fig. 3). */
  pruneAux?: boolean;
  /** Leave classifier-head weights dense; default false. */
  excludeHead?: boolean;
  /** Module of each parameter name; default {@link classifySwinParam} (microsoft/timm/HF Swin). */
  classify?: Classifier;
  /** Which names count as the head for `excludeHead`; default {@link isHeadParam}. */
  isHead?: (name: string) => boolean;
  /**
   * `"element"` (default, the paper's unstructured masks) or `"row"`: whole output units scored by
   * their squared row norms in the same formula (extension; spec 3.3 step 5).
   */
  granularity?: Granularity;
}

/** {@link DimapOptions} with every default filled in. */
export interface ResolvedDimapOptions {
  /** Removal ratio of every pruned module; a module without an entry is left dense and unreported. */
  readonly ratios: Readonly<Partial<Record<ModuleName, number>>>;
  readonly pruneAux: boolean;
  readonly excludeHead: boolean;
  readonly classify: Classifier;
  readonly isHead: (name: string) => boolean;
  readonly granularity: Granularity;
}

function checkRatio(r: unknown, what: string): number {
  if (typeof r !== "number" || !Number.isFinite(r) || r < 0 || r > 1) {
    throw new WcError("E_RANGE", `dimap: ${what} must be a finite number in [0, 1] (the fraction of weights to remove), got ${String(r)}`);
  }
  return r;
}

/**
 * Validates DIMAP options and fills in the defaults (pruneAux true, excludeHead false, classify
 * {@link classifySwinParam}, isHead {@link isHeadParam}, granularity "element"); returns a new frozen object.
 * @param options - user options (not modified)
 * @returns the resolved options, one ratio per pruned module
 * @throws {WcError} `E_RANGE` for a ratio outside [0, 1] or NaN; `E_ARGUMENT` for an unknown module
 * key, a missing ratio, a non-function classifier or an unknown granularity.
 * @example
 * resolveOptions({ ratio: 0.5 }).ratios.MLP; // 0.5
 */
export function resolveOptions(options: DimapOptions): ResolvedDimapOptions {
  if (options === null || typeof options !== "object") {
    throw new WcError("E_ARGUMENT", `dimap: expected an options object with a ratio, got ${String(options)}`);
  }
  const { ratio } = options;
  const ratios: Partial<Record<ModuleName, number>> = {};
  if (typeof ratio === "number") {
    for (const m of MODULE_NAMES) ratios[m] = checkRatio(ratio, "ratio");
  } else if (ratio !== null && typeof ratio === "object") {
    for (const k of Object.keys(ratio)) {
      if (!MODULE_NAMES.includes(k as ModuleName)) {
        throw new WcError("E_ARGUMENT", `dimap: unknown module "${k}" in ratio; expected keys among ${MODULE_NAMES.join(", ")}`);
      }
    }
    for (const m of MODULE_NAMES) if (ratio[m] !== undefined) ratios[m] = checkRatio(ratio[m], `ratio.${m}`);
  } else {
    throw new WcError("E_ARGUMENT", `dimap: ratio must be a number in [0, 1] or a per-module record, got ${String(ratio)}`);
  }
  const classify = options.classify ?? classifySwinParam;
  const isHead = options.isHead ?? isHeadParam;
  if (typeof classify !== "function" || typeof isHead !== "function") {
    throw new WcError("E_ARGUMENT", "dimap: classify and isHead must be functions of the parameter name");
  }
  const granularity = options.granularity ?? "element";
  if (granularity !== "element" && granularity !== "row") {
    throw new WcError("E_ARGUMENT", `dimap: granularity must be "element" or "row", got ${String(granularity)}`);
  }
  const pruneAux = options.pruneAux ?? true;
  if (!pruneAux) delete ratios.AUX;
  return Object.freeze({
    ratios: Object.freeze(ratios),
    pruneAux,
    excludeHead: options.excludeHead ?? false,
    classify,
    isHead,
    granularity,
  });
}
