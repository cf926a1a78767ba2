import { WcError, tensor, type Matrix } from "@wc/tensor";
import type { DictionarySharing } from "./atom-budget";
import { groupBlocksByDrift } from "./grouping";
import { flattenInto } from "./internal";
import { matrixPCA } from "./matrix-pca";
import { resolveOptions, type CompressPretrainedOptions } from "./options";
import { allocateResidualRanks } from "./rank-allocation";
import type { Dictionary, Proj } from "./types";
import { whitenedLowRank } from "./whitened-low-rank";

/** One layer's errors for one projection type in a {@link CompressReport}. */
export interface LayerError {
  layer: number;
  proj: Proj;
  /** Group index of the layer. */
  group: number;
  /** `||W_l - Ŵ_l||_F / ||W_l||_F` after the shared atoms alone. */
  relError: number;
  /** Same after adding the residual correction `A B` (equals `relError` without refinement). */
  refinedRelError: number;
  /** Residual rank used (0 = none). */
  residualRank: number;
}

/** Report of {@link compressPretrained}. */
export interface CompressReport {
  /** Per layer and type. */
  layers: LayerError[];
  /**
   * Per type: atoms per group, relative error over all layers (atoms only), and parameter counts
   * (with shared dictionaries: the type's coefficients plus an equal `1/P` share of the atoms).
   */
  projections: { proj: Proj; out: number; in: number; atoms: number[]; relError: number; params: number; denseParams: number }[];
  /** How the types shared dictionaries (`"separate"` or `"shared"`). */
  dictionaries: DictionarySharing;
  /** Parameters of the shared types after compression (atoms, counted once, + coefficients + residual factors). */
  params: number;
  /** Their dense parameter count `Σ_τ L·out·in`. */
  denseParams: number;
  /** `1 - params / denseParams` (spec §3.6, over the shared types). */
  rate: number;
}

/** What {@link compressPretrained} returns. */
export interface CompressPretrainedResult {
  /** The groups of consecutive layers used. */
  groups: number[][];
  /** Per type, one dictionary per group (coefficient rows in the group's layer order). */
  dicts: Partial<Record<Proj, Dictionary[]>>;
  /** Per layer, the residual factors per type (present when `residual` was given and its rank > 0). */
  residuals?: Partial<Record<Proj, { A: Matrix; B: Matrix }>>[];
  /** Per type and layer, the dense approximation `Ŵ_l (+ A B)` (Float64). */
  approximations: Partial<Record<Proj, Matrix[]>>;
  report: CompressReport;
}

function checkGroups(groups: readonly (readonly number[])[], L: number): number[][] {
  const seen = new Array<boolean>(L).fill(false);
  for (const g of groups) {
    if (!Array.isArray(g) || g.length === 0) throw new WcError("E_ARGUMENT", "compressPretrained: every group must list at least one layer");
    for (const l of g) {
      if (!Number.isInteger(l) || l < 0 || l >= L || seen[l]) throw new WcError("E_ARGUMENT", `compressPretrained: groups must partition layers 0..${L - 1}; layer ${l} is out of range or repeated`);
      seen[l] = true;
    }
  }
  const missing = seen.findIndex((s) => !s);
  if (missing >= 0) throw new WcError("E_ARGUMENT", `compressPretrained: groups must cover every layer; layer ${missing} is in none`);
  return groups.map((g) => [...g]);
}

/**
 * The training-free MASA (spec §3.2-3.6): per projection type and group of layers, Matrix PCA
 * atoms ({@link matrixPCA}), or with `dictionaries: "shared"` one dictionary per group fitted to all
 * types' matrices together (the paper's ablation); optionally a whitened low-rank correction of every layer's residual
 * ({@link whitenedLowRank}) with ranks from {@link allocateResidualRanks}. Inputs are not modified.
 * @param layers - per layer, its projection matrices (`out x in`) by type (at least the types compressed)
 * @param options - see {@link CompressPretrainedOptions}; also `onProgress(done, total)` (default none;
 *   for progress bars, never changes the result): called once with `done = 0`, then after each
 *   (projection, group) decomposition (each group's one decomposition with shared dictionaries) and,
 *   with `residual`, after each (projection, layer) refinement, so `total = P x G (G shared) (+ P x L)`
 *   and `done` runs 1..`total`
 * @returns groups, dictionaries, residual factors, dense approximations and the error/budget report
 * @throws {WcError} `E_ARGUMENT` for no layers, a missing matrix, or groups that do not partition the
 *   layers; `E_SHAPE` for mismatched shapes or grams, an `atomsPerGroup` list whose length is not the
 *   number of groups, or shared dictionaries over types of unequal shape; `E_RANGE` for an atom count
 *   above a dictionary's matrix count (`|G|`, or `P·|G|` shared), NaN/Inf values or bad options.
 * @example
 * const { report } = compressPretrained(layers, { atomsPerGroup: 2 }); report.rate;
 */
