import { WcError, type Matrix } from "@wc/tensor";
import type { DictionarySharing } from "./atom-budget";
import { PROJECTIONS, type Proj } from "./types";

/**
 * Number of atoms for group `groupIndex`, which holds `groupSize` matrices per dictionary: its layer
 * count with separate dictionaries, `P x` its layer count when `P` types share one dictionary.
 */
export type AtomsRule = (groupSize: number, groupIndex?: number) => number;

/** The default {@link AtomsRule}: `max(1, round(groupSize / 3))`, the paper's `S = L/3`. */
export const defaultAtomsRule: AtomsRule = (g) => Math.max(1, Math.round(g / 3));

/** Residual refinement settings of {@link CompressPretrainedOptions}. */
export interface ResidualOptions {
  /** Per layer and type, the Gram `Σ x xᵀ` (`in x in`) of that linear's calibration inputs. */
  grams: readonly Partial<Record<Proj, Matrix>>[];
  /** Residual parameters per layer, split over types by {@link allocateResidualRanks}. */
  paramsPerLayer: number;
}

/** Options of {@link compressPretrained}. */
export interface CompressPretrainedOptions {
  /** Projection types to share; default all four `["q", "k", "v", "o"]` ("MASA-QKVO"). */
  projections?: readonly Proj[];
  /**
   * Groups of consecutive layers, each with its own dictionaries: explicit lists, or
   * `{ numGroups, layerProbs }` to cut by logit-lens drift ({@link groupBlocksByDrift});
   * default one group of all layers (the trained form's setting).
   */
  groups?: readonly (readonly number[])[] | { numGroups: number; layerProbs: readonly Float64Array[] };
  /**
   * Atoms per group (per dictionary): a number for every group, one number per group (e.g. the
   * `atoms` of {@link atomsForRate}), or a rule of the matrices per dictionary; default
   * {@link defaultAtomsRule} (`round(|G|/3)`, >= 1; with shared dictionaries `round(P·|G|/3)`).
   */
  atomsPerGroup?: number | readonly number[] | AtomsRule;
  /**
   * `"separate"` (default, the paper's choice): one dictionary per projection type and group.
   * `"shared"`: one dictionary per group for all the compressed types (the paper's ablation, reported
   * worse), which must then have one shape; its atoms are fitted to the `P·|G|` matrices together.
   */
  dictionaries?: DictionarySharing;
  /** Whitened low-rank refinement of each layer's residual (spec §3.4); default none. */
  residual?: ResidualOptions;
}

/** Options after {@link resolveOptions}. */
export interface ResolvedCompressOptions {
  readonly projections: readonly Proj[];
  readonly groups: CompressPretrainedOptions["groups"];
  readonly atomsPerGroup: AtomsRule;
  /** Present when `atomsPerGroup` was a per-group list (its length must equal the number of groups). */
  readonly atomsList: readonly number[] | undefined;
  readonly dictionaries: DictionarySharing;
  readonly residual: ResidualOptions | undefined;
}

/**
 * Validates options of {@link compressPretrained} and fills defaults (see {@link CompressPretrainedOptions}).
 * @param options - user options (not modified)
 * @returns a new frozen object
 * @throws {WcError} `E_ARGUMENT` for an unknown or repeated projection; `E_RANGE` for a bad atom count or budget.
 * @example
 * resolveOptions({ atomsPerGroup: 2 }).projections; // ["q", "k", "v", "o"]
 */
export function resolveOptions(options: CompressPretrainedOptions = {}): ResolvedCompressOptions {
  const projections = options.projections ?? PROJECTIONS;
  if (!Array.isArray(projections) || projections.length === 0) throw new WcError("E_ARGUMENT", "compressPretrained: projections must list at least one of q, k, v, o");
  const seen = new Set<string>();
  for (const p of projections) {
    if (!PROJECTIONS.includes(p) || seen.has(p)) throw new WcError("E_ARGUMENT", `compressPretrained: projections must be distinct values among q, k, v, o; got "${String(p)}"`);
    seen.add(p);
  }
  const a = options.atomsPerGroup ?? defaultAtomsRule;
  const bad = (x: unknown) => typeof x !== "number" || !Number.isInteger(x) || x < 1;
  if (typeof a === "number" && bad(a)) throw new WcError("E_RANGE", `compressPretrained: atomsPerGroup must be a positive integer, got ${a}`);
  if (Array.isArray(a) && (a.length === 0 || a.some(bad))) {
    throw new WcError("E_RANGE", `compressPretrained: atomsPerGroup as a list needs one positive integer per group, got [${a.join(", ")}]`);
  }
  if (typeof a !== "number" && typeof a !== "function" && !Array.isArray(a)) {
    throw new WcError("E_ARGUMENT", `compressPretrained: atomsPerGroup must be a number, a list of numbers or a function, got ${typeof a}`);
  }
  const atomsList = Array.isArray(a) ? Object.freeze([...(a as readonly number[])]) : undefined;
  const atomsPerGroup: AtomsRule = typeof a === "number" ? () => a : atomsList ? (_, i) => atomsList[i ?? 0]! : (a as AtomsRule);
  const dictionaries = options.dictionaries ?? "separate";
  if (dictionaries !== "separate" && dictionaries !== "shared") {
    throw new WcError("E_ARGUMENT", `compressPretrained: dictionaries must be "separate" or "shared", got "${String(dictionaries)}"`);
  }
  const r = options.residual;
  if (r !== undefined && (!(r.paramsPerLayer >= 0) || !Number.isFinite(r.paramsPerLayer))) {
    throw new WcError("E_RANGE", `compressPretrained: residual.paramsPerLayer must be a finite number >= 0, got ${r.paramsPerLayer}`);
  }
  return Object.freeze({ projections: Object.freeze([...projections]), groups: options.groups, atomsPerGroup, atomsList, dictionaries, residual: r });
}
