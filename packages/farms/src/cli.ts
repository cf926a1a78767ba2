import { defineCommand, type RunContext, type RunResult } from "@wc/command";
import { loadNpz, loadOnnx, openSafetensorsFile } from "@wc/io/node";
import { WcError } from "@wc/tensor";
import { alphaPruningRatios } from "./alpha-pruning";
import { analyzeModel, type AnalyzeOptions, type ModelAnalysis, type TensorSource } from "./analyze-model";
import type { SamplingMode, XminRule } from "./options";
import { analysisSections, defaultPlotLayers } from "./report";
import { tempBalanceLRs } from "./temp-balance";

/** Opens a checkpoint as a {@link TensorSource}: ONNX and .npz in memory, safetensors lazily. */
async function openModel(path: string): Promise<{ source: TensorSource; close?: () => Promise<void> }> {
  const p = path.toLowerCase();
  if (p.endsWith(".onnx")) return { source: (await loadOnnx(path)).stateDict };
  if (p.endsWith(".npz")) return { source: await loadNpz(path) };
  if (p.endsWith(".safetensors") || p.endsWith(".json")) {
    const r = await openSafetensorsFile(path);
    return { source: r, close: () => r.close() };
  }
  throw new WcError("E_UNSUPPORTED", `farms: cannot read ${path}; expected .onnx, .safetensors, .safetensors.index.json or .npz`);
}

/** An `onProgress(done, total)` that drives `ctx.progress`: the bar starts at `done = 0`, ticks to `total`. */
function progressTicker(ctx: RunContext, label: string): (done: number, total: number) => void {
  let tick: ((increment?: number) => void) | undefined;
  let last = 0;
  return (done, total) => {
    if (tick === undefined) tick = ctx.progress.start(label, total);
    if (done > last) tick(done - last);
    last = done;
  };
}

function analyzeOptions(ctx: RunContext, keep: (name: string) => boolean): AnalyzeOptions {
  const o = ctx.options;
  const include = typeof o.include === "string" && o.include !== "" ? new RegExp(o.include) : undefined;
  const twoD = o.onlyLinear === true;
  return {
    fit: { xmin: o.fit as XminRule },
    farms: o.fullOnly === true ? false : {
      windowRows: o.windowRows as number,
      qRatio: o.qRatio as number,
      mode: o.mode as SamplingMode,
      opsPerDim: o.opsPerDim as number,
      stepSize: o.stepSize as number,
    },
    conv: { convNorm: o.convNorm as number },
    include: (name, shape) => (shape.length === 2 || (!twoD && shape.length === 4)) && (include === undefined || include.test(name)),
    keepEigs: keep,
    threads: ctx.threads,
    onProgress: progressTicker(ctx, "farms: layers"),
  };
}

/** JSON-friendly layer rows (no eigenvalue arrays; Infinity becomes null through JSON). */
function jsonLayers(a: ModelAnalysis): unknown[] {
  return a.layers.map(({ eigs: _e, ...rest }) => rest);
}

async function analyzePath(ctx: RunContext, path: string, title: string): Promise<RunResult> {
  const plot = typeof ctx.options.plot === "string" && ctx.options.plot !== "" ? ctx.options.plot.split(",").map((s) => s.trim()) : undefined;
  const { source, close } = await openModel(path);
  let analysis: ModelAnalysis;
  try {
    // Keep eigenvalues only for the plotted layers (all, when the default choice needs them).
    analysis = await analyzeModel(source, analyzeOptions(ctx, (n) => plot === undefined || plot.includes(n)));
  } finally {
    ctx.progress.stop();
    await close?.();
  }
  ctx.log(`farms: ${analysis.layers.length} layers analysed, ${analysis.skipped.length} skipped`);
  const plotLayers = plot ?? defaultPlotLayers(analysis.layers);
  for (const l of analysis.layers) if (!plotLayers.includes(l.name)) delete l.eigs;
  const alphas = analysis.layers.map((l) => (l.farms ?? l.full)?.alpha ?? Number.NaN);
  const extra: Record<string, (number | undefined)[]> = {};
  const finite = alphas.every((a) => Number.isFinite(a)) && alphas.length > 0;
  const target = ctx.options.targetSparsity;
  if (typeof target === "number" && finite) {
    extra["AlphaPruning sparsity"] = alphaPruningRatios(alphas, analysis.layers.map((l) => l.numParams), target, {
      layersPerBlock: ctx.options.layersPerBlock as number,
      epsilon: ctx.options.epsilon as number,
    });
  }
  const baseLr = ctx.options.baseLr;
  if (typeof baseLr === "number" && finite) extra["TempBalance LR"] = tempBalanceLRs(alphas, baseLr);
  const sections = analysisSections(analysis, { plotLayers, extraColumns: extra, title });
  return {
    json: { model: path, options: ctx.options, layers: jsonLayers(analysis), skipped: analysis.skipped, ...extra },
    sections,
  };
}

