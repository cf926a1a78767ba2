import { WcError } from "@wc/tensor";
import type { Proj } from "./types";

/** Sizes of one projection type shared by MASA: `L` layers of `out x in` matrices and `S` atoms. */
export interface MasaSize {
  /** Number of layers sharing the dictionary. */
  L: number;
  /** Rows of each projection matrix. */
  out: number;
  /** Columns of each projection matrix. */
  in: number;
  /** Number of atoms. */
  S: number;
}

function checkSize(p: MasaSize, where: string): void {
  for (const k of ["L", "out", "in", "S"] as const) {
    const v = p?.[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new WcError("E_RANGE", `${where}: ${k} must be a positive integer, got ${String(v)}`);
  }
}

/**
 * Parameters of one MASA-shared projection type: `S·out·in` (atoms) `+ L·S` (coefficients).
 * @param p - sizes
 * @returns the parameter count
 * @throws {WcError} `E_RANGE` for a non-positive or non-integer size.
 * @example
 * masaParamCount({ L: 12, out: 768, in: 768, S: 4 }); // 2359344
 */
export function masaParamCount(p: MasaSize): number {
  checkSize(p, "masaParamCount");
  return p.S * p.out * p.in + p.L * p.S;
}

/**
 * Fraction of one projection type's parameters MASA removes: `1 - (S·out·in + L·S)/(L·out·in)`
 * (paper, after Eq. 2; ≈ `1 - S/L`). Negative when `S` is so large that sharing costs more.
 * @param p - sizes
 * @returns the compression rate
 * @throws {WcError} `E_RANGE` for a non-positive or non-integer size.
 * @example
 * compressionRate({ L: 12, out: 768, in: 768, S: 4 }); // 0.666659885...
 */
export function compressionRate(p: MasaSize): number {
  checkSize(p, "compressionRate");
  return 1 - masaParamCount(p) / (p.L * p.out * p.in);
}

/** One projection type's share of an attention budget (spec §3.6). */
export interface BudgetEntry {
  /** Projection type. */
  name: Proj;
  /** Rows / columns of this type's matrices. */
  out: number;
  in: number;
  /** Layers of the model. */
  L: number;
  /** Groups of consecutive layers, each with its own dictionary of `S_G` atoms (`atoms[g]`). */
  groups: readonly (readonly number[])[];
  atoms: readonly number[];
  /** Residual rank per layer for this type (0 = none). */
  residualRank?: number;
}

/**
 * Whole-attention compression of the training-free form (spec §3.6):
 * `1 - [Σ_τ Σ_G (S_G·out·in + |G|·S_G) + Σ_l Σ_τ r_τ(out+in)] / Σ_τ L·out·in`. A type left out of
 * `entries` counts as dense only if listed in `denseTypes`.
 * @param entries - the shared types
 * @param denseTypes - types kept dense (their `L·out·in` counts in numerator and denominator)
 * @returns `{ params, denseParams, rate }`
 * @throws {WcError} `E_SHAPE` when `atoms` and `groups` differ in length; `E_RANGE` for bad sizes.
 * @example
 * attentionCompression([{ name: "q", out: 8, in: 8, L: 4, groups: [[0, 1, 2, 3]], atoms: [2] }]).rate; // 1 - (128 + 8) / 256
 */
export function attentionCompression(
  entries: readonly BudgetEntry[],
  denseTypes: readonly { out: number; in: number; L: number }[] = [],
): { params: number; denseParams: number; rate: number } {
  let params = 0;
  let dense = 0;
  for (const e of entries) {
    if (e.groups.length !== e.atoms.length) throw new WcError("E_SHAPE", `attentionCompression: ${e.name} has ${e.groups.length} groups but ${e.atoms.length} atom counts`);
    dense += e.L * e.out * e.in;
    e.groups.forEach((g, i) => {
      const S = e.atoms[i]!;
      if (!Number.isInteger(S) || S < 0) throw new WcError("E_RANGE", `attentionCompression: atoms must be integers >= 0, got ${S}`);
      params += S * e.out * e.in + g.length * S;
    });
    const r = e.residualRank ?? 0;
    if (!Number.isInteger(r) || r < 0) throw new WcError("E_RANGE", `attentionCompression: residualRank must be an integer >= 0, got ${r}`);
    params += e.L * r * (e.out + e.in);
  }
  for (const d of denseTypes) {
    dense += d.L * d.out * d.in;
    params += d.L * d.out * d.in;
  }
  if (dense === 0) throw new WcError("E_ARGUMENT", "attentionCompression: nothing to count (no entries)");
  return { params, denseParams: dense, rate: 1 - params / dense };
}
