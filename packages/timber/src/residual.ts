import { WcError } from "@wc/tensor";
import { checkFinite, checkPositive } from "./checks";
import type { ControlReference, Specimen } from "./specimen";

/** Options of {@link residualPerformance}. */
export interface ResidualOptions {
  /** Weight of the retained modulus (default 0.8, paper). */
  wModulus?: number;
  /** Weight of the retained maximum load (default 0.2, paper). */
  wLoad?: number;
}

/**
 * Residual performance of an exposed specimen: R = wModulus E / E_c + wLoad F / F_c, where E_c and
 * F_c are the control means (paper: 0.8 and 0.2). R = 1 means "as good as new".
 *
 * @param specimen - the exposed specimen (its `modulus` and `maxLoad` are used).
 * @param control - the control means, e.g. from {@link controlMeans}.
 * @param options - see {@link ResidualOptions}; defaults wModulus = 0.8, wLoad = 0.2.
 * @returns R.
 * @throws {WcError} `E_RANGE` for NaN/Inf values, non-positive control means, negative weights or
 *   weights that are both zero.
 * @example
 * residualPerformance({ id: "a", modulus: 10800, maxLoad: 8000 }, { modulus: 12000, maxLoad: 10000 }); // 0.88
 */
export function residualPerformance(specimen: Specimen, control: ControlReference, options: ResidualOptions = {}): number {
  const where = "residualPerformance";
  const wE = checkFinite(options.wModulus ?? 0.8, where, "wModulus");
  const wF = checkFinite(options.wLoad ?? 0.2, where, "wLoad");
  if (wE < 0 || wF < 0 || wE + wF === 0) {
    throw new WcError("E_RANGE", `${where}: weights must be >= 0 and not both 0, got wModulus = ${wE}, wLoad = ${wF}`);
  }
  const e = checkFinite(specimen.modulus, where, `modulus of ${specimen.id}`);
  const f = checkFinite(specimen.maxLoad, where, `maxLoad of ${specimen.id}`);
  const ec = checkPositive(control.modulus, where, "control modulus");
  const fc = checkPositive(control.maxLoad, where, "control maxLoad");
  return (wE * e) / ec + (wF * f) / fc;
}

/**
 * Means of the control specimens, optionally matched by a key (size class, orientation, ...).
 * Returns a lookup that gives the control means for any specimen: its key's means when `by` is given.
 *
 * @param controls - unexposed control specimens.
 * @param by - optional key function; the controls are averaged per key (default: one pooled mean).
 * @returns a function from a specimen to its {@link ControlReference}.
 * @throws {WcError} `E_SHAPE` for no controls; `E_RANGE` for NaN/Inf or non-positive means; the
 *   returned function throws `E_ARGUMENT` for a key with no controls.
 * @example
 * const ref = controlMeans([{ id: "c1", modulus: 12000, maxLoad: 10000 }]);
 * ref({ id: "x", modulus: 0, maxLoad: 0 }); // { modulus: 12000, maxLoad: 10000 }
 */
export function controlMeans(controls: readonly Specimen[], by?: (s: Specimen) => string): (s: Specimen) => ControlReference {
  const where = "controlMeans";
  if (!Array.isArray(controls) || controls.length === 0) {
    throw new WcError("E_SHAPE", `${where}: no control specimens; pass at least one unexposed specimen`);
  }
  const acc = new Map<string, { e: number; f: number; n: number }>();
  for (const s of controls) {
    const key = by ? by(s) : "";
    const a = acc.get(key) ?? { e: 0, f: 0, n: 0 };
    a.e += checkFinite(s.modulus, where, `modulus of ${s.id}`);
    a.f += checkFinite(s.maxLoad, where, `maxLoad of ${s.id}`);
    a.n++;
    acc.set(key, a);
  }
  const means = new Map<string, ControlReference>();
  for (const [k, a] of acc) {
    const m = { modulus: a.e / a.n, maxLoad: a.f / a.n };
    if (!(m.modulus > 0 && m.maxLoad > 0)) {
      throw new WcError("E_RANGE", `${where}: control means must be positive, got modulus ${m.modulus}, maxLoad ${m.maxLoad}${by ? ` for key "${k}"` : ""}`);
    }
    means.set(k, Object.freeze(m));
  }
  return (s: Specimen) => {
    const key = by ? by(s) : "";
    const m = means.get(key);
    if (!m) {
      throw new WcError("E_ARGUMENT", `${where}: no controls for key "${key}" (specimen ${s.id}); known keys: ${[...means.keys()].join(", ")}`);
    }
    return { modulus: m.modulus, maxLoad: m.maxLoad };
  };
}
