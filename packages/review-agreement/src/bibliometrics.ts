import { quantile } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finite } from "./checks";

/**
 * Hit-paper flags ([design], standard bibliometrics): within each group (e.g. `${field}|${year}`) a
 * paper is a hit_p when its citations are >= the group's (1 - p) quantile (linear interpolation,
 * NumPy's default); ties at the threshold are hits.
 *
 * @param citations - citation counts (finite, >= 0).
 * @param groups - group label per paper, same length.
 * @param p - top fraction, e.g. 0.01, 0.05 or 0.10 (in (0, 1)).
 * @returns a flag per paper.
 * @throws {WcError} `E_SHAPE` for mismatched lengths; `E_RANGE` for NaN/Inf or negative counts or p outside (0, 1).
 * @example
 * hitFlags(Array.from({ length: 100 }, (_, i) => i), new Array(100).fill("cs|2020"), 0.1).filter(Boolean).length; // 10
 */
export function hitFlags(citations: ArrayLike<number>, groups: readonly string[], p: number): boolean[] {
  const where = "hitFlags";
  const c = finite(citations, where, "citations");
  if (c.length !== groups.length) throw new WcError("E_SHAPE", `${where}: citations and groups must have the same length, got ${c.length} and ${groups.length}`);
  if (!(p > 0 && p < 1)) throw new WcError("E_RANGE", `${where}: p must be in (0, 1), got ${p}`);
  const byGroup = new Map<string, number[]>();
  c.forEach((v, i) => {
    if (v < 0) throw new WcError("E_RANGE", `${where}: citations[${i}] = ${v} must be >= 0`);
    const g = String(groups[i]);
    const a = byGroup.get(g);
    if (a) a.push(i);
    else byGroup.set(g, [i]);
  });
  const out = new Array<boolean>(c.length).fill(false);
  for (const idx of byGroup.values()) {
    const thr = quantile(idx.map((i) => c[i]!), 1 - p);
    for (const i of idx) out[i] = c[i]! >= thr;
  }
  return out;
}

/**
 * CD (consolidation-disruption) index of a focal paper (Funk & Owen-Smith 2017; Wu, Wang & Evans 2019):
 * among later papers citing the focal paper or any of its references, n_i cite the focal only, n_j cite
 * the focal and at least one reference, n_k cite at least one reference but not the focal;
 * CD = (n_i - n_j) / (n_i + n_j + n_k), 0 when no paper qualifies.
 *
 * @param focalRefs - ids of the focal paper's references.
 * @param citers - later papers with their reference sets.
 * @param focalId - the focal paper's id.
 * @returns CD in [-1, 1].
 * @example
 * cdIndex(new Set(["a", "b"]), [{ id: "p1", refs: new Set(["f"]) }, { id: "p2", refs: new Set(["f", "a"]) }], "f"); // 0
 */
export function cdIndex(focalRefs: Set<string>, citers: { id: string; refs: Set<string> }[], focalId: string): number {
  let ni = 0;
  let nj = 0;
  let nk = 0;
  for (const c of citers) {
    if (c.id === focalId) continue;
    const f = c.refs.has(focalId);
    let r = false;
    for (const x of c.refs) {
      if (focalRefs.has(x)) {
        r = true;
        break;
      }
    }
    if (f && !r) ni++;
    else if (f && r) nj++;
    else if (r) nk++;
  }
  const d = ni + nj + nk;
  return d === 0 ? 0 : (ni - nj) / d;
}
