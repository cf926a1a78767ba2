import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { fitReuseModel } from "./fit";
import { levelsFromThresholds } from "./levels";
import { encodeColumns, parseRecords, type RecordRow } from "./records";
import { controlMeans, residualPerformance } from "./residual";
import type { Specimen } from "./specimen";

const fmt = (x: number): number => Math.round(x * 1e4) / 1e4;

function num(row: RecordRow, keys: string[], i: number): number {
  for (const k of keys) if (typeof row[k] === "number") return row[k] as number;
  throw new WcError("E_FORMAT", `timber: row ${i + 1} needs a numeric ${keys.join(" or ")} column`);
}

/** Residual performance per exposed row: a `residual` column, or modulus/maxLoad over the control means. */
function residuals(rows: RecordRow[], controlGroup: string, by: string | undefined): { rows: RecordRow[]; r: number[] } {
  if (rows.every((x) => typeof x.residual === "number")) return { rows, r: rows.map((x) => x.residual as number) };
  const spec = (x: RecordRow, i: number): Specimen => ({
    id: String(x.id ?? i + 1),
    group: String(x.group ?? ""),
    modulus: num(x, ["modulus", "moe", "E"], i),
    maxLoad: num(x, ["maxLoad", "max_load", "Fmax"], i),
  });
  const all = rows.map(spec);
  const isCtl = all.map((s) => s.group === controlGroup);
  if (!isCtl.some(Boolean)) {
    throw new WcError("E_FORMAT", `timber: no control rows (group "${controlGroup}") and no residual column; add controls or set --control-group`);
  }
  const key = by ? (s: Specimen) => String(rows[all.indexOf(s)]![by]) : undefined;
  const ref = controlMeans(all.filter((_, i) => isCtl[i]), key);
  const kept = rows.filter((_, i) => !isCtl[i]);
  const r = all.filter((_, i) => !isCtl[i]).map((s) => residualPerformance(s, ref(s)));
  return { rows: kept, r };
}

function parseThresholds(s: unknown): [number, number] | undefined {
  if (typeof s !== "string") return undefined;
  const t = s.split(",").map(Number);
  if (t.length !== 2 || !t.every(Number.isFinite)) throw new WcError("E_ARGUMENT", `timber: --thresholds must be "t12,t23", got "${s}"`);
  return [t[0]!, t[1]!];
}

/**
 * `wcraft timber <fit|residual> <specimens.csv|.tsv|.json> [--features a,b,c] [--mode joint|fixed] [--thresholds 0.9,0.7] ...`
 */
