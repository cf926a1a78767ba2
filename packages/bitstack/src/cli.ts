import { readFile, mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { defineCommand, type LineSection, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { StateDict } from "@wc/io";
import { loadSafetensors, openSafetensorsFile, saveSafetensors } from "@wc/io/node";
import { LlamaForCausalLM, llamaConfigFromHf, loadLlamaWeights, type ResolvedLlamaConfig } from "@wc/models";
import { WcError, type Tensor } from "@wc/tensor";
import { parseBudget } from "./budget";
import { buildConfigs, selectConfig, type CompressionConfig } from "./configs";
import { StackEvaluator, compressLlama, denseWeights, llamaActivationScales, officialLayerName, randomWindows, type CompressedLlama } from "./llama-stack";
import type { SvdMode } from "./options";
import { proxyScores, scoreBlocks, type BlockScores } from "./score-blocks";
import { sortBlocks } from "./sort-blocks";
import { readStack, stackToStateDict } from "./storage";

/** Settings of one compression run (the command's options, typed). */
interface CompressSettings {
  calib?: string;
  config?: string;
  niter: number;
  k: number;
  svd: SvdMode;
  nsamples: number;
  seqlen: number;
  noScale: boolean;
  score: "ppl" | "proxy";
  scoreSamples: number;
  curvePoints: number;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  const text = await readTextFile(path);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new WcError("E_FORMAT", `bitstack: ${path} is not valid JSON`);
  }
}

/** The HF config.json of a checkpoint: `--config`, else `<name>.config.json` beside it, else `config.json` in its folder. */
async function findConfig(model: string, given?: string): Promise<{ config: ResolvedLlamaConfig; json: Record<string, unknown> }> {
  const candidates = given ? [given] : [model.replace(/\.safetensors(\.index\.json)?$/, ".config.json"), join(dirname(model), "config.json")];
  for (const c of candidates) {
    const json = await readJson(c).catch((e: unknown) => (given ? Promise.reject(e) : undefined));
    if (json) return { config: llamaConfigFromHf(json), json };
  }
  throw new WcError("E_IO", `bitstack: no config.json found for ${model} (tried ${candidates.join(", ")}); pass --config`);
}

/** Calibration text as byte tokens (UTF-8; `.gz` is gunzipped). */
async function readTokens(path: string): Promise<Uint8Array> {
  let buf: Uint8Array;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new WcError("E_IO", `bitstack: cannot read calibration text ${path}: ${(e as Error).message}`);
  }
  return path.endsWith(".gz") ? gunzipSync(buf) : buf;
}

/** Mean relative Frobenius error of the linears at the given counts (weights only). */
function weightError(c: CompressedLlama, counts: Readonly<Record<string, number>>): number {
  let acc = 0;
  for (const l of c.layers) {
    const r = l.residualNorms!;
    acc += r[counts[l.name] ?? l.blocks.length]! / r[0]!;
  }
  return acc / c.layers.length;
}

/** `points` configs spread evenly over the table (first and last included). */
function curveIndices(n: number, points: number): number[] {
  const p = Math.min(n, Math.max(2, points));
  return [...new Set(Array.from({ length: p }, (_, i) => Math.round((i * (n - 1)) / (p - 1))))];
}

const toOfficial = (c: CompressionConfig): CompressionConfig => ({ memory: c.memory, layers: Object.fromEntries(Object.entries(c.layers).map(([n, v]) => [officialLayerName(n), v])) });
const fromOfficial = (name: string): string => name.replace(/^layer\.(\d+)\./, "model.layers.$1.");

