import { defineCommand, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import type { StateDict } from "@wc/io";
import { loadSafetensors, saveSafetensors } from "@wc/io/node";
import { WcError } from "@wc/tensor";
import { compressLlamaCheckpoint, type LlamaCheckpointResult } from "./checkpoint";
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
  const perLayer = Array.from({ length: L }, (_, l) => {
    const row: (string | number)[] = [l, rep.layers.find((x) => x.layer === l)!.group];
    for (const p of rep.projections) row.push(f4(rep.layers.find((x) => x.layer === l && x.proj === p.proj)!.relError), f4(r.svdRelError[p.proj]![l]!));
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
      title: `${title}: relative error per layer (MASA / per-layer SVD at the same budget)`,
      columns: ["layer", "group", ...rep.projections.flatMap((p) => [`${p.proj} MASA`, `${p.proj} SVD`])],
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
    layers: r.report.layers.map((l) => ({ layer: l.layer, proj: l.proj, group: l.group, relError: l.relError, svdRelError: r.svdRelError[l.proj]![l.layer] })),
    svdRank: r.svdRank,
  };
}

async function runOn(ctx: RunContext, path: string) {
  if (!path.endsWith(".safetensors") && !path.endsWith(".index.json")) {
    throw new WcError("E_FORMAT", `masa: expected a Llama-style .safetensors (or *.safetensors.index.json) checkpoint, got ${path}`);
  }
  const sd = await loadSafetensors(path);
  const { rule, text } = parseAtoms(String(ctx.options.atoms));
  const L = countLayers(sd);
  if (L === 0) throw new WcError("E_FORMAT", `masa: ${path} has no <prefix>layers.N.self_attn.q_proj.weight tensors (Hugging Face Llama names expected)`);
  const groups = evenGroups(L, ctx.options.groups as number);
  const projections = parseProjections(String(ctx.options.projections));
  let r: LlamaCheckpointResult;
  try {
    r = compressLlamaCheckpoint(sd, { atomsPerGroup: rule, groups, projections, onProgress: progressTicker(ctx, "masa: decompose groups, SVD baseline") });
  } finally {
    ctx.progress.stop();
  }
  return { r, text };
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
    { name: "atoms", type: "string", help: "atoms per group: an integer S, or a fraction of the group size (0.5, 1/3)", default: "1/3" },
    { name: "groups", type: "integer", help: "number of groups of consecutive layers, each with its own atoms", default: 1, min: 1 },
    { name: "projections", type: "string", help: "projection types to share (qkvo = MASA-QKVO, qkv = MASA-QKV)", default: "qkvo" },
    { name: "factors", type: "string", help: "also write the atoms + coefficients checkpoint to this .safetensors file" },
  ],
  async run(ctx): Promise<RunResult> {
    const path = ctx.args[0]!;
    const { r, text } = await runOn(ctx, path);
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
    return { json: { model: path, atoms: text, ...summary(r) }, sections: sections(`${path} (${text})`, r), files };
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
