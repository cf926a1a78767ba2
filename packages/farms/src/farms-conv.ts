import { WcError, isWcError, slice, type Tensor } from "@wc/tensor";
import { checkKernel, conv2dSlices, squaredSingularValues } from "./esd";
import { metricsFromSorted, meanMetrics, type LayerMetrics } from "./layer-metrics";
import { resolveConvOptions, resolveFitOptions, type ConvOptions, type FitOptions } from "./options";

/** Options of {@link farmsConv2d}. */
export interface FarmsConvOptions extends ConvOptions {
  /** Power-law fit options; default `{ xmin: 'ks' }` and the other fit defaults. */
  fit?: FitOptions;
}

/** Result of {@link farmsConv2d}: the block-mean metrics plus what they were computed from. */
export interface FarmsConvResult extends LayerMetrics {
  /** Number of row blocks whose metrics were averaged (of `floor(R / C)`). */
  blocks: number;
  /** Row blocks left out because they could not be fitted (e.g. all-zero: dead channels of a depthwise conv). */
  skippedBlocks: number;
  /** Window height and width used in every slice. */
  windowRows: number;
  windowCols: number;
  /** The pooled eigenvalues of all blocks, ascending (for plotting). */
  eigs: Float64Array;
}

/**
 * FARMS for a Conv2d kernel (spec section 3, step 6; FARMS `esd_utils_farms.py`): the kernel is cut
 * into its `kh * kw` slices ({@link conv2dSlices}, each `R x C` with `R >= C`). Windows are
 * `floor(C / Q) x C` when `qRatio = Q > 1`, else `C x floor(C Q)`. For each row block
 * `d = 0 .. floor(R / C) - 1` the eigenvalues of `sqrt(convNorm) slice[d wr : (d+1) wr, :wc]` are
 * pooled over all slices and fitted; the layer metrics are the mean over blocks (a different
 * aggregation from the linear sampler, kept as in the code). A block that cannot be fitted (all
 * zeros, e.g. the dead channels of a depthwise conv) is left out of the mean and counted in
 * `skippedBlocks` (the code would turn the whole layer's mean into NaN).
 *
 * @param k - 4-D float kernel `[out, in, kh, kw]` (not modified).
 * @param options - {@link FarmsConvOptions}; defaults `{ qRatio: 1, convNorm: 0.5, fit: { xmin: 'ks' } }`.
 * @returns the block-mean {@link LayerMetrics} with `blocks`, window size and pooled `eigs`.
 * @throws {WcError} `E_SHAPE` unless 4-D; `E_DTYPE` for integers; `E_RANGE` for NaN/Inf, an empty
 *   kernel, no block that can be fitted, or bad options.
 * @example
 * farmsConv2d(randn(0, [64, 16, 3, 3])).blocks; // 4 blocks of 16 x 16 windows
 */
export function farmsConv2d(k: Tensor, options: FarmsConvOptions = {}): FarmsConvResult {
  const { fit, ...conv } = options ?? {};
  const c = resolveConvOptions(conv, "farmsConv2d");
  const f = resolveFitOptions(fit, "farmsConv2d");
  checkKernel(k, "farmsConv2d");
  const slices = conv2dSlices(k);
  const [R, C] = (slices[0]?.shape ?? [0, 0]) as [number, number];
  if (slices.length === 0 || C === 0) {
    throw new WcError("E_RANGE", `farmsConv2d: the kernel is empty (shape [${k.shape.join(", ")}]); there is nothing to sample`);
  }
  const Q = c.qRatio;
  const wr = Math.max(1, Q > 1 ? Math.floor(C / Q) : C);
  const wc = Math.max(1, Q > 1 ? C : Math.floor(C / (1 / Q)));
  const blocks = Math.floor(R / C);
  const per: LayerMetrics[] = [];
  const pooled: Float64Array[] = [];
  const kk = Math.min(wr, wc);
  for (let d = 0; d < blocks; d++) {
    const eigs = new Float64Array(slices.length * kk);
    let at = 0;
    for (const W of slices) at = squaredSingularValues(slice(W, [[d * wr, (d + 1) * wr], [0, wc]]), c.convNorm, eigs, at);
    eigs.sort();
    let kept = eigs;
    if (f.filterZeros) {
      let first = 0;
      while (first < eigs.length && eigs[first]! <= f.evalsThresh) first++;
      if (first < eigs.length) kept = eigs.subarray(first);
    }
    try {
      per.push(metricsFromSorted(eigs, kept, f));
    } catch (e) {
      if (isWcError(e, "E_RANGE")) continue;
      throw e;
    }
    pooled.push(eigs);
  }
  if (per.length === 0) {
    throw new WcError("E_RANGE", `farmsConv2d: none of the ${blocks} row blocks could be fitted (all-zero or degenerate spectra)`);
  }
  let n = 0;
  for (const p of pooled) n += p.length;
  const all = new Float64Array(n);
  let at = 0;
  for (const p of pooled) {
    all.set(p, at);
    at += p.length;
  }
  return { ...meanMetrics(per), blocks: per.length, skippedBlocks: blocks - per.length, windowRows: wr, windowCols: wc, eigs: all.sort() };
}