async function compress(ctx: RunContext, model: string, s: CompressSettings, out: string | undefined): Promise<RunResult> {
  const { config, json } = await findConfig(model, s.config);
  const weights = await loadSafetensors(model);
  const lm = new LlamaForCausalLM(config);
  loadLlamaWeights(lm, weights);
  const seqLen = Math.min(s.seqlen, config.maxPositionEmbeddings);
  const tokens = s.calib ? await readTokens(s.calib) : undefined;
  let scales: Map<string, Float32Array> | undefined;
  if (!s.noScale) {
    if (!tokens) throw new WcError("E_ARGUMENT", "bitstack compress: activation-aware scaling needs --calib <text>; pass --no-scale to skip it");
    ctx.log(`bitstack: activation scales from ${s.nsamples} windows of ${seqLen} tokens`);
    scales = llamaActivationScales(lm, randomWindows(tokens, s.nsamples, seqLen, ctx.seed));
  }
  const step = ctx.progress.start("decompose", config.numHiddenLayers * 7);
  const c = compressLlama(weights, config, {
    nIter: s.niter,
    k: s.k,
    svd: s.svd,
    seed: ctx.seed,
    scales,
    onLinear: (name, done, total) => {
      step();
      ctx.log(`bitstack: decomposed ${done}/${total} ${name}`);
    },
  });
  ctx.progress.stop();
  const evaluator = tokens ? new StackEvaluator(config, c.layers, c.rest, randomWindows(tokens, s.scoreSamples, seqLen, ctx.seed + 1)) : undefined;
  let scores: BlockScores;
  if (s.score === "ppl") {
    if (!evaluator) throw new WcError("E_ARGUMENT", "bitstack compress: --score ppl needs --calib <text>; pass --score proxy for the weights-only order");
    const tick = ctx.progress.start("score", (s.niter - 1) * c.layers.length);
    scores = await scoreBlocks(c.layers, s.niter, (counts) => evaluator.perplexity(counts), {
      onStep: (p) => {
        tick();
        ctx.log(`bitstack: score ${p.done}/${p.total} level ${p.level} ${p.layer} ppl ${p.ppl.toFixed(4)}`);
      },
    });
    ctx.progress.stop();
  } else scores = proxyScores(c.layers, s.niter, c.bytesPerBlock);
  const order = sortBlocks(scores);
  const configs = buildConfigs(order, c.bytesPerBlock, c.fixedBytes);
  const idx = curveIndices(configs.length, s.curvePoints);
  const points: [number, number][] = idx.map((i) => {
    const v = evaluator ? evaluator.perplexity(configs[i]!.layers) : weightError(c, configs[i]!.layers);
    ctx.log(`bitstack: config ${i} memory ${configs[i]!.memory} B -> ${evaluator ? "ppl" : "weight error"} ${v.toFixed(4)}`);
    return [configs[i]!.memory / 1024 ** 2, v];
  });
  const files: string[] = [];
  if (out) {
    await mkdir(out, { recursive: true });
    const meta = { niter: String(s.niter), k: String(s.k), dense_bytes: String(c.denseBytes), fixed_bytes: String(c.fixedBytes), scaled: String(!s.noScale) };
    const sd = stackToStateDict(c.layers, c.rest, meta);
    const write = async (name: string, text: string): Promise<void> => {
      await writeFile(join(out, name), text);
      files.push(join(out, name));
    };
    await saveSafetensors(join(out, "model.safetensors"), sd);
    files.push(join(out, "model.safetensors"));
    await write("config.json", JSON.stringify(json, null, 2));
    await write("compression_config.json", JSON.stringify(configs.map(toOfficial), null, 2));
    await write("reduced_ppl_average.json", JSON.stringify({ original_ppl: scores.originalPpl, reduced_ppl: scores.reducedPpl.map((l) => ({ bit: l.level, ppls: l.ppls.map((p) => ({ layer: officialLayerName(p.layer), ppl: p.ppl })) })) }, null, 2));
  }
  const curve: LineSection = {
    kind: "line",
    title: evaluator ? "perplexity vs memory" : "mean relative weight error vs memory",
    x: "memory (MiB)",
    y: evaluator ? "perplexity" : "||W - Ŵ||_F / ||W||_F (mean over linears)",
    series: [{ name: `BitStack (niter ${s.niter}, k ${s.k})`, points }],
    note: `original fp16 size ${(c.denseBytes / 1024 ** 2).toFixed(3)} MiB; ${configs.length} configurations; order by ${s.score === "ppl" ? "perplexity (official)" : "weights-only proxy (not the paper's score)"}`,
  };
  const sections: ReportSection[] = [
    curve,
    { kind: "table", title: "budget -> quality", columns: ["config", "memory (B)", "% of fp16", evaluator ? "perplexity" : "weight error"], rows: idx.map((i, j) => [i, configs[i]!.memory, +((100 * configs[i]!.memory) / c.denseBytes).toFixed(1), +points[j]![1].toFixed(4)]) },
  ];
  return {
    json: { model, out, niter: s.niter, k: s.k, scaled: !s.noScale, score: s.score, originalPpl: scores.originalPpl, denseBytes: c.denseBytes, fixedBytes: c.fixedBytes, configs: configs.length, curve: points.map(([mib, v], j) => ({ config: idx[j], memory: configs[idx[j]!]!.memory, mib, value: v })) },
    sections,
    files,
  };
}

