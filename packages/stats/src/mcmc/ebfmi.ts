import { WcError } from "@wc/tensor";

/**
 * Energy Bayesian fraction of missing information of one chain (Betancourt 2016):
 * sum (E_n - E_{n-1})^2 / sum (E_n - mean E)^2. Values below about 0.3 indicate that the momentum
 * resampling explores the energy distribution poorly (often a heavy-tailed funnel).
 *
 * @param energy - Hamiltonian per kept draw of one chain (e.g. `NutsResult.energy`).
 * @returns E-BFMI.
 * @throws {WcError} `E_SHAPE` for fewer than 2 values; `E_RANGE` for NaN/Inf or constant energy.
 * @example
 * ebfmi(Float64Array.of(1, 3, 2, 4)); // (4 + 1 + 4) / 5 = 1.8
 */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2) throw new WcError("E_SHAPE", `ebfmi: need at least 2 energies, got ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const e = energy[i] as number;
    if (!Number.isFinite(e)) throw new WcError("E_RANGE", `ebfmi: energy[${i}] = ${e} is not finite`);
    m += e;
  }
  m /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const e = energy[i] as number;
    den += (e - m) ** 2;
    if (i > 0) num += (e - (energy[i - 1] as number)) ** 2;
  }
  if (!(den > 0)) throw new WcError("E_RANGE", "ebfmi: the energies are constant; E-BFMI is undefined");
  return num / den;
}
