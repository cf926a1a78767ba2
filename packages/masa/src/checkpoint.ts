import { StateDict, TensorEntry } from "@wc/io";
import { WcError, tensor, type Matrix } from "@wc/tensor";
import { compressPretrained, type CompressPretrainedResult } from "./compress-pretrained";
import type { CompressPretrainedOptions } from "./options";
import { truncatedSvdAtBudget } from "./svd-baseline";
import { PROJECTIONS, type Proj } from "./types";

const NAME = /^(.*)layers\.(\d+)\.self_attn\.([qkvo])_proj\.weight$/;

/** Attention projections found in a Llama-style state dict. */
export interface LlamaAttentionWeights {
  /** Per layer, its projection matrices by type. */
  layers: Record<Proj, Matrix>[];
  /** Name prefix before `layers.` (e.g. `"model."`). */
  prefix: string;
}

/**
 * Collects `<prefix>layers.N.self_attn.{q,k,v,o}_proj.weight` (Hugging Face Llama names) from a state dict.
 * @param sd - the checkpoint
 * @returns the per-layer matrices and the name prefix
 * @throws {WcError} `E_FORMAT` when there are no such tensors, a layer misses one, or layers are not numbered 0..L-1.
 * @example
 * const { layers } = llamaAttentionWeights(await loadSafetensors("model.safetensors"));
 */
export function llamaAttentionWeights(sd: StateDict): LlamaAttentionWeights {
  const found = new Map<number, Partial<Record<Proj, Matrix>>>();
  let prefix: string | undefined;
  for (const name of sd.names()) {
    const m = NAME.exec(name);
    if (!m) continue;
    if (prefix !== undefined && m[1] !== prefix) throw new WcError("E_FORMAT", `masa: attention weights under two prefixes ("${prefix}", "${m[1]}")`);
    prefix = m[1]!;
    const t = sd.tensor(name);
    if (t.shape.length !== 2) throw new WcError("E_FORMAT", `masa: ${name} has shape [${t.shape.join(", ")}], expected a 2-D out x in weight`);
    const l = Number(m[2]);
    const e = found.get(l) ?? {};
    e[m[3] as Proj] = t as Matrix;
    found.set(l, e);
  }
  if (prefix === undefined) throw new WcError("E_FORMAT", "masa: no tensors named <prefix>layers.N.self_attn.{q,k,v,o}_proj.weight (a Llama-style checkpoint with Hugging Face names is expected)");
  const L = found.size;
  const layers: Record<Proj, Matrix>[] = [];
  for (let l = 0; l < L; l++) {
    const e = found.get(l);
    if (!e) throw new WcError("E_FORMAT", `masa: layer numbers are not 0..${L - 1} (layer ${l} missing)`);
    for (const p of PROJECTIONS) if (!e[p]) throw new WcError("E_FORMAT", `masa: layer ${l} has no ${p}_proj weight`);
    layers.push(e as Record<Proj, Matrix>);
  }
  return { layers, prefix };
}

/** What {@link compressLlamaCheckpoint} returns. */
export interface LlamaCheckpointResult extends CompressPretrainedResult {
  /** The input with every compressed projection replaced by its dense re-expansion (original dtype). */
  dense: StateDict;
  /**
   * The compressed checkpoint: every other tensor unchanged, the compressed projections replaced by
   * `masa.<p>_proj.group<g>.atoms` `[S, out, in]` (with shared dictionaries one
   * `masa.shared.group<g>.atoms` for all types) and `masa.<p>_proj.group<g>.coeffs` `[|G|, S]`, plus
   * with residual refinement `masa.<p>_proj.layer<l>.residual_A` `[out, r]` and `.residual_B`
   * `[r, in]` (all float32); metadata `wc.masa` = `{ version: 1, prefix, groups, projections,
   * dictionaries, residualRanks }`.
   */
  factors: StateDict;
  /** Per type and layer, the relative error of a truncated SVD of the same total parameter budget. */
  svdRelError: Partial<Record<Proj, number[]>>;
  /** Per type, the SVD baseline's rank. */
  svdRank: Partial<Record<Proj, number>>;
}

