import { defineCommand, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import type { StateDict } from "@wc/io";
import { loadSafetensors, saveSafetensors } from "@wc/io/node";
import { LlamaForCausalLM, loadLlamaWeights } from "@wc/models";
import { WcError } from "@wc/tensor";
import { atomsForRate, type DictionarySharing } from "./atom-budget";
import { calibrateLlama, type LlamaCalibration } from "./calibrate-llama";
import { findConfig, readTokens } from "./cli-inputs";
import { compressLlamaCheckpoint, llamaAttentionWeights, type LlamaCheckpointResult } from "./checkpoint";
import { groupBlocksByDrift } from "./grouping";
import type { AtomsRule } from "./options";
import { PROJECTIONS, type Proj } from "./types";

const f4 = (x: number): string => x.toFixed(4);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

/** Parses `--atoms`: an integer S per group ("4"), or a fraction of the group size ("0.5", "1/3"). @internal */
export function parseAtoms(v: string): { rule: AtomsRule; text: string } {
  const s = v.trim();
  if (/^\d+$/.test(s) && Number(s) >= 1) return { rule: () => Number(s), text: `S = ${s}` };
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(s);
  const x = m ? Number(m[1]) / Number(m[2]) : /^\d*\.\d+$/.test(s) ? Number(s) : NaN;
  if (!(x > 0 && x <= 1)) throw new WcError("E_ARGUMENT", `masa: --atoms must be an integer >= 1 or a fraction in (0, 1] of the layers (e.g. 4, 0.5, 1/3); got "${v}"`);
  return { rule: (g) => Math.max(1, Math.round(x * g)), text: `S = round(${+x.toFixed(4)} x group size)` };
}

/** `numGroups` runs of consecutive layers, sizes differing by at most one. @internal */
export function evenGroups(L: number, numGroups: number): number[][] {
  if (!Number.isInteger(numGroups) || numGroups < 1 || numGroups > L) throw new WcError("E_RANGE", `masa: --groups must be in [1, ${L}] for ${L} layers, got ${numGroups}`);
  const out: number[][] = [];
  let at = 0;
  for (let g = 0; g < numGroups; g++) {
    const n = Math.floor(L / numGroups) + (g < L % numGroups ? 1 : 0);
    out.push(Array.from({ length: n }, (_, i) => at + i));
    at += n;
  }
  return out;
}

function parseProjections(v: string): Proj[] {
  const ps = [...v.trim().toLowerCase()];
  if (ps.length === 0 || ps.some((p) => !PROJECTIONS.includes(p as Proj)) || new Set(ps).size !== ps.length) {
    throw new WcError("E_ARGUMENT", `masa: --projections must be distinct letters among q, k, v, o (e.g. qkvo, qkv); got "${v}"`);
  }
  return ps as Proj[];
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

function countLayers(sd: StateDict): number {
  return new Set(sd.names().flatMap((n) => /layers\.(\d+)\.self_attn\.q_proj\.weight$/.exec(n)?.[1] ?? [])).size;
}

/** Report sections of one decomposition. @internal */
export function sections(title: string, r: LlamaCheckpointResult): ReportSection[] {
  const rep = r.report;
  const L = r.groups.flat().length;
  const rows = rep.projections.map((p) => {
    const layerErr = rep.layers.filter((l) => l.proj === p.proj).map((l) => l.relError);
    return [
      p.proj,
      `${p.out} x ${p.in}`,
      p.atoms.join(" / "),
      f4(p.relError),
      f4(1 - p.relError ** 2),
      p.params,
      p.denseParams,
      f4(1 - p.params / p.denseParams),
      f4(mean(layerErr)),
      r.svdRank[p.proj] ?? "",
      f4(mean(r.svdRelError[p.proj] ?? [])),
    ];
  });
  const refined = rep.layers.some((x) => x.residualRank > 0);
  const perLayer = Array.from({ length: L }, (_, l) => {
    const row: (string | number)[] = [l, rep.layers.find((x) => x.layer === l)!.group];
    for (const p of rep.projections) {
      const e = rep.layers.find((x) => x.layer === l && x.proj === p.proj)!;
      row.push(f4(e.relError), ...(refined ? [f4(e.refinedRelError)] : []), f4(r.svdRelError[p.proj]![l]!));
    }
    return row;
  });
  return [
    {
      kind: "table",
      title: `${title}: ${rep.params.toLocaleString("en-US")} of ${rep.denseParams.toLocaleString("en-US")} attention parameters kept (${(100 * (1 - rep.rate)).toFixed(1)}%), groups ${JSON.stringify(r.groups)}`,
      columns: ["proj", "out x in", "atoms per group", "rel. error", "energy kept", "params", "dense params", "saving", "mean layer rel. error", "SVD rank (same budget)", "SVD mean layer rel. error"],
      rows,
      note: "rel. error = sqrt(Σ_l ||W_l - Ŵ_l||² / Σ_l ||W_l||²) of the Matrix PCA atoms (MASA Eq. 4); energy kept = 1 - rel. error²; SVD = per-layer truncated SVD whose factors use the same parameter count.",
    },
    {
      kind: "table",
      title: `${title}: relative error per layer (MASA${refined ? " / + whitened residual" : ""} / per-layer SVD at the same budget)`,
      columns: ["layer", "group", ...rep.projections.flatMap((p) => [`${p.proj} MASA`, ...(refined ? [`${p.proj} MASA + residual`] : []), `${p.proj} SVD`])],
      rows: perLayer,
    },
    {
      kind: "bar",
      title: `${title}: energy kept per layer and projection`,
      x: "layer.proj",
      y: "1 - rel. error²",
      data: rep.layers.map((l) => ({ label: `${l.layer}.${l.proj}`, value: 1 - l.relError ** 2 })),
    },
  ];
}

function summary(r: LlamaCheckpointResult) {
  return {
    groups: r.groups,
    params: r.report.params,
    denseParams: r.report.denseParams,
    rate: r.report.rate,
    projections: r.report.projections,
    layers: r.report.layers.map((l) => ({ layer: l.layer, proj: l.proj, group: l.group, relError: l.relError, refinedRelError: l.refinedRelError, residualRank: l.residualRank, svdRelError: r.svdRelError[l.proj]![l.layer] })),
    svdRank: r.svdRank,
  };
}

/** The typed options of one run. @internal */
interface Settings {
  atoms?: string;
  targetRate?: number;
  groups: number;
  grouping: "even" | "drift";
  projections: Proj[];
  dictionaries: DictionarySharing;
  calib?: string;
  calibWindows: number;
  calibLen: number;
  residualParams: number;
  config?: string;
}

function settings(o: RunContext["options"]): Settings {
  if (o.atoms !== undefined && o.targetRate !== undefined) {
    throw new WcError("E_ARGUMENT", "masa: give either --atoms (atoms per group) or --target-rate (picks the atoms per group for that attention compression), not both");
  }
  return {
    atoms: o.atoms as string | undefined,
    targetRate: o.targetRate as number | undefined,
    groups: (o.groups as number | undefined) ?? 1,
    grouping: (o.grouping as "even" | "drift" | undefined) ?? "even",
    projections: parseProjections(String(o.projections ?? "qkvo")),
    dictionaries: (o.dictionaries as DictionarySharing | undefined) ?? "separate",
    calib: o.calib as string | undefined,
    calibWindows: (o.calibWindows as number | undefined) ?? 8,
    calibLen: (o.calibLen as number | undefined) ?? 128,
    residualParams: (o.residualParams as number | undefined) ?? 0,
    config: o.config as string | undefined,
  };
}

async function runOn(ctx: RunContext, path: string) {
  if (!path.endsWith(".safetensors") && !path.endsWith(".index.json")) {
    throw new WcError("E_FORMAT", `masa: expected a Llama-style .safetensors (or *.safetensors.index.json) checkpoint, got ${path}`);
  }
  const s = settings(ctx.options);
  const sd = await loadSafetensors(path);
  const L = countLayers(sd);
  if (L === 0) throw new WcError("E_FORMAT", `masa: ${path} has no <prefix>layers.N.self_attn.q_proj.weight tensors (Hugging Face Llama names expected)`);
  if (!Number.isInteger(s.groups) || s.groups < 1 || s.groups > L) throw new WcError("E_RANGE", `masa: --groups must be in [1, ${L}] for ${L} layers, got ${s.groups}`);
  const needCalib = s.grouping === "drift" || s.residualParams > 0;
  let cal: LlamaCalibration | undefined;
  if (needCalib) {
    if (s.calib === undefined) {
      throw new WcError("E_ARGUMENT", `masa: ${s.grouping === "drift" ? "--grouping drift" : "--residual-params"} runs the model on calibration text; pass --calib <text file> (UTF-8 bytes as tokens, .gz accepted)`);
    }
    const config = await findConfig(path, s.config);
    const lm = new LlamaForCausalLM(config);
    loadLlamaWeights(lm, sd);
    const tokens = await readTokens(s.calib);
    ctx.log(`masa: calibrating on ${s.calibWindows} x ${Math.min(s.calibLen, config.maxPositionEmbeddings)} tokens of ${s.calib} (seed ${ctx.seed})`);
    cal = calibrateLlama(lm, tokens, { windows: s.calibWindows, seqLen: s.calibLen, seed: ctx.seed, hidden: s.grouping === "drift", grams: s.residualParams > 0 });
  }
  const groups = s.grouping === "drift" ? groupBlocksByDrift(cal!.layerProbs, s.groups) : evenGroups(L, s.groups);
  let rule: AtomsRule | readonly number[];
  let text: string;
  if (s.targetRate !== undefined) {
    const w = llamaAttentionWeights(sd).layers[0]!;
    const mats = s.projections.map((p) => ({ name: p, out: w[p].shape[0]!, in: w[p].shape[1]! }));
    const b = atomsForRate(mats, groups, s.targetRate, { residualParamsPerLayer: s.residualParams, dictionaries: s.dictionaries });
    rule = b.atoms;
    text = `target rate ${s.targetRate}: S = ${b.atoms.join(" / ")}`;
  } else {
    ({ rule, text } = parseAtoms(s.atoms ?? "1/3"));
  }
  const residual = cal && s.residualParams > 0 ? { grams: cal.grams, paramsPerLayer: s.residualParams } : undefined;
  let r: LlamaCheckpointResult;
  try {
    r = compressLlamaCheckpoint(sd, {
      atomsPerGroup: rule,
      groups,
      projections: s.projections,
      dictionaries: s.dictionaries,
      ...(residual ? { residual } : {}),
      onProgress: progressTicker(ctx, "masa: decompose groups, SVD baseline"),
    });
  } finally {
    ctx.progress.stop();
  }
  return { r, text, cal, s };
}

/** The `wcraft masa` command: post-hoc MASA of a Llama-style checkpoint. */
export const command = defineCommand({
  name: "masa",
  summary: "MASA: attention Q/K/V/O of all layers as combinations of shared matrix atoms (Matrix PCA post hoc, trainable form)",
  description:
    "Decomposes the q/k/v/o_proj weights of a Llama-style safetensors checkpoint (Hugging Face names) into S shared matrix atoms per projection type and group of consecutive layers, with per-layer coefficients (Matrix PCA, MASA Eq. 4: uncentred PCA of the stacked flattened matrices through the layer Gram eigendecomposition). " +
    "Reports per-projection and per-layer relative reconstruction error, energy kept and parameter savings, next to a per-layer truncated SVD with the same parameter budget. " +
    "--out writes the dense re-expansion (every tensor kept, projections replaced, original dtype; loads like the input); --factors writes atoms + coefficients (masa.<p>_proj.group<g>.{atoms,coeffs}, metadata wc.masa).",
  args: [{ name: "model", help: "a Llama-style .safetensors or *.safetensors.index.json checkpoint", required: true }],
  options: [
    { name: "atoms", type: "string", help: "atoms per group: an integer S, or a fraction of the group size (0.5, 1/3); default 1/3 (with --dictionaries shared, of P x group size)" },
    { name: "target-rate", type: "number", min: 0, max: 0.999999, help: "instead of --atoms: the attention compression to reach (0.2 = 20%); picks the most atoms per group that meet it after the residual parameters (spec §3.6)" },
    { name: "groups", type: "integer", help: "number of groups of consecutive layers, each with its own atoms", default: 1, min: 1 },
    { name: "grouping", type: "choice", choices: ["even", "drift"], default: "even", help: "even: consecutive groups of equal size; drift: cut at the largest logit-lens drifts KL(p_l || p_l+1) on --calib text (spec §3.3)" },
    { name: "projections", type: "string", help: "projection types to share (qkvo = MASA-QKVO, qkv = MASA-QKV)", default: "qkvo" },
    { name: "dictionaries", type: "choice", choices: ["separate", "shared"], default: "separate", help: "separate: one dictionary per projection type (paper); shared: one for all types (the paper's ablation; types must have one shape)" },
    { name: "residual-params", type: "integer", min: 0, default: 0, help: "whitened low-rank residual parameters per layer (spec §3.4-3.5), calibrated on --calib text; 0 = none" },
    { name: "calib", type: "string", help: "calibration text for --grouping drift and --residual-params (UTF-8 bytes as tokens, .gz accepted)" },
    { name: "calib-windows", type: "integer", min: 1, default: 8, help: "calibration windows drawn at random (seed: --seed)" },
    { name: "calib-len", type: "integer", min: 2, default: 128, help: "tokens per calibration window (capped at the model's max positions)" },
    { name: "config", type: "string", help: "HF config.json for calibration (default: <model>.config.json or config.json beside the model)" },
    { name: "factors", type: "string", help: "also write the atoms + coefficients (+ residual factors) checkpoint to this .safetensors file" },
  ],
  async run(ctx): Promise<RunResult> {
    const path = ctx.args[0]!;
    const { r, text, cal, s } = await runOn(ctx, path);
    const files: string[] = [];
    const factors = ctx.options.factors as string | undefined;
    for (const [file, sd] of [
      [ctx.out, r.dense],
      [factors, r.factors],
    ] as const) {
      if (file === undefined) continue;
      if (!file.endsWith(".safetensors")) throw new WcError("E_ARGUMENT", `masa: output files are safetensors; give a path ending in .safetensors, got ${file}`);
      await saveSafetensors(file, sd);
      files.push(file);
      ctx.log(`wrote ${file}`);
    }
    const calibration = cal ? { text: s.calib, windows: s.calibWindows, tokens: cal.tokens, seed: ctx.seed, drift: Array.from(cal.drift) } : undefined;
    const extra: ReportSection[] =
      cal && cal.drift.length > 0
        ? [
            {
              kind: "table",
              title: `${path}: logit-lens drift between consecutive blocks (${cal.tokens} calibration tokens)`,
              columns: ["blocks", "KL(p_l || p_l+1)"],
              rows: Array.from(cal.drift, (d, l) => [`${l} -> ${l + 1}`, d.toExponential(4)]),
              note: `groups cut at the ${s.groups - 1} largest drifts: ${JSON.stringify(r.groups)}`,
            },
          ]
        : [];
    return {
      json: { model: path, atoms: text, grouping: s.grouping, dictionaries: s.dictionaries, residualParams: s.residualParams, ...(calibration ? { calibration } : {}), ...summary(r) },
      sections: [...sections(`${path} (${text})`, r), ...extra],
      files,
    };
  },
  async demo(ctx, files): Promise<RunResult | undefined> {
    if (files.lm === undefined) return undefined;
    const sd = await loadSafetensors(files.lm);
    const L = countLayers(sd);
    if (L < 2) return undefined;
    ctx.log(`masa demo on ${files.lm}`);
    const sweep = Array.from({ length: L - 1 }, (_, i) => i + 1).map((S) => ({ S, r: compressLlamaCheckpoint(sd, { atomsPerGroup: S }) }));
    const pick = sweep[Math.max(0, Math.round(L / 3) - 1)]!;
    const pts = (f: (r: LlamaCheckpointResult) => number) => sweep.map(({ r }) => [1 - r.report.rate, f(r)] as [number, number]);
    const masaErr = (r: LlamaCheckpointResult) => mean(r.report.layers.map((l) => l.relError));
    const svdErr = (r: LlamaCheckpointResult) => mean(Object.values(r.svdRelError).flat() as number[]);
    return {
      json: { model: files.lm, sweep: sweep.map(({ S, r }) => ({ S, paramFraction: 1 - r.report.rate, meanRelError: masaErr(r), meanSvdRelError: svdErr(r) })) },
      sections: [
        ...sections(`${files.lm} (S = ${pick.S} of ${L} layers)`, pick.r),
        {
          kind: "line",
          title: `${files.lm}: mean per-layer relative error vs attention parameters kept (S = 1..${L - 1})`,
          x: "attention parameters kept (fraction of dense)",
          y: "mean relative error",
          series: [
            { name: "MASA (Matrix PCA, shared atoms)", points: pts(masaErr) },
            { name: "per-layer truncated SVD, same budget", points: pts(svdErr) },
          ],
          note: "Weight-space error only; the paper's training-free results add calibration-based grouping and whitened residual refinement (see compressPretrained).",
        },
      ],
    };
  },
});
