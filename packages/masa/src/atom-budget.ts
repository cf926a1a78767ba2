import { WcError } from "@wc/tensor";
import { allocateResidualRanks } from "./rank-allocation";
import type { Proj } from "./types";

/** How the projection types of a group share dictionaries (see {@link CompressPretrainedOptions.dictionaries}). */
export type DictionarySharing = "separate" | "shared";

/** Options of {@link atomsForRate}. */
export interface AtomsForRateOptions {
  /**
   * Residual parameters per layer (all types together), turned into ranks by
   * {@link allocateResidualRanks} exactly as `compressPretrained`'s `residual.paramsPerLayer`; default 0.
   */
  residualParamsPerLayer?: number;
  /**
   * `"separate"` (default): one dictionary per type and group, an atom of group `G` costs
   * `Σ_τ (out_τ·in_τ + |G|)` and `S_G <= |G|`. `"shared"`: one dictionary per group for all the
   * (equal-shaped) types, an atom costs `out·in + P·|G|` for `P` types and `S_G <= P·|G|`.
   */
  dictionaries?: DictionarySharing;
  /** Types kept dense (e.g. O in MASA-QKV): their `L·out·in` counts in both parts of the rate; default none. */
  denseTypes?: readonly { out: number; in: number }[];
}

/** What {@link atomsForRate} returns. */
export interface AtomsForRateResult {
  /** `S_G` per group (in the order of `groups`); pass it as `atomsPerGroup`. */
  atoms: number[];
  /** Residual rank per type from the residual budget (0 for types not listed or without budget). */
  residualRanks: Record<Proj, number>;
  /** Attention parameters after compression (atoms + coefficients + residual factors + dense types). */
  params: number;
  /** Dense parameter count `Σ_τ L·out_τ·in_τ` (shared and dense types). */
  denseParams: number;
  /** `1 - params / denseParams` (>= the target). */
  rate: number;
}

/**
 * Picks the number of atoms `S_G` of every group (spec §3.6's helper) so that the attention
 * compression `1 - [Σ_τ Σ_G (S_G·out_τ·in_τ + |G|·S_G) + Σ_l Σ_τ r_τ(out_τ+in_τ)] / Σ_τ L·out_τ·in_τ`
 * stays at or above `targetRate` after the residual parameters, with as many atoms as fit.
 * Rule (ours; the paper does not give one): start from one atom per group, then add atoms one at a
 * time to the group with the most layers per atom (ties: the earlier group) while the rate still meets
 * the target and the group has room (`S_G <= |G|`, or `P·|G|` for shared dictionaries). With one group
 * this is the largest `S` meeting the target.
 * @param mats - the shared projection types with their shapes (each name at most once)
 * @param groups - groups of consecutive layers (only their sizes matter; `L` = total size)
 * @param targetRate - wanted attention compression in [0, 1), e.g. 0.2 for "20%"
 * @param options - see {@link AtomsForRateOptions}
 * @returns the atoms per group, residual ranks, counts and the rate reached
 * @throws {WcError} `E_RANGE` for a target outside [0, 1), bad sizes or budget, or a target that even
 *   one atom per group cannot meet (the message gives the highest reachable rate); `E_ARGUMENT` for no
 *   types, a repeated type or an empty group; `E_SHAPE` for shared dictionaries over types of unequal shape.
 * @example
 * atomsForRate([{ name: "q", out: 768, in: 768 }], [[...Array(12).keys()]], 0.6).atoms; // [4] (rate 0.66666)
 */
export function atomsForRate(
  mats: readonly { name: Proj; out: number; in: number }[],
  groups: readonly (readonly number[])[],
  targetRate: number,
  options: AtomsForRateOptions = {},
): AtomsForRateResult {
  if (typeof targetRate !== "number" || !(targetRate >= 0 && targetRate < 1)) {
    throw new WcError("E_RANGE", `atomsForRate: targetRate must be a number in [0, 1) (e.g. 0.2 for 20%), got ${String(targetRate)}`);
  }
  const sharing = options.dictionaries ?? "separate";
  if (sharing !== "separate" && sharing !== "shared") throw new WcError("E_ARGUMENT", `atomsForRate: dictionaries must be "separate" or "shared", got "${String(sharing)}"`);
  if (!Array.isArray(groups) || groups.length === 0) throw new WcError("E_ARGUMENT", "atomsForRate: no groups given");
  for (const g of groups) if (!Array.isArray(g) || g.length === 0) throw new WcError("E_ARGUMENT", "atomsForRate: every group must list at least one layer");
  const R = options.residualParamsPerLayer ?? 0;
  // Validates names and sizes too (E_ARGUMENT / E_RANGE).
  const residualRanks = allocateResidualRanks(mats, R);
  for (const n of Object.keys(residualRanks) as Proj[]) if (!mats.some((m) => m.name === n)) residualRanks[n] = 0;
  const P = mats.length;
  const n0 = mats[0]!.out * mats[0]!.in;
  if (sharing === "shared" && mats.some((m) => m.out !== mats[0]!.out || m.in !== mats[0]!.in)) {
    throw new WcError("E_SHAPE", `atomsForRate: shared dictionaries need types of one shape, got ${mats.map((m) => `${m.name} ${m.out} x ${m.in}`).join(", ")}; share only the equal-shaped types (e.g. q and o under GQA)`);
  }
  const L = groups.reduce((a, g) => a + g.length, 0);
  let dense = 0;
  let fixed = 0;
  for (const m of mats) {
    dense += L * m.out * m.in;
    fixed += L * residualRanks[m.name] * (m.out + m.in);
  }
  for (const d of options.denseTypes ?? []) {
    for (const v of [d.out, d.in]) if (!Number.isInteger(v) || v < 1) throw new WcError("E_RANGE", `atomsForRate: a dense type has a bad size ${d.out} x ${d.in}`);
    dense += L * d.out * d.in;
    fixed += L * d.out * d.in;
  }
  const nSum = mats.reduce((a, m) => a + m.out * m.in, 0);
  const cost = (g: number): number => (sharing === "shared" ? n0 + P * g : nSum + P * g);
  const cap = (g: number): number => (sharing === "shared" ? P * g : g);
  // rate >= target  <=>  params <= (1 - target)·dense (a tiny slack absorbs rounding of the target).
  const limit = (1 - targetRate) * dense * (1 + 1e-12);
  const atoms = groups.map(() => 1);
  let params = fixed + groups.reduce((a, g) => a + cost(g.length), 0);
  if (params > limit) {
    throw new WcError(
      "E_RANGE",
      `atomsForRate: a target rate of ${targetRate} is out of reach: one atom per group${R > 0 ? ` plus ${R} residual parameters per layer` : ""} already keeps ${params} of ${dense} parameters (rate ${(1 - params / dense).toFixed(6)}); lower the target or the residual budget`,
    );
  }
  for (;;) {
    let best = -1;
    groups.forEach((g, i) => {
      if (atoms[i]! >= cap(g.length)) return;
      if (best < 0 || g.length / atoms[i]! > groups[best]!.length / atoms[best]!) best = i;
    });
    if (best < 0 || params + cost(groups[best]!.length) > limit) break;
    params += cost(groups[best]!.length);
    atoms[best] = atoms[best]! + 1;
  }
  return { atoms, residualRanks, params, denseParams: dense, rate: 1 - params / dense };
}
