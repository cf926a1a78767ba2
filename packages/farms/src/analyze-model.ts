import { WcError, dtypeOf, isWcError, transpose, type Tensor } from "@wc/tensor";
import { esd, esdConv2d } from "./esd";
import { farmsConv2d } from "./farms-conv";
import { farmsEsd } from "./farms-sampler";
import { metricsFromSorted, type LayerMetrics } from "./layer-metrics";
import {
  resolveConvOptions,
  resolveFarmsOptions,
  resolveFitOptions,
  type ConvOptions,
  type FarmsOptions,
  type FitOptions,
  type ResolvedFitOptions,
} from "./options";
import { AnalyzePool, type WorkerReply } from "./worker-pool";

/** One tensor of a checkpoint as {@link analyzeModel} reads it (an @wc/io `TensorEntry` fits). */
export interface TensorEntryLike {
  /** The decoded tensor. */
  readonly tensor: Tensor;
  /** `"in_out"` when a 2-D weight is stored transposed (ONNX MatMul); it is then transposed back. */
  readonly layout?: string | undefined;
  /** Shape, read without decoding when present. */
  readonly shape?: readonly number[];
}

/**
 * A checkpoint {@link analyzeModel} can walk: an @wc/io `StateDict` (`get`), or a lazy reader such
 * as `SafetensorsReader` (`read`, optionally `info` for shapes), which is streamed one tensor at a time.
 */
export interface TensorSource {
  names(): string[];
  get?(name: string): TensorEntryLike | undefined;
  read?(name: string): Promise<TensorEntryLike>;
  info?(name: string): { shape: readonly number[] };
}

/** Options of {@link analyzeModel}. */
export interface AnalyzeOptions {
  /** Power-law fit for both ESDs; default `{ xmin: 'ks' }` and the other fit defaults. */
  fit?: FitOptions;
  /** FARMS sampler options, or `false` to skip FARMS; default `{}` (windowRows 100, qRatio 1, fixedOps, opsPerDim 10). */
  farms?: FarmsOptions | false;
  /** Also fit the full (un-windowed) ESD; default true. */
  full?: boolean;
  /** Conv2d options (convNorm, FARMS qRatio for conv slices); default `{ convNorm: 0.5, qRatio: 1 }`. */
  conv?: ConvOptions;
  /** Which tensors to analyse; default: every float tensor of rank 2 or 4. */
  include?: (name: string, shape: readonly number[]) => boolean;
  /** Skip weights whose full ESD would have fewer eigenvalues (`eigs_num_thresh`); default 5. */
  minEigs?: number;
  /** Keep the eigenvalues in the result (all layers, or those the predicate picks); default false. */
  keepEigs?: boolean | ((name: string) => boolean);
  /** Called after each analysed layer, in checkpoint order (progress). */
  onLayer?: (layer: LayerReport, done: number, total: number) => void;
  /**
   * Called once with `done = 0` when the list of candidate tensors is known, then after every
   * candidate tensor is finished (analysed or skipped), `done` running 1..`total`; for progress
   * bars. Default none; never changes the result.
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Node worker threads analysing layers in parallel (at most `threads` tensors in flight, so
   * streaming still bounds memory); default 1 (no workers). Needs Node `worker_threads`.
   */
  threads?: number;
}

/** FARMS metrics of one layer with the sampler geometry. */
export interface FarmsLayerMetrics extends LayerMetrics {
  /** Windows (linear) or row blocks (conv) pooled or averaged. */
  windows: number;
  windowRows: number;
  windowCols: number;
}

/** One analysed layer. */
export interface LayerReport {
  name: string;
  /** Shape as analysed (`out x in` for linear weights; `[o, i, kh, kw]` for conv kernels). */
  shape: number[];
  kind: "linear" | "conv2d";
  /** Number of weights. */
  numParams: number;
  /** Metrics of the full ESD (absent with `full: false`). */
  full?: LayerMetrics;
  /** FARMS metrics (absent with `farms: false`). */
  farms?: FarmsLayerMetrics;
  /** Eigenvalues, when `keepEigs` selects this layer. */
  eigs?: { full?: Float64Array; farms?: Float64Array };
}

/** Result of {@link analyzeModel}. */
export interface ModelAnalysis {
  /** Analysed layers in checkpoint order. */
  layers: LayerReport[];
  /** Tensors that matched `include` but were not analysed, with the reason. */
  skipped: { name: string; reason: string }[];
}

/** Default `include`: rank-2 and rank-4 tensors. */
export function isWeightShape(_name: string, shape: readonly number[]): boolean {
  return shape.length === 2 || shape.length === 4;
}

function fitOf(eigs: Float64Array, f: ResolvedFitOptions): LayerMetrics {
  let kept = eigs;
  if (f.filterZeros) {
    let first = 0;
    while (first < eigs.length && eigs[first]! <= f.evalsThresh) first++;
    if (first < eigs.length) kept = eigs.subarray(first);
  }
  return metricsFromSorted(eigs, kept, f);
}