export function compressPretrained(
  layers: readonly Partial<Record<Proj, Matrix>>[],
  options: CompressPretrainedOptions & { onProgress?: (done: number, total: number) => void } = {},
): CompressPretrainedResult {
  const o = resolveOptions(options);
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new WcError("E_ARGUMENT", `compressPretrained: onProgress must be a function (done, total) => void or undefined, got ${typeof onProgress}`);
  }
  const L = layers.length;
  if (L === 0) throw new WcError("E_ARGUMENT", "compressPretrained: no layers given");
  const g = o.groups;
  const groups =
    g === undefined
      ? [Array.from({ length: L }, (_, i) => i)]
      : Array.isArray(g)
        ? checkGroups(g as readonly (readonly number[])[], L)
        : groupBlocksByDrift((g as { layerProbs: readonly Float64Array[] }).layerProbs, (g as { numGroups: number }).numGroups);
  if (groups.flat().length !== L) throw new WcError("E_SHAPE", `compressPretrained: ${L} layers but the grouping covers ${groups.flat().length}`);
  const layerGroup = new Array<number>(L);
  groups.forEach((grp, gi) => grp.forEach((l) => (layerGroup[l] = gi)));
  for (const p of o.projections) {
    layers.forEach((ly, l) => {
      if (ly?.[p] === undefined) throw new WcError("E_ARGUMENT", `compressPretrained: layer ${l} has no "${p}" matrix`);
    });
  }
  const shapes = Object.fromEntries(o.projections.map((p) => [p, layers[0]![p]!.shape as [number, number]])) as Record<Proj, [number, number]>;
  const ranks = o.residual
    ? allocateResidualRanks(o.projections.map((p) => ({ name: p, out: shapes[p][0], in: shapes[p][1] })), o.residual.paramsPerLayer)
    : { q: 0, k: 0, v: 0, o: 0 };
  if (o.residual && o.residual.grams.length !== L) throw new WcError("E_SHAPE", `compressPretrained: residual.grams has ${o.residual.grams.length} layers, expected ${L}`);
  if (o.atomsList && o.atomsList.length !== groups.length) {
    throw new WcError("E_SHAPE", `compressPretrained: atomsPerGroup lists ${o.atomsList.length} counts for ${groups.length} groups`);
  }
  const shared = o.dictionaries === "shared";
  const P = o.projections.length;
  if (shared) {
    const [r0, c0] = shapes[o.projections[0]!];
    for (const p of o.projections) {
      const [r, c] = shapes[p];
      if (r !== r0 || c !== c0) {
        throw new WcError("E_SHAPE", `compressPretrained: shared dictionaries need one shape for all types, but ${o.projections[0]} is ${r0} x ${c0} and ${p} is ${r} x ${c}; compress the equal-shaped types (e.g. q and o under GQA) or use dictionaries: "separate"`);
      }
    }
  }
  const dicts: Partial<Record<Proj, Dictionary[]>> = {};
  const approximations: Partial<Record<Proj, Matrix[]>> = {};
  const residuals: Partial<Record<Proj, { A: Matrix; B: Matrix }>>[] | undefined = o.residual ? layers.map(() => ({})) : undefined;
  const report: CompressReport = { layers: [], projections: [], dictionaries: o.dictionaries, params: 0, denseParams: 0, rate: 0 };
  const totalSteps = (shared ? groups.length : P * groups.length) + (o.residual ? P * L : 0);
  let doneSteps = 0;
  const step = (): void => onProgress?.(++doneSteps, totalSteps);
  onProgress?.(0, totalSteps);
  // Per type and group: atoms, |G| x k coefficients and per-layer errors.
  type Part = { atoms: Matrix[]; coeffs: Float64Array; sqErr: Float64Array; sqNorm: Float64Array };
  const parts = new Map<Proj, Part[]>(o.projections.map((p) => [p, []]));
  const atomsFor = (grp: readonly number[], gi: number, m: number): number => {
    const S = o.atomsPerGroup(m, gi);
    if (!Number.isInteger(S) || S < 1 || S > m) {
      throw new WcError("E_RANGE", `compressPretrained: ${S} atoms for group ${gi} (${grp.length} layers, ${m} matrices per dictionary); atomsPerGroup must give an integer in [1, ${m}]`);
    }
    return S;
  };
  groups.forEach((grp, gi) => {
    if (shared) {
      const r = matrixPCA(o.projections.flatMap((p) => grp.map((l) => layers[l]![p]!)), atomsFor(grp, gi, P * grp.length));
      const k = r.atoms.length;
      const G = grp.length;
      o.projections.forEach((p, t) => {
        parts.get(p)!.push({ atoms: r.atoms, coeffs: r.coeffs.slice(t * G * k, (t + 1) * G * k), sqErr: r.layerSqError.slice(t * G, (t + 1) * G), sqNorm: r.layerSqNorm.slice(t * G, (t + 1) * G) });
      });
      step();
    } else {
      for (const p of o.projections) {
        const r = matrixPCA(grp.map((l) => layers[l]![p]!), atomsFor(grp, gi, grp.length));
        parts.get(p)!.push({ atoms: r.atoms, coeffs: r.coeffs, sqErr: r.layerSqError, sqNorm: r.layerSqNorm });
        step();
      }
    }
  });
  let totalParams = 0;
  for (const p of o.projections) {
    const [out, inn] = shapes[p];
    const n = out * inn;
    const approx = new Array<Matrix>(L);
    const relErr = new Array<number>(L);
    const atomsPer: number[] = [];
    let err = 0;
    let tot = 0;
    let params = 0;
    dicts[p] = groups.map((grp, gi) => {
      const r = parts.get(p)![gi]!;
      const k = r.atoms.length;
      atomsPer.push(k);
      // Shared atoms are counted once in the total and split evenly in the per-type figures.
      params += (shared ? (k * n) / P : k * n) + grp.length * k;
      totalParams += (shared ? (p === o.projections[0] ? k * n : 0) : k * n) + grp.length * k;
      err += r.sqErr.reduce((a, b) => a + b, 0);
      tot += r.sqNorm.reduce((a, b) => a + b, 0);
      grp.forEach((l, i) => {
        const w = new Float64Array(n);
        for (let s = 0; s < k; s++) {
          const c = r.coeffs[i * k + s]!;
          const a = r.atoms[s]!.data;
          for (let j = 0; j < n; j++) w[j] += c * a[j]!;
        }
        approx[l] = tensor(w, [out, inn]);
        relErr[l] = r.sqNorm[i]! > 0 ? Math.sqrt(r.sqErr[i]! / r.sqNorm[i]!) : 0;
      });
      return { atoms: r.atoms, coeffs: r.coeffs };
    });
    const rank = ranks[p];
    for (let l = 0; l < L; l++) {
      let refined = relErr[l]!;
      if (o.residual && rank > 0) {
        const gram = o.residual.grams[l]?.[p];
        if (gram === undefined) throw new WcError("E_ARGUMENT", `compressPretrained: residual.grams[${l}] has no "${p}" Gram`);
        const wl = new Float64Array(n);
        flattenInto(layers[l]![p]!, wl, 0);
        const a = approx[l]!.data;
        const delta = new Float64Array(n);
        for (let j = 0; j < n; j++) delta[j] = wl[j]! - a[j]!;
        const f = whitenedLowRank(tensor(delta, [out, inn]), gram, Math.min(rank, out, inn));
        residuals![l]![p] = { A: f.A, B: f.B };
        const rr = f.A.shape[1]!;
        const Ad = f.A.data;
        const Bd = f.B.data;
        let e = 0;
        let w2 = 0;
        for (let i = 0; i < out; i++) {
          for (let j = 0; j < inn; j++) {
            let ab = 0;
            for (let t = 0; t < rr; t++) ab += Ad[i * rr + t]! * Bd[t * inn + j]!;
            a[i * inn + j] += ab;
            const d = delta[i * inn + j]! - ab;
            e += d * d;
            w2 += wl[i * inn + j]! ** 2;
          }
        }
        refined = w2 > 0 ? Math.sqrt(e / w2) : 0;
        params += rr * (out + inn);
        totalParams += rr * (out + inn);
      }
      if (o.residual) step();
      report.layers.push({ layer: l, proj: p, group: layerGroup[l]!, relError: relErr[l]!, refinedRelError: refined, residualRank: o.residual ? rank : 0 });
    }
    approximations[p] = approx;
    report.projections.push({ proj: p, out, in: inn, atoms: atomsPer, relError: tot > 0 ? Math.sqrt(err / tot) : 0, params, denseParams: L * n });
    report.denseParams += L * n;
  }
  report.params = totalParams;
  report.rate = 1 - report.params / report.denseParams;
  return { groups, dicts, ...(residuals ? { residuals } : {}), approximations, report };
}
