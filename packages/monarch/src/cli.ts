import { defineCommand, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import { StateDict, TensorEntry, weightFromOutIn, type OnnxModel } from "@wc/io";
import { loadOnnx, loadSafetensors, saveOnnx, saveSafetensors } from "@wc/io/node";
import { WcError, type Tensor } from "@wc/tensor";
import { factorStateDict, projectStateDict, type LayerProjection, type ProjectStateDictOptions } from "./checkpoint";

const fmt = (x: number | undefined, d = 4): string => (x === undefined ? "" : x.toFixed(d));

interface Loaded {
  format: "onnx" | "safetensors";
  sd: StateDict;
  onnx?: OnnxModel;
}

async function loadModel(path: string): Promise<Loaded> {
  if (path.endsWith(".onnx")) {
    const onnx = await loadOnnx(path);
    return { format: "onnx", sd: onnx.stateDict, onnx };
  }
  if (path.endsWith(".safetensors") || path.endsWith(".index.json")) return { format: "safetensors", sd: await loadSafetensors(path) };
  throw new WcError("E_FORMAT", `monarch: expected a .safetensors, *.safetensors.index.json or .onnx model, got ${path}`);
}

/** Report sections for one projection run. @internal */
export function layerSections(title: string, layers: readonly LayerProjection[]): ReportSection[] {
  const done = layers.filter((l) => l.status === "projected");
  const skipped = layers.filter((l) => l.status === "skipped");
  let dense = 0;
  let mon = 0;
  for (const l of done) {
    dense += l.shape[0] * l.shape[1];
    mon += l.params!;
  }
  const sections: ReportSection[] = [
    {
      kind: "table",
      title: `${title}: ${done.length} weights projected, ${mon.toLocaleString("en-US")} of ${dense.toLocaleString("en-US")} parameters kept (${((100 * mon) / Math.max(dense, 1)).toFixed(1)}%)`,
      columns: ["weight", "out x in", "blocks w1 / w2", "params", "saving", "rel. error", "SVD rank", "SVD rel. error"],
      rows: done.map((l) => {
        const s = l.monarchShape!;
        return [l.name, `${l.shape[0]} x ${l.shape[1]}`, `(${s.k},${s.q},${s.p}) / (${s.l},${s.s},${s.r})`, l.params!, fmt(l.saving, 4), fmt(l.relError), l.svdRank ?? "", fmt(l.svdRelError)];
      }),
      note: "rel. error = ||W - M||_F / ||W||_F of the optimal Monarch projection; SVD = best truncated SVD with the same parameter budget (rank = floor(params / (in + out))).",
    },
  ];
  if (done.length > 0) {
    sections.push({ kind: "bar", title: `${title}: relative projection error per layer`, x: "weight", y: "relative error", data: done.map((l) => ({ label: l.name, value: l.relError! })) });
  }
  if (skipped.length > 0) {
    sections.push({ kind: "table", title: `${title}: 2-D weights left dense`, columns: ["weight", "out x in", "reason"], rows: skipped.map((l) => [l.name, `${l.shape[0]} x ${l.shape[1]}`, l.reason ?? ""]) });
  }
  return sections;
}

function summarize(layers: readonly LayerProjection[]): { meanRelError: number; meanSvdRelError: number; paramFraction: number } {
  const d = layers.filter((l) => l.status === "projected");
  const n = Math.max(d.length, 1);
  return {
    meanRelError: d.reduce((a, l) => a + l.relError!, 0) / n,
    meanSvdRelError: d.reduce((a, l) => a + (l.svdRelError ?? 0), 0) / n,
    paramFraction: d.reduce((a, l) => a + l.params!, 0) / Math.max(d.reduce((a, l) => a + l.shape[0] * l.shape[1], 0), 1),
  };
}

function projectOptions(ctx: RunContext): ProjectStateDictOptions {
  const o = ctx.options;
  return {
    nblocks: o.nblocks as number,
    maxAspect: o.maxAspect as number,
    minDim: o.minDim as number,
    include: o.include as string,
    exclude: o.exclude as string,
    compareSvd: o.compareSvd as boolean,
  };
}

/** The `wcraft monarch` command: project every eligible 2-D weight of a checkpoint onto Monarch matrices. */
export const command = defineCommand({
  name: "monarch",
  summary: "project every square-ish 2-D weight onto Monarch matrices (optimal, closed form) and report the errors",
  description:
    "Replaces each eligible 2-D weight with its optimal Monarch projection (Dao et al., ICML 2022; block layout of the official MonarchLinear) and reports the relative Frobenius error and parameter saving per layer, next to a truncated SVD of the same parameter count. " +
    "With --out x.safetensors (--write factors, the default) the file holds every other tensor unchanged plus <prefix>.blkdiag1 (k,q,p) and <prefix>.blkdiag2 (l,s,r) float32 factors, and metadata 'wc.monarch' = {version:1, layers:{prefix:{weight,in,out,nblocks,layout}}}, loadable with monarchLayersFromStateDict. " +
    "With --write dense the weights are replaced by the dense projected matrices in the input's format (an ONNX model stays a runnable ONNX model).",
  args: [{ name: "model", help: "a .safetensors / *.safetensors.index.json / .onnx model", required: true }],
  options: [
    { name: "nblocks", type: "integer", help: "blocks per factor (official default 4)", default: 4, min: 1 },
    { name: "max-aspect", type: "number", help: "largest max(out,in)/min(out,in) projected", default: 4, min: 1 },
    { name: "min-dim", type: "integer", help: "smallest min(out,in) projected", default: 8, min: 1 },
    { name: "include", type: "string", help: "glob of weight names to consider", default: "*" },
    { name: "exclude", type: "string", help: "glob of weight names to keep dense", default: "*embed*" },
    { name: "write", type: "choice", help: "what --out holds: the factors (safetensors) or dense projected weights (input format)", choices: ["factors", "dense"], default: "factors" },
    { name: "compare-svd", type: "boolean", help: "also report a truncated SVD with the same parameter count", default: true },
  ],
  async run(ctx): Promise<RunResult> {
    const path = ctx.args[0]!;
    const model = await loadModel(path);
    const candidates = [...model.sd].filter(([, e]) => e.shape.length === 2).length;
    const tick = ctx.progress.start("monarch projection", candidates);
    const result = projectStateDict(model.sd, projectOptions(ctx), () => tick());
    ctx.progress.stop();
    const files: string[] = [];
    if (ctx.out) {
      const write = ctx.options.write as string;
      if (write === "factors") {
        if (!ctx.out.endsWith(".safetensors")) throw new WcError("E_ARGUMENT", `monarch: --write factors writes safetensors; give --out <file>.safetensors, got ${ctx.out}`);
        await saveSafetensors(ctx.out, factorStateDict(model.sd, result));
      } else {
        const replaced: [string, Tensor][] = [];
        for (const [name, layer] of result.modules) replaced.push([name, weightFromOutIn(layer.toDense(), model.sd.get(name)!)]);
        if (model.format === "onnx") {
          if (!ctx.out.endsWith(".onnx")) throw new WcError("E_ARGUMENT", `monarch: --write dense keeps the input format; give --out <file>.onnx, got ${ctx.out}`);
          await saveOnnx(ctx.out, model.onnx!, Object.fromEntries(replaced.map(([n, t]) => [n, TensorEntry.fromTensor(t, { dtype: model.sd.get(n)!.dtype, layout: model.sd.get(n)!.layout })])));
        } else {
          if (!ctx.out.endsWith(".safetensors")) throw new WcError("E_ARGUMENT", `monarch: --write dense keeps the input format; give --out <file>.safetensors, got ${ctx.out}`);
          let sd = model.sd;
          for (const [n, t] of replaced) sd = sd.with(n, t);
          await saveSafetensors(ctx.out, sd);
        }
      }
      files.push(ctx.out);
      ctx.log(`wrote ${ctx.out}`);
    }
    return { json: { model: path, nblocks: ctx.options.nblocks, layers: result.layers }, sections: layerSections(path, result.layers), files };
  },
  async demo(ctx, files): Promise<RunResult | undefined> {
    const paths = [files.lm, files.onnx].filter((p): p is string => p !== undefined);
    if (paths.length === 0) return undefined;
    const sections: ReportSection[] = [];
    const json: { model: string; sweep: { nblocks: number; meanRelError: number; meanSvdRelError: number; paramFraction: number }[] }[] = [];
    for (const path of paths) {
      ctx.log(`monarch demo on ${path}`);
      const { sd } = await loadModel(path);
      const sweep = [2, 4, 8].map((nblocks) => ({ nblocks, layers: projectStateDict(sd, { nblocks }).layers }));
      const stats = sweep.map((s) => ({ nblocks: s.nblocks, ...summarize(s.layers) }));
      sections.push(...layerSections(`${path} (nblocks 4)`, sweep[1]!.layers), {
        kind: "line",
        title: `${path}: mean relative error vs parameters kept (nblocks 2, 4, 8)`,
        x: "parameters kept (fraction of dense)",
        y: "mean relative error",
        series: [
          { name: "Monarch (optimal projection)", points: stats.map((s) => [s.paramFraction, s.meanRelError] as [number, number]) },
          { name: "truncated SVD, same budget", points: stats.map((s) => [s.paramFraction, s.meanSvdRelError] as [number, number]) },
        ],
        note: "Trained weights are not close to Monarch matrices post hoc; the paper fine-tunes after projection (D2S) or trains Monarch layers from the start.",
      });
      json.push({ model: path, sweep: stats });
    }
    return { json, sections };
  },
});