/**
 * Analyses one weight tensor (2-D linear `out x in`, or 4-D conv kernel) with the full ESD and
 * FARMS side by side; the per-tensor step of {@link analyzeModel}.
 *
 * @param name - layer name for the report.
 * @param W - 2-D or 4-D float tensor (not modified).
 * @param options - {@link AnalyzeOptions} (`include`, `onLayer` are ignored).
 * @returns a {@link LayerReport}, or a string saying why the tensor was skipped.
 * @throws {WcError} `E_SHAPE` for other ranks; `E_RANGE` for NaN/Inf or an all-zero weight; option errors.
 * @example
 * analyzeWeight("fc1", randn(0, [256, 128])); // { name: "fc1", full: {...}, farms: {...} }
 */
export function analyzeWeight(name: string, W: Tensor, options: AnalyzeOptions = {}): LayerReport | string {
  const fit = resolveFitOptions(options.fit, "analyzeModel");
  const farms = options.farms === false ? false : resolveFarmsOptions(options.farms ?? {}, "analyzeModel");
  const conv = resolveConvOptions(options.conv, "analyzeModel");
  const full = options.full ?? true;
  const minEigs = options.minEigs ?? 5;
  const keep = typeof options.keepEigs === "function" ? options.keepEigs(name) : options.keepEigs === true;
  const shape = [...W.shape];
  const numParams = shape.reduce((a, b) => a * b, 1);
  const rep: LayerReport = { name, shape, kind: shape.length === 4 ? "conv2d" : "linear", numParams };
  const kept: { full?: Float64Array; farms?: Float64Array } = {};
  if (shape.length === 2) {
    const [m, n] = shape as [number, number];
    if (Math.min(m, n) < minEigs) return `min(out, in) = ${Math.min(m, n)} < minEigs ${minEigs}`;
    if (full) {
      const e = esd(W);
      rep.full = fitOf(e, fit);
      kept.full = e;
    }
    if (farms) {
      const r = farmsEsd(W, farms);
      rep.farms = { ...fitOf(r.eigs, fit), windows: r.windows.length, windowRows: r.windowRows, windowCols: r.windowCols };
      kept.farms = r.eigs;
    }
  } else if (shape.length === 4) {
    const [o, i, kh, kw] = shape as [number, number, number, number];
    const channelsLast = o + i >= kh + kw;
    const slices = channelsLast ? kh * kw : o * i;
    const per = channelsLast ? Math.min(o, i) : Math.min(kh, kw);
    if (slices * per < minEigs) return `${slices * per} eigenvalues < minEigs ${minEigs}`;
    if (full) {
      const e = esdConv2d(W, conv);
      rep.full = fitOf(e, fit);
      kept.full = e;
    }
    if (farms) {
      const r = farmsConv2d(W, { ...conv, fit });
      const { blocks, skippedBlocks: _s, windowRows, windowCols, eigs, ...metrics } = r;
      rep.farms = { ...metrics, windows: blocks, windowRows, windowCols };
      kept.farms = eigs;
    }
  } else {
    throw new WcError("E_SHAPE", `analyzeModel: "${name}" has shape [${shape.join(", ")}]; only 2-D (linear) and 4-D (conv) weights are analysed`);
  }
  if (keep) rep.eigs = kept;
  return rep;
}

function shapeOf(e: TensorEntryLike | undefined): readonly number[] | undefined {
  return e === undefined ? undefined : (e.shape ?? e.tensor.shape);
}

/** True when `p` has already settled (checked without waiting). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  const mark = {};
  return (await Promise.race([p.then(() => true, () => true), Promise.resolve(mark)])) !== mark;
}

async function entryOf(source: TensorSource, name: string): Promise<TensorEntryLike | undefined> {
  if (typeof source.read === "function") return source.read(name);
  if (typeof source.get === "function") return source.get(name);
  throw new WcError("E_ARGUMENT", "analyzeModel: the source has neither get(name) nor read(name); pass a StateDict or a SafetensorsReader");
}

/**
 * Analyses every 2-D (linear) and 4-D (conv) weight of a checkpoint, with the full ESD and FARMS
 * side by side (spec sections 3.1-3.6). Tensors are read and analysed one at a time, so a lazy
 * reader (`openSafetensorsFile` of @wc/io/node) streams a model larger than memory; only the
 * metrics (and, with `keepEigs`, the eigenvalues) stay. ONNX weights stored `in x out` are
 * transposed back to `out x in` first. A tensor whose analysis fails with `E_RANGE` (NaN/Inf
 * weights, an all-zero matrix) is listed in `skipped` with the message instead of aborting the run.
 *
 * @param source - a `StateDict` or a lazy reader ({@link TensorSource}); not modified.
 * @param options - {@link AnalyzeOptions}; defaults `{ fit: { xmin: 'ks' }, farms: {}, full: true,
 *   conv: { convNorm: 0.5, qRatio: 1 }, minEigs: 5, keepEigs: false, threads: 1 }`.
 * @returns `{ layers, skipped }`.
 * @throws {WcError} `E_ARGUMENT` for a source without `names`/`get`/`read`; option errors
 *   (`E_RANGE`/`E_ARGUMENT`) before any tensor is read; `E_UNSUPPORTED` for `threads > 1` without
 *   Node worker_threads.
 * @example
 * const { layers } = await analyzeModel(await loadSafetensors("model.safetensors"), { fit: { xmin: "median" } });
 * layers.map((l) => [l.name, l.full?.alpha, l.farms?.alpha]);
 */