export const command = defineCommand({
  name: "timber",
  summary: "Residual performance and Bayesian reuse-level classification of moisture-exposed timber specimens",
  description:
    "residual: R = 0.8 E/E_c + 0.2 F/F_c per exposed specimen (controls = rows of --control-group) and levels from --thresholds. " +
    "fit: the hierarchical horseshoe multinomial/ordinal model of the level on --features, sampled by NUTS; thresholds inferred (joint) or given (fixed). " +
    "Rows need id, group, modulus and maxLoad (or a residual column) and the feature columns; text columns are one-hot encoded.",
  args: [
    { name: "action", help: "fit | residual", required: true },
    { name: "specimens", help: "specimen table (.csv, .tsv or .json)", required: true },
  ],
  options: [
    { name: "features", type: "string", help: "feature columns, comma-separated (fit), e.g. density,moisture,size,grain,hardness" },
    { name: "mode", type: "choice", choices: ["joint", "fixed"], default: "joint", help: "infer the thresholds (joint) or use --thresholds (fixed)" },
    { name: "thresholds", type: "string", help: "t12,t23 for fixed mode and for `residual` levels (t12 = 0.90 in the paper)" },
    { name: "link", type: "choice", choices: ["multinomial", "ordinal"], default: "multinomial", help: "class model" },
    { name: "chains", type: "integer", min: 1, default: 4, help: "MCMC chains" },
    { name: "warmup", type: "integer", min: 0, default: 1000, help: "warmup iterations per chain" },
    { name: "draws", type: "integer", min: 4, default: 1000, help: "kept draws per chain" },
    { name: "target-accept", type: "number", min: 0.5, max: 0.999, default: 0.8, help: "NUTS target acceptance" },
    { name: "control-group", type: "string", default: "control", help: "group value of the unexposed controls" },
    { name: "by", type: "string", help: "match controls by this column (e.g. size)" },
  ],
  async run(ctx): Promise<RunResult> {
    const [action, file] = ctx.args as [string, string];
    if (action !== "fit" && action !== "residual") throw new WcError("E_ARGUMENT", `timber: action must be "fit" or "residual", got "${action}"`);
    const text = await readTextFile(file);
    const format = file.endsWith(".json") ? "json" : file.endsWith(".tsv") || file.endsWith(".tab") ? "tsv" : "csv";
    const parsed = parseRecords(text, format);
    const { rows, r } = residuals(parsed, String(ctx.options.controlGroup), typeof ctx.options.by === "string" ? ctx.options.by : undefined);
    const ids = rows.map((x, i) => String(x.id ?? i + 1));
    const thresholds = parseThresholds(ctx.options.thresholds);
    if (action === "residual") {
      const lv = levelsFromThresholds(r, thresholds ?? [0.9, 0.7]);
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const json = { thresholds: thresholds ?? [0.9, 0.7], meanResidual: mean, specimens: ids.map((id, i) => ({ id, group: rows[i]!.group, residual: r[i], level: lv[i] })) };
      const sections: ReportSection[] = [
        { kind: "table", title: "residual performance", columns: ["id", "group", "R", "level"], rows: json.specimens.map((s) => [s.id, String(s.group ?? ""), fmt(s.residual!), s.level!]) },
        { kind: "histogram", title: "residual performance", x: "R", values: r },
      ];
      return { json, sections };
    }
    if (typeof ctx.options.features !== "string") throw new WcError("E_ARGUMENT", "timber fit: --features is required (comma-separated column names)");
    const cols = ctx.options.features.split(",").map((s) => s.trim()).filter(Boolean);
    const { X, names } = encodeColumns(rows, cols);
    const groups = rows.map((x) => String(x.group ?? "all"));
    let tick: ((increment?: number) => void) | undefined;
    const onProgress = (done: number, total: number): void => {
      if (done === 0) tick = ctx.progress.start(`timber: sampling (${total} iterations over all chains)`, total);
      else tick?.();
    };
    let fit: ReturnType<typeof fitReuseModel>;
    try {
      fit = fitReuseModel(r, X, groups, {
        mode: ctx.options.mode as "joint" | "fixed",
        thresholds,
        link: ctx.options.link as "multinomial" | "ordinal",
        chains: ctx.options.chains as number,
        warmup: ctx.options.warmup as number,
        draws: ctx.options.draws as number,
        targetAccept: ctx.options.targetAccept as number,
        seed: ctx.seed,
        featureNames: names,
        onProgress,
      });
    } finally {
      ctx.progress.stop();
    }
    const rel = fit.featureRelevance();
    const d = fit.diagnostics;
    const json = {
      mode: fit.mode,
      link: fit.link,
      features: names,
      groups: fit.groupNames,
      thresholds: fit.thresholds,
      featureRelevance: rel,
      specimens: ids.map((id, i) => ({ id, residual: r[i], level: fit.levels[i], probs: fit.levelProbs[i] })),
      diagnostics: { divergences: d.divergences, ebfmi: d.ebfmi, maxRhat: Math.max(...Object.values(d.rhat)), minEssBulk: Math.min(...Object.values(d.essBulk).filter(Number.isFinite)), warnings: d.warnings },
    };
    const label = (f: (typeof rel)[number]): string => (f.level ? `${f.name} (L${f.level})` : f.name);
    const sections: ReportSection[] = [
      {
        kind: "table",
        title: "decision thresholds on R",
        columns: ["threshold", "mean", "sd", "5%", "50%", "95%"],
        rows: (["t12", "t23"] as const).map((k) => [k, fmt(fit.thresholds[k].mean), fmt(fit.thresholds[k].sd), fmt(fit.thresholds[k].q05), fmt(fit.thresholds[k].q50), fmt(fit.thresholds[k].q95)]),
        note: fit.mode === "fixed" ? "fixed mode: the given thresholds" : "joint mode: posterior of the boundaries between latent levels",
      },
      { kind: "table", title: "feature relevance", columns: ["feature", "mean |beta|", "P(beta > 0)", "shrinkage kappa"], rows: rel.map((f) => [label(f), fmt(f.meanAbsBeta), fmt(f.probPositive), fmt(f.shrinkage)]) },
      { kind: "bar", title: "horseshoe shrinkage per coefficient (1 = shrunk to 0)", x: "coefficient", y: "kappa", data: rel.map((f) => ({ label: label(f), value: f.shrinkage })) },
      { kind: "table", title: "posterior level probabilities", columns: ["id", "R", "level", "P(1)", "P(2)", "P(3)"], rows: json.specimens.map((s) => [s.id, fmt(s.residual!), s.level!, ...s.probs!.map(fmt)]) },
      {
        kind: "text",
        title: "sampler diagnostics",
        text: `divergences ${d.divergences}; E-BFMI ${d.ebfmi.map((b) => b.toFixed(2)).join(", ")}; max R-hat ${json.diagnostics.maxRhat.toFixed(3)}; min bulk ESS ${json.diagnostics.minEssBulk.toFixed(0)}` +
          (d.warnings.length ? `\nwarnings: ${d.warnings.join("; ")}` : ""),
      },
    ];
    return { json, sections };
  },
});