/** The `wcraft farms` command: FARMS and full-ESD heavy-tail metrics of every layer of a model. */
export const command = defineCommand({
  name: "farms",
  summary: "heavy-tail (power-law alpha) metrics of every layer, FARMS vs full ESD",
  description:
    "Computes the empirical spectral density of every 2-D (linear) and 4-D (conv) weight of a model (.onnx, .safetensors, sharded index, .npz) and fits a power law to its tail, both on the full ESD and on the FARMS averaged ESD of fixed-shape windows (Hu et al., ICML 2025), which removes the aspect-ratio bias. Prints a per-layer table (alpha, alpha-hat, D, xmin, spectral norm, stable rank, log norm), alpha bars FARMS vs full, and log-log ESD plots of chosen layers; optionally AlphaPruning sparsities and TempBalance learning rates.",
  args: [{ name: "model", help: "model file: .onnx, .safetensors, .safetensors.index.json or .npz", required: true }],
  options: [
    { name: "fit", type: "choice", choices: ["ks", "peak", "median"], default: "ks", help: "how xmin of the power-law tail is chosen" },
    { name: "window-rows", type: "integer", default: 100, min: 1, help: "FARMS window rows" },
    { name: "q-ratio", type: "number", default: 1, min: 0.01, help: "FARMS window aspect ratio (cols / rows)" },
    { name: "mode", type: "choice", choices: ["fixedOps", "stride"], default: "fixedOps", help: "FARMS window placement" },
    { name: "ops-per-dim", type: "integer", default: 10, min: 2, help: "FARMS window starts per axis (fixedOps)" },
    { name: "step-size", type: "integer", default: 10, min: 1, help: "FARMS step between windows (stride)" },
    { name: "conv-norm", type: "number", default: 0.5, min: 1e-9, help: "conv slices are scaled by sqrt(conv-norm)" },
    { name: "full-only", type: "boolean", default: false, help: "skip FARMS, fit the full ESD only" },
    { name: "only-linear", type: "boolean", default: false, help: "analyse 2-D weights only (skip conv kernels)" },
    { name: "include", type: "string", help: "regular expression: analyse only tensors whose name matches" },
    { name: "plot", type: "string", help: "comma-separated layer names to plot (default: smallest and largest alpha)" },
    { name: "target-sparsity", type: "number", min: 0, max: 0.999, help: "add AlphaPruning per-layer sparsities for this global sparsity" },
    { name: "layers-per-block", type: "integer", default: 1, min: 1, help: "AlphaPruning block averaging (7 for LLaMA blocks)" },
    { name: "epsilon", type: "number", default: 0.2, min: 0, max: 1, help: "AlphaPruning ratio band half-width" },
    { name: "base-lr", type: "number", min: 0, help: "add TempBalance per-layer learning rates for this global LR" },
  ],
  async run(ctx) {
    const path = ctx.args[0];
    if (path === undefined) throw new WcError("E_ARGUMENT", "farms: expected a model file argument");
    return analyzePath(ctx, path, "farms");
  },
  async demo(ctx, files) {
    // The PP-OCRv4 recogniser's 2-D weights (transformer neck + classifier), else the tiny LM.
    const path = files.onnx ?? files.lm;
    if (path === undefined) return undefined;
    const demoCtx: RunContext = {
      ...ctx,
      options: {
        fit: "ks",
        windowRows: 100,
        qRatio: 1,
        mode: "fixedOps",
        opsPerDim: 10,
        stepSize: 10,
        convNorm: 0.5,
        fullOnly: false,
        onlyLinear: true,
        layersPerBlock: 1,
        epsilon: 0.2,
      },
    };
    return analyzePath(demoCtx, path, files.onnx ? "farms (PP-OCRv4 rec, 2-D weights)" : "farms (tiny Llama)");
  },
});