export async function analyzeModel(source: TensorSource, options: AnalyzeOptions = {}): Promise<ModelAnalysis> {
  if (source === null || typeof source !== "object" || typeof source.names !== "function") {
    throw new WcError("E_ARGUMENT", `analyzeModel: expected a StateDict or a lazy reader with names(), got ${String(source)}`);
  }
  // Validate options once, before reading anything.
  resolveFitOptions(options.fit, "analyzeModel");
  if (options.farms !== false) resolveFarmsOptions(options.farms ?? {}, "analyzeModel");
  resolveConvOptions(options.conv, "analyzeModel");
  const minEigs = options.minEigs ?? 5;
  if (!Number.isInteger(minEigs) || minEigs < 2) throw new WcError("E_RANGE", `analyzeModel: minEigs must be an integer >= 2, got ${minEigs}`);
  const include = options.include ?? isWeightShape;
  const layers: LayerReport[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const names = source.names();
  const todo: string[] = [];
  for (const name of names) {
    const known = typeof source.info === "function" ? source.info(name).shape : typeof source.get === "function" ? shapeOf(source.get(name)) : undefined;
    if (known !== undefined && !include(name, known)) continue;
    todo.push(name);
  }
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new WcError("E_RANGE", `analyzeModel: threads must be an integer in [1, 64], got ${threads}`);
  }
  const pool = threads > 1 ? await AnalyzePool.create(threads) : undefined;
  let done = 0;
  let finished = 0;
  const step = (): void => options.onProgress?.(++finished, todo.length);
  options.onProgress?.(0, todo.length);
  const classify = (name: string, out: LayerReport | string | WorkerReply): void => {
    if (typeof out === "string") skipped.push({ name, reason: out });
    else if ("error" in out) {
      if (out.error.code === "E_RANGE") skipped.push({ name, reason: out.error.message });
      else if (out.error.code === "") throw new Error(out.error.message);
      else throw new WcError(out.error.code, out.error.message.replace(/^\[E_[A-Z_]+\] /, ""));
    } else if ("skip" in out) skipped.push({ name, reason: out.skip });
    else {
      const rep = "report" in out ? out.report : out;
      layers.push(rep);
      options.onLayer?.(rep, ++done, todo.length);
    }
  };
  const record = (name: string, out: LayerReport | string | WorkerReply): void => {
    classify(name, out);
    step();
  };
  const inFlight: { name: string; done: Promise<WorkerReply> }[] = [];
  const keepOf = (name: string): boolean => (typeof options.keepEigs === "function" ? options.keepEigs(name) : options.keepEigs === true);
  try {
    for (const name of todo) {
      const entry = await entryOf(source, name);
      if (entry === undefined) {
        step();
        continue;
      }
      let W = entry.tensor;
      if (!include(name, W.shape)) {
        step();
        continue;
      }
      const dt = dtypeOf(W);
      if (dt !== "float32" && dt !== "float64") {
        if (pool) inFlight.push({ name, done: Promise.resolve({ id: -1, skip: `dtype ${dt} is not a float weight` }) });
        else {
          skipped.push({ name, reason: `dtype ${dt} is not a float weight` });
          step();
        }
        continue;
      }
      if (W.shape.length === 2 && entry.layout === "in_out") W = transpose(W);
      if (pool) {
        const { fit, farms, full, conv, minEigs: me } = options;
        const job = await pool.submit(name, W, keepOf(name), { fit, farms, full, conv, minEigs: me });
        inFlight.push({ name, done: job.done });
        // Report finished layers in order as soon as they are ready.
        while (inFlight.length > 0 && (await settled(inFlight[0]!.done))) record(inFlight[0]!.name, await inFlight.shift()!.done);
        continue;
      }
      try {
        record(name, analyzeWeight(name, W, options));
      } catch (e) {
        if (isWcError(e, "E_RANGE")) {
          skipped.push({ name, reason: e.message });
          step();
        } else throw e;
      }
    }
    for (const f of inFlight) record(f.name, await f.done);
  } finally {
    await pool?.close();
  }
  return { layers, skipped };
}