async function load(ctx: RunContext, stack: string, budgetText: string | undefined, out: string | undefined): Promise<RunResult> {
  const dir = stack.endsWith(".safetensors") ? dirname(stack) : stack;
  const file = stack.endsWith(".safetensors") ? stack : join(dir, "model.safetensors");
  const reader = await openSafetensorsFile(file);
  try {
    const dense = Number((reader as { metadata?: Record<string, string> }).metadata?.dense_bytes);
    const configs = (await readJson(join(dir, "compression_config.json"))) as unknown as CompressionConfig[];
    if (!Array.isArray(configs) || configs.length === 0) throw new WcError("E_FORMAT", `bitstack load: ${join(dir, "compression_config.json")} holds no configurations`);
    const budget = budgetText === undefined ? Number.POSITIVE_INFINITY : parseBudget(budgetText, Number.isFinite(dense) ? dense : undefined);
    const chosenOfficial = selectConfig(configs, budget);
    const counts = Object.fromEntries(Object.entries(chosenOfficial).map(([n, v]) => [fromOfficial(n), v]));
    const memory = configs.filter((c) => c.memory <= budget).reduce((m, c) => Math.max(m, c.memory), 0);
    const layers = await readStack(reader, counts);
    const prefixes = new Set(layers.map((l) => l.name));
    const rest = new Map<string, Tensor>();
    const re = /^(.*)\.(qweight_\d+|u_\d+|vt_\d+|bias|col_scale)$/;
    for (const n of reader.names()) {
      const m = re.exec(n);
      if (!(m && prefixes.has(m[1]!))) rest.set(n, (await reader.read(n)).tensor);
    }
    ctx.log(`bitstack: budget ${budget} B -> config of ${memory} B`);
    const files: string[] = [];
    if (out) {
      await saveSafetensors(out, StateDict.fromTensors(Object.fromEntries(denseWeights(layers, rest, counts))));
      files.push(out);
    }
    const sections: ReportSection[] = [
      { kind: "bar", title: `blocks per linear at ${(memory / 1024 ** 2).toFixed(3)} MiB`, x: "linear", y: "blocks", data: layers.map((l) => ({ label: officialLayerName(l.name), value: l.blocks.length })) },
    ];
    return { json: { stack: file, budget, memory, denseBytes: Number.isFinite(dense) ? dense : null, layers: chosenOfficial, out }, sections, files };
  } finally {
    await reader.close();
  }
}

function settings(o: RunContext["options"]): CompressSettings {
  return {
    calib: o.calib as string | undefined,
    config: o.config as string | undefined,
    niter: o.niter as number,
    k: o.k as number,
    svd: o.svd as SvdMode,
    nsamples: o.nsamples as number,
    seqlen: o.seqlen as number,
    noScale: o.noScale === true,
    score: o.score as "ppl" | "proxy",
    scoreSamples: o.scoreSamples as number,
    curvePoints: o.curvePoints as number,
  };
}

