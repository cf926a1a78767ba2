import { basename } from "node:path";
import { defineCommand, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import type { OnnxModel, StateDict } from "@wc/io";
import { loadOnnx, loadSafetensors, saveOnnx, saveSafetensors } from "@wc/io/node";
import { WcError } from "@wc/tensor";
import { globalMagnitudeMasks } from "./baselines";
import { classifyLlamaParam, classifySwinParam, patternClassifier } from "./classify";
import { dimapMasks } from "./dimap";
import { estimateFlops, swinTokensFor } from "./flops";
import type { Granularity } from "./options";
import { maskStateDict, maskedEntry, tensorsFromStateDict } from "./state-dict";
import { MODULE_NAMES, type Classifier, type DimapReport, type ModuleName } from "./types";

interface Loaded {
  sd: StateDict;
  onnx?: OnnxModel;
}

async function loadModel(path: string): Promise<Loaded> {
  const p = path.toLowerCase();
  if (p.endsWith(".onnx")) {
    const onnx = await loadOnnx(path);
    return { sd: onnx.stateDict, onnx };
  }
  if (p.endsWith(".safetensors") || p.endsWith(".index.json")) return { sd: await loadSafetensors(path) };
  throw new WcError("E_UNSUPPORTED", `dimap: cannot read ${path}; expected .safetensors, .safetensors.index.json or .onnx`);
}

function classifierFrom(options: RunContext["options"]): Classifier {
  const patterns = (options.pattern as readonly string[] | undefined) ?? [];
  if (patterns.length > 0) {
    return patternClassifier(
      patterns.map((p) => {
        const i = p.indexOf("=");
        const m = p.slice(0, i).trim().toUpperCase();
        if (i <= 0 || !MODULE_NAMES.includes(m as ModuleName)) {
          throw new WcError("E_ARGUMENT", `dimap: --pattern expects MODULE=regex with MODULE one of ${MODULE_NAMES.join(", ")}, got ${JSON.stringify(p)}`);
        }
        return [m as ModuleName, p.slice(i + 1)] as const;
      }),
    );
  }
  return options.preset === "llama" ? classifyLlamaParam : classifySwinParam;
}

/** Module rules for the two SVTR blocks of PP-OCRv4 rec (Paddle names; linear_85 is the CTC head). */
const SVTR_PATTERNS = ["QKV=^linear_(77|81)\\.w_0$", "PRJ=^linear_(78|82)\\.w_0$", "MLP=^linear_(79|80|83|84)\\.w_0$", "AUX=^linear_85\\.w_0$"];

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

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function sections(title: string, report: DimapReport, global: DimapReport | undefined, flops: { denseMacs: number; sparseMacs: number; attentionMacs: number }, perToken: boolean): ReportSection[] {
  const out: ReportSection[] = [];
  const globalOf = new Map(global?.layers.map((l) => [l.name, l]) ?? []);
  out.push({
    kind: "table",
    title: `${title}: modules`,
    columns: ["module", "layers", "weights", "kept", "sparsity", ...(global ? ["global-magnitude sparsity"] : [])],
    rows: Object.entries(report.modules).map(([m, g]) => [m, g!.layers, g!.size, g!.kept, pct(g!.sparsity), ...(global ? [pct(global.modules[m as ModuleName]?.sparsity ?? 0)] : [])]),
    note: "DIMAP removes the same fraction inside every module; the per-layer split follows from the scores.",
  });
  out.push({
    kind: "table",
    title: `${title}: stages`,
    columns: ["stage", "layers", "weights", "kept", "sparsity", ...(global ? ["global-magnitude sparsity"] : [])],
    rows: Object.entries(report.stages).map(([s, g]) => [s, g.layers, g.size, g.kept, pct(g.sparsity), ...(global ? [pct(global.stages[s]?.sparsity ?? 0)] : [])]),
    note: "Patch-merging layers are listed under the stage index their checkpoint name carries.",
  });
  out.push({
    kind: "table",
    title: `${title}: layers`,
    columns: ["layer", "module", "stage", "weights", "kept", "sparsity", ...(global ? ["global-magnitude kept"] : [])],
    rows: report.layers.map((l) => [l.name, l.module, l.stage, l.size, l.kept, pct(l.sparsity), ...(global ? [globalOf.get(l.name)?.kept ?? l.size] : [])]),
  });
  out.push({ kind: "bar", title: `${title}: sparsity per layer`, x: "layer", y: "sparsity", data: report.layers.map((l) => ({ label: l.name, value: l.sparsity })) });
  const unit = perToken ? "MACs per token" : "MACs";
  out.push({
    kind: "table",
    title: `${title}: compute (linear and conv layers)`,
    columns: [`dense ${unit}`, `sparse ${unit}`, "reduction", "attention matmul MACs (untouched)"],
    rows: [[flops.denseMacs, flops.sparseMacs, pct(1 - flops.sparseMacs / Math.max(1, flops.denseMacs)), flops.attentionMacs]],
    note: perToken
      ? "Not a Swin preset: every weight counted once (per token)."
      : "Swin tokens per stage from --image-size/--patch-size; merges on the post-merge grid; head once. The paper's FLOP convention is unknown.",
  });
  if (global) {
    out.push({
      kind: "text",
      title: `${title}: layer collapse`,
      text: `DIMAP emptied ${report.totals.emptiedLayers} of ${report.layers.length} layers; global magnitude pruning at the same ratio would empty ${global.totals.emptiedLayers}.`,
    });
  }
  return out;
}

async function prune(ctx: RunContext, path: string, title: string, write: boolean): Promise<RunResult> {
  const o = ctx.options;
  const classify = classifierFrom(o);
  const base = o.ratio as number;
  const overrides = { QKV: o.ratioQkv, PRJ: o.ratioPrj, MLP: o.ratioMlp, AUX: o.ratioAux } as Record<ModuleName, number | undefined>;
  const hasOverride = MODULE_NAMES.some((m) => overrides[m] !== undefined);
  const ratio = hasOverride ? Object.fromEntries(MODULE_NAMES.map((m) => [m, overrides[m] ?? base])) : base;
  const model = await loadModel(path);
  const tensors = tensorsFromStateDict(model.sd, { classify });
  if (tensors.length === 0) {
    throw new WcError("E_ARGUMENT", `dimap: no weight of ${path} matches the ${o.pattern && (o.pattern as string[]).length ? "--pattern rules" : `"${String(o.preset)}" preset`}; name the layers with --pattern MODULE=regex (e.g. --pattern "MLP=fc\\d\\.weight$")`);
  }
  const common = { classify, pruneAux: o.pruneAux as boolean, excludeHead: o.excludeHead as boolean };
  const t0 = performance.now();
  let result: ReturnType<typeof dimapMasks>;
  try {
    result = dimapMasks(tensors, { ...common, ratio, granularity: o.granularity as Granularity, onProgress: progressTicker(ctx, "dimap: score and mask layers") });
  } finally {
    ctx.progress.stop();
  }
  const { masks, report } = result;
  const seconds = (performance.now() - t0) / 1000;
  ctx.log(`dimap: ${report.layers.length} layers in ${Object.keys(report.modules).length} modules, ${report.totals.params} weights, sparsity ${pct(report.totals.sparsity)} in ${seconds.toFixed(2)} s`);
  const global = o.baseline && !hasOverride ? globalMagnitudeMasks(tensors, { ...common, ratio: base }).report : undefined;
  const swin = (o.pattern as string[] | undefined)?.length ? false : o.preset !== "llama";
  const tokensFor = swin ? swinTokensFor(model.sd.names(), { imageSize: o.imageSize as number, patchSize: o.patchSize as number }) : () => 1;
  const flops = estimateFlops(tensors, masks, tokensFor, { classify, window: o.window as number });
  const files: string[] = [];
  if (write && ctx.out !== undefined) {
    const onnx = model.onnx !== undefined;
    if (onnx && !ctx.out.toLowerCase().endsWith(".onnx")) throw new WcError("E_ARGUMENT", `dimap: an ONNX model is written back as ONNX; give --out <file>.onnx, got ${ctx.out}`);
    if (!onnx && !ctx.out.toLowerCase().endsWith(".safetensors")) throw new WcError("E_ARGUMENT", `dimap: give --out <file>.safetensors, got ${ctx.out}`);
    // Mask tensor by tensor (one progress step each), then write the file atomically in one go.
    const tick = ctx.progress.start("dimap: masking tensors", masks.size);
    let sd = model.sd;
    const replaced: Record<string, ReturnType<typeof maskedEntry>> = {};
    try {
      for (const [n, m] of masks) {
        if (onnx) replaced[n] = maskedEntry(model.sd.get(n)!, m);
        else sd = maskStateDict(sd, new Map([[n, m]]));
        tick();
      }
    } finally {
      ctx.progress.stop();
    }
    if (onnx) await saveOnnx(ctx.out, model.onnx!, replaced);
    else await saveSafetensors(ctx.out, sd);
    files.push(ctx.out);
    ctx.log(`dimap: wrote ${ctx.out}`);
  }
  return {
    json: { model: path, ratio, granularity: o.granularity, seconds, modules: report.modules, stages: report.stages, totals: report.totals, flops, layers: report.layers, ...(global ? { globalMagnitude: { modules: global.modules, totals: global.totals } } : {}) },
    sections: sections(title, report, global, flops, !swin),
    files,
  };
}

/** The `wcraft dimap` command: DIMAP pruning of a checkpoint with a per-module/per-stage/per-layer report. */
export const command = defineCommand({
  name: "dimap",
  summary: "data-independent module-aware pruning of Swin-style ViTs (DIMAP), masked checkpoint and per-module sparsity",
  description:
    "Prunes a hierarchical vision transformer from its weights alone (He & Zhou, ICLR 2024): linear layers are grouped by role into modules spanning all stages (QKV, attention projection, MLP, auxiliary: patch embedding, patch merging, head), every weight gets the layer-normalised score w^2 / (energy of the layer's weights at least as large), and each module keeps its best (1 - ratio) share. Reads .safetensors (also sharded) or .onnx; names follow timm/microsoft/Hugging Face Swin (--preset swin), Llama (--preset llama) or your --pattern rules. Prints module, stage and layer sparsity beside global magnitude pruning at the same ratio, and linear-layer MACs; --out writes the masked checkpoint in the input format.",
  args: [{ name: "model", help: "checkpoint: .safetensors, .safetensors.index.json or .onnx", required: true }],
  options: [
    { name: "ratio", type: "number", help: "fraction of weights to remove in every module", default: 0.5, min: 0, max: 1 },
    { name: "ratio-qkv", type: "number", help: "override the ratio of the QKV module", min: 0, max: 1 },
    { name: "ratio-prj", type: "number", help: "override the ratio of the attention-projection module", min: 0, max: 1 },
    { name: "ratio-mlp", type: "number", help: "override the ratio of the MLP module", min: 0, max: 1 },
    { name: "ratio-aux", type: "number", help: "override the ratio of the auxiliary module", min: 0, max: 1 },
    { name: "preset", type: "choice", choices: ["swin", "llama"], help: "parameter naming: Swin (timm/microsoft/HF) or Llama (extension)", default: "swin" },
    { name: "pattern", type: "string", multiple: true, help: "MODULE=regex rule (first match wins; replaces the preset), e.g. QKV=\\.qkv\\.weight$" },
    { name: "prune-aux", type: "boolean", help: "prune the auxiliary module (patch embedding, merging, head)", default: true },
    { name: "exclude-head", type: "boolean", help: "leave the classifier head dense", default: false },
    { name: "granularity", type: "choice", choices: ["element", "row"], help: "element-wise masks (paper) or whole output rows (extension)", default: "element" },
    { name: "baseline", type: "boolean", help: "also report global magnitude pruning at the same ratio", default: true },
    { name: "image-size", type: "integer", help: "input side for the FLOP estimate", default: 224, min: 1 },
    { name: "patch-size", type: "integer", help: "patch side for the FLOP estimate", default: 4, min: 1 },
    { name: "window", type: "integer", help: "attention window side for the attention-matmul estimate", default: 7, min: 1 },
  ],
  async run(ctx) {
    const path = ctx.args[0];
    if (path === undefined) throw new WcError("E_ARGUMENT", "dimap: give a model file (.safetensors or .onnx)");
    return prune(ctx, path, `dimap (${basename(path)})`, true);
  },
  async demo(ctx, files) {
    // The demo models are a Llama LM and the PP-OCRv4 recogniser, not Swin: run the module-aware
    // ranking on the LM with the Llama preset (q/k/v, o, MLP, lm_head) and on the recogniser's two
    // SVTR transformer blocks with --pattern rules, both extensions of the paper's Swin modules.
    const base = { ratio: 0.5, pruneAux: true, excludeHead: false, granularity: "element", baseline: true, imageSize: 224, patchSize: 4, window: 7 };
    const runs: [string, RunResult][] = [];
    if (files.lm !== undefined) {
      const c: RunContext = { ...ctx, options: { ...base, preset: "llama", pattern: [] } };
      runs.push(["lm", await prune(c, files.lm, `dimap (${basename(files.lm)}, Llama preset, 50%)`, false)]);
    }
    if (files.onnx !== undefined) {
      const c: RunContext = { ...ctx, options: { ...base, preset: "swin", pattern: SVTR_PATTERNS } };
      runs.push(["onnx", await prune(c, files.onnx, `dimap (${basename(files.onnx)}, SVTR blocks, 50%)`, false)]);
    }
    if (runs.length === 0) return undefined;
    return { json: Object.fromEntries(runs.map(([k, r]) => [k, r.json])), sections: runs.flatMap(([, r]) => r.sections) };
  },
});
