import { WcError, matmul, tensor, type Matrix } from "@wc/tensor";
import { checkMatrix } from "./internal";

/**
 * Logit-lens distributions of each block (spec §3.3 steps 1-2): `p_l = softmax(lmHead · finalNorm(h̄_l))`
 * for the token-averaged output hidden state `h̄_l` of block `l`. Applying the final norm is this
 * package's reading of the paper's "final output projection as a semantic probe" (reconstructed).
 * @param blockMeanHidden - `L` vectors of length `d` (mean output hidden state per block)
 * @param finalNorm - the model's final norm (e.g. RMSNorm with its weight); pass the identity to skip
 * @param lmHead - `vocab x d` output projection
 * @returns `L` probability vectors (Float64, length vocab)
 * @throws {WcError} `E_ARGUMENT` for no blocks; `E_SHAPE` for a vector of the wrong length;
 *   `E_RANGE` for NaN/Inf values.
 * @example
 * const p = logitLensDistributions(hs, (h) => rmsNormVector(h, normWeight), lmHead);
 */
export function logitLensDistributions(
  blockMeanHidden: readonly Float32Array[] | readonly Float64Array[],
  finalNorm: (h: Float32Array) => Float32Array,
  lmHead: Matrix,
): Float64Array[] {
  if (!Array.isArray(blockMeanHidden) || blockMeanHidden.length === 0) throw new WcError("E_ARGUMENT", "logitLensDistributions: no block hidden states given");
  checkMatrix(lmHead, "logitLensDistributions: lmHead");
  const [vocab, d] = lmHead.shape as [number, number];
  return blockMeanHidden.map((h, l) => {
    if (h.length !== d) throw new WcError("E_SHAPE", `logitLensDistributions: block ${l} hidden state has ${h.length} values, lmHead expects ${d}`);
    const normed = finalNorm(Float32Array.from(h));
    if (normed.length !== d) throw new WcError("E_SHAPE", `logitLensDistributions: finalNorm returned ${normed.length} values, expected ${d}`);
    const logits = matmul(lmHead, tensor(Float64Array.from(normed), [d, 1])).data;
    let mx = -Infinity;
    for (let i = 0; i < vocab; i++) {
      const v = logits[i]!;
      if (!Number.isFinite(v)) throw new WcError("E_RANGE", `logitLensDistributions: block ${l} logit ${i} is ${v}`);
      if (v > mx) mx = v;
    }
    const p = new Float64Array(vocab);
    let z = 0;
    for (let i = 0; i < vocab; i++) z += p[i] = Math.exp(logits[i]! - mx);
    for (let i = 0; i < vocab; i++) p[i] = p[i]! / z;
    return p;
  });
}

/**
 * Drift between consecutive blocks: `δ_l = KL(p_l || p_{l+1})` (natural log, Float64, probabilities
 * clamped at 1e-12), `l = 0..L-2`. The direction is not stated in the paper (spec §3.3 step 3).
 * @param p - `L` probability vectors of equal length
 * @returns `L - 1` drifts
 * @throws {WcError} `E_SHAPE` for unequal lengths; `E_RANGE` for negative or non-finite entries.
 * @example
 * layerDrift([Float64Array.of(0.5, 0.5), Float64Array.of(0.9, 0.1)]); // [0.5108...]
 */
export function layerDrift(p: readonly Float64Array[]): Float64Array {
  const V = p[0]?.length ?? 0;
  p.forEach((q, l) => {
    if (q.length !== V) throw new WcError("E_SHAPE", `layerDrift: distribution ${l} has ${q.length} entries, distribution 0 has ${V}`);
    for (const v of q) if (!(v >= 0) || !Number.isFinite(v)) throw new WcError("E_RANGE", `layerDrift: distribution ${l} has an entry ${v}; expected probabilities >= 0`);
  });
  const out = new Float64Array(Math.max(p.length - 1, 0));
  for (let l = 0; l + 1 < p.length; l++) {
    let kl = 0;
    const a = p[l]!;
    const b = p[l + 1]!;
    for (let i = 0; i < V; i++) {
      const x = Math.max(a[i]!, 1e-12);
      kl += x * Math.log(x / Math.max(b[i]!, 1e-12));
    }
    out[l] = kl;
  }
  return out;
}

/**
 * Groups `L` blocks into `numGroups` runs of consecutive blocks with small intra-group drift
 * (spec §3.3 step 4, this package's deterministic rule; the paper's exact procedure is in its
 * unavailable appendix): cut after block `l` at the `numGroups - 1` largest drifts `δ_l`
 * (ties go to the smaller `l`).
 * @param p - the `L` per-block distributions (e.g. from {@link logitLensDistributions})
 * @param numGroups - number of groups, `1 <= numGroups <= L`
 * @returns the groups, each a list of consecutive block indices, in order
 * @throws {WcError} `E_ARGUMENT` for no distributions; `E_RANGE` for `numGroups` out of range; as {@link layerDrift}.
 * @example
 * groupBlocksByDrift(ps, 2); // e.g. [[0, 1, 2], [3, 4, 5]]
 */
export function groupBlocksByDrift(p: readonly Float64Array[], numGroups: number): number[][] {
  const L = p.length;
  if (L === 0) throw new WcError("E_ARGUMENT", "groupBlocksByDrift: no distributions given");
  if (!Number.isInteger(numGroups) || numGroups < 1 || numGroups > L) {
    throw new WcError("E_RANGE", `groupBlocksByDrift: numGroups must be an integer in [1, ${L}], got ${numGroups}`);
  }
  const drift = layerDrift(p);
  const idx = Array.from(drift, (_, i) => i).sort((a, b) => drift[b]! - drift[a]! || a - b);
  const cuts = new Set(idx.slice(0, numGroups - 1));
  const groups: number[][] = [[]];
  for (let l = 0; l < L; l++) {
    groups[groups.length - 1]!.push(l);
    if (cuts.has(l)) groups.push([]);
  }
  return groups;
}