/** The `wcraft bitstack` command: `compress <model.safetensors>` writes a stack; `load <stack>` rebuilds a dense checkpoint at a budget. */
export const command = defineCommand({
  name: "bitstack",
  summary: "BitStack: stacked ~1-bit residual blocks per linear weight, one global block order, load at any memory budget",
  description:
    "compress <model.safetensors> --calib <text> --out <dir>: folds activation scales, decomposes every linear of a Llama-style checkpoint into --niter residual blocks (packed signs + rank-k fp16 magnitude factors), scores blocks by perplexity level by level, sorts them into one global order and writes the stack (model.safetensors with the official buffer names, compression_config.json, reduced_ppl_average.json, config.json). Calibration text is read as UTF-8 bytes (byte-level vocabulary, as the tiny Llama fixture). load <dir> --budget 3MB|40% --out dense.safetensors: picks the largest configuration that fits (40% = of the original fp16 size) and rebuilds dense weights, reading only the blocks it needs.",
  args: [
    { name: "action", help: "compress | load", required: true },
    { name: "path", help: "compress: model .safetensors (HF Llama names); load: stack folder or its model.safetensors", required: true },
  ],
  options: [
    { name: "calib", type: "string", help: "calibration text (UTF-8 bytes as tokens; .gz accepted): activation scales and perplexity scoring" },
    { name: "config", type: "string", help: "HF config.json (default: <model>.config.json or config.json beside the model)" },
    { name: "niter", type: "integer", default: 16, min: 2, max: 64, help: "residual blocks per linear (official scripts: 16)" },
    { name: "k", type: "integer", default: 16, min: 1, help: "rank of each block's magnitude factors (official scripts: 16)" },
    { name: "svd", type: "choice", choices: ["exact", "randomized"], default: "exact", help: "exact thin SVD (official) or randomized top-k (oversample 8, 4 power iterations)" },
    { name: "nsamples", type: "integer", default: 64, min: 1, help: "calibration windows (official argparse default 64)" },
    { name: "seqlen", type: "integer", default: 2048, min: 2, help: "tokens per window (clipped to the model's max positions)" },
    { name: "no-scale", type: "boolean", default: false, help: "skip activation-aware scaling (official --no_scale)" },
    { name: "score", type: "choice", choices: ["ppl", "proxy"], default: "ppl", help: "block order: perplexity level by level (official) or a weights-only proxy (fast, not the paper's)" },
    { name: "score-samples", type: "integer", default: 32, min: 1, help: "validation windows for scoring and the curve (official 32, seed + 1)" },
    { name: "curve-points", type: "integer", default: 10, min: 2, help: "budgets on the reported memory curve" },
    { name: "budget", type: "string", help: "load: memory budget, e.g. 3MB (MiB, as max_memory_MB), 250000 (bytes) or 40% (of the fp16 size)" },
  ],
  async run(ctx) {
    const [action, path] = ctx.args;
    if (path === undefined) throw new WcError("E_ARGUMENT", "bitstack: expected `compress <model>` or `load <stack>`");
    if (action === "compress") return compress(ctx, path, settings(ctx.options), ctx.out);
    if (action === "load") return load(ctx, path, ctx.options.budget as string | undefined, ctx.out);
    throw new WcError("E_ARGUMENT", `bitstack: unknown action "${String(action)}"; expected compress or load`);
  },
  async demo(ctx, files) {
    if (files.lm === undefined) return undefined;
    // Small settings so the demo runs in seconds: 6 blocks of rank 1, no calibration text, weights-only order.
    const s: CompressSettings = { niter: 6, k: 1, svd: "exact", nsamples: 1, seqlen: 128, noScale: true, score: "proxy", scoreSamples: 1, curvePoints: 8 };
    const r = await compress(ctx, files.lm, s, undefined);
    for (const sec of r.sections) sec.title = `bitstack (${basename(files.lm)}): ${sec.title}`;
    return r;
  },
});
