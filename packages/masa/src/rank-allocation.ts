import { WcError } from "@wc/tensor";
import type { Proj } from "./types";

/**
 * Splits a per-layer residual parameter budget over the projection types (spec §3.5, this package's
 * default; the paper's "dynamic ranking" is in its unavailable appendix): type `τ` gets
 * `budget · min(out_τ, in_τ) / Σ min(out, in)` parameters and rank `floor(budget_τ / (out_τ + in_τ))`,
 * capped at `min(out_τ, in_τ)`. Types of higher possible rank (Q, O under GQA) thus get more.
 * @param mats - the projection types with their shapes (each name at most once)
 * @param paramBudget - parameters per layer for all residual factors together (>= 0)
 * @returns the rank per type (0 for types not listed)
 * @throws {WcError} `E_ARGUMENT` for a repeated or unknown name or an empty list; `E_RANGE` for bad sizes or budget.
 * @example
 * allocateResidualRanks([{ name: "q", out: 64, in: 64 }, { name: "k", out: 16, in: 64 }], 4000); // { q: 25, k: 10, v: 0, o: 0 }
 */
export function allocateResidualRanks(mats: readonly { name: Proj; out: number; in: number }[], paramBudget: number): Record<Proj, number> {
  if (!Array.isArray(mats) || mats.length === 0) throw new WcError("E_ARGUMENT", "allocateResidualRanks: no projection types given");
  if (!(paramBudget >= 0) || !Number.isFinite(paramBudget)) throw new WcError("E_RANGE", `allocateResidualRanks: paramBudget must be a finite number >= 0, got ${paramBudget}`);
  const ranks: Record<Proj, number> = { q: 0, k: 0, v: 0, o: 0 };
  const seen = new Set<string>();
  let total = 0;
  for (const m of mats) {
    if (!["q", "k", "v", "o"].includes(m.name) || seen.has(m.name)) throw new WcError("E_ARGUMENT", `allocateResidualRanks: names must be distinct among q, k, v, o; got "${m.name}" (again?)`);
    seen.add(m.name);
    for (const v of [m.out, m.in]) if (!Number.isInteger(v) || v < 1) throw new WcError("E_RANGE", `allocateResidualRanks: ${m.name} has a bad size ${m.out} x ${m.in}`);
    total += Math.min(m.out, m.in);
  }
  for (const m of mats) {
    const share = (paramBudget * Math.min(m.out, m.in)) / total;
    ranks[m.name as Proj] = Math.min(Math.floor(share / (m.out + m.in)), Math.min(m.out, m.in));
  }
  return ranks;
}