/**
 * Post-hoc MASA of a Llama-style checkpoint (Hugging Face names): collects the Q/K/V/O projections,
 * runs {@link compressPretrained}, and returns the report, the dense re-expansion and the
 * atoms + coefficients checkpoint, plus a per-layer truncated-SVD baseline at the same attention
 * parameter budget (each type's MASA budget spread evenly over its L matrices).
 * @param sd - the checkpoint (not modified)
 * @param options - see {@link CompressPretrainedOptions} (with `residual`, the dense re-expansion
 *   includes the corrections and the factors file holds them); also `onProgress(done, total)` (default none; for progress bars, never changes the result):
 *   called once with `done = 0`, then after each (projection, group) decomposition and each
 *   (projection, layer) SVD baseline, so `total = P x G + P x L` and `done` runs 1..`total`
 * @returns the compression result with `dense`, `factors` and the SVD baseline
 * @throws {WcError} as {@link llamaAttentionWeights} and {@link compressPretrained}.
 * @example
 * const { report, dense } = compressLlamaCheckpoint(sd, { atomsPerGroup: 2 });
 */
export function compressLlamaCheckpoint(
  sd: StateDict,
  options: CompressPretrainedOptions & { onProgress?: (done: number, total: number) => void } = {},
): LlamaCheckpointResult {
  const { layers, prefix } = llamaAttentionWeights(sd);
  const { onProgress, ...rest } = options;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new WcError("E_ARGUMENT", `compressLlamaCheckpoint: onProgress must be a function (done, total) => void or undefined, got ${typeof onProgress}`);
  }
  // The decomposition reports its own total (P x G); the SVD baseline adds P x L steps.
  let total = 0;
  let done = 0;
  const r = compressPretrained(layers, {
    ...rest,
    ...(onProgress
      ? {
          onProgress: (d: number, t: number) => {
            if (d === 0) {
              total = t + (options.projections?.length ?? 4) * layers.length;
              onProgress(0, total);
            } else onProgress((done = d), total);
          },
        }
      : {}),
  });
  const name = (l: number, p: Proj) => `${prefix}layers.${l}.self_attn.${p}_proj.weight`;
  const compressed = r.report.projections.map((x) => x.proj);
  let dense = sd;
  for (const p of compressed) r.approximations[p]!.forEach((w, l) => (dense = dense.with(name(l, p), w)));
  const drop = new Set(compressed.flatMap((p) => layers.map((_, l) => name(l, p))));
  const entries: [string, TensorEntry][] = [...sd].filter(([n]) => !drop.has(n));
  const svdRelError: Partial<Record<Proj, number[]>> = {};
  const svdRank: Partial<Record<Proj, number>> = {};
  const shared = r.report.dictionaries === "shared";
  const f32 = (m: Matrix) => TensorEntry.fromTensor(tensor(Float32Array.from(m.data), m.shape));
  for (const [i, pr] of r.report.projections.entries()) {
    const p = pr.proj;
    r.dicts[p]!.forEach((d, g) => {
      const [out, inn] = [pr.out, pr.in];
      const S = d.atoms.length;
      if (!shared || i === 0) {
        const a = new Float32Array(S * out * inn);
        d.atoms.forEach((m, s) => a.set(m.data, s * out * inn));
        entries.push([`masa.${shared ? "shared" : `${p}_proj`}.group${g}.atoms`, TensorEntry.fromTensor(tensor(a, [S, out, inn]))]);
      }
      entries.push([`masa.${p}_proj.group${g}.coeffs`, TensorEntry.fromTensor(tensor(Float32Array.from(d.coeffs), [r.groups[g]!.length, S]))]);
    });
    r.residuals?.forEach((ly, l) => {
      const f = ly[p];
      if (f === undefined) return;
      entries.push([`masa.${p}_proj.layer${l}.residual_A`, f32(f.A)], [`masa.${p}_proj.layer${l}.residual_B`, f32(f.B)]);
    });
    const perLayer = pr.params / layers.length;
    svdRelError[p] = layers.map((ly) => {
      const b = truncatedSvdAtBudget(ly[p], perLayer);
      svdRank[p] = b.rank;
      onProgress?.(++done, total);
      return b.relError;
    });
  }
  const residualRanks = Object.fromEntries(compressed.map((p) => [p, r.report.layers.find((x) => x.proj === p)!.residualRank]));
  const meta = { ...sd.metadata, "wc.masa": JSON.stringify({ version: 1, prefix, groups: r.groups, projections: compressed, dictionaries: r.report.dictionaries, residualRanks }) };
  return { ...r, dense, factors: new StateDict(entries, meta), svdRelError, svdRank };
}
