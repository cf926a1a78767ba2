import { extname } from "node:path";
import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { PRESETS, type RankOpts, type RankPreset } from "./options";
import { joinRatings, ratingMetrics } from "./rating";
import { rankingMetrics } from "./ranking";
import { parseQrels, parseRatings, parseRun, qrelsFromJson, qrelsFromRatings, runFromJson, runFromRatings } from "./readers";
import type { RecsysReport } from "./report";
import { RANK_METRICS, type Qrels, type RankMetric, type Run } from "./types";

/** Input formats of the command; `auto` picks one from the file extension. */
const FORMATS = ["auto", "trec", "json", "ratings"] as const;
type Format = (typeof FORMATS)[number];

/** `.json` -> JSON; `.csv`, `.tsv`, `.dat`, `.data` (MovieLens) -> rating rows; anything else -> TREC. */
function formatOf(file: string, given: Format): Exclude<Format, "auto"> {
  if (given !== "auto") return given;
  const ext = extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".csv" || ext === ".tsv" || ext === ".dat" || ext === ".data") return "ratings";
  return "trec";
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new WcError("E_FORMAT", `recsys-metrics: ${file} is not valid JSON (${(e as Error).message}); use --format trec or ratings for other files`);
  }
}

async function loadQrels(file: string, format: Format): Promise<Qrels> {
  const text = await readTextFile(file, "qrels");
  const f = formatOf(file, format);
  if (f === "json") return qrelsFromJson(parseJson(text, file));
  if (f === "ratings") return qrelsFromRatings(parseRatings(text));
  return parseQrels(text);
}

async function loadRun(file: string, format: Format): Promise<Run> {
  const text = await readTextFile(file, "run");
  const f = formatOf(file, format);
  if (f === "json") return runFromJson(parseJson(text, file));
  if (f === "ratings") return runFromRatings(parseRatings(text));
  return parseRun(text);
}

const fmt = (x: number): string | number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : String(x));

/**
 * `wcraft recsys-metrics --qrels q.txt --run r.txt [--preset trec] [--k 10] [--metric ndcg ...]`
 * and/or `--ratings truth.csv --predictions pred.csv` (rating-prediction errors).
 */
export const command = defineCommand({
  name: "recsys-metrics",
  summary: "Recommender metrics (NDCG, MAP, P, R, MRR, AUC, ...) on TREC qrels/run, MovieLens ratings or JSON under trec/ranx/RecBole presets",
  description:
    "Ranking metrics of a run against qrels (TREC qrels/run files, MovieLens-style rating files user,item,rating[,timestamp] as CSV/TSV/'::', or JSON {user:{item:grade}} / {user:[items] | {item:score}}), under the conventions of a preset (standard, trec = pytrec_eval, ranx, recbole, msrec = the survey's code); and rating-prediction errors (RMSE, MAE, MSE, MAPE, R², explained variance) of predicted against true rating files joined on (user, item). Formats are picked from the extension (.json JSON; .csv/.tsv/.dat/.data ratings; else TREC) unless --format is given.",
  args: [],
  options: [
    { name: "qrels", type: "string", help: "relevance judgments: TREC qrels, rating file or JSON" },
    { name: "run", type: "string", help: "system output: TREC run, predicted-rating file or JSON" },
    { name: "preset", type: "choice", choices: Object.keys(PRESETS), default: "standard", help: "convention bundle (trec = pytrec_eval, ranx, recbole, msrec = the survey's code)" },
    { name: "k", type: "integer", min: 0, default: 10, help: "cutoff; 0 = the whole list" },
    { name: "metric", type: "choice", choices: RANK_METRICS, multiple: true, help: "ranking metric to report (default: all)" },
    { name: "rel-level", type: "number", help: "minimum grade that counts as relevant (default 1; e.g. 4 for 1-5 star ratings)" },
    { name: "format", type: "choice", choices: FORMATS, default: "auto", help: "input format of --qrels and --run (auto: .json JSON; .csv/.tsv/.dat/.data ratings; else TREC)" },
    { name: "ratings", type: "string", help: "true ratings file (user,item,rating[,timestamp]) for rating-prediction errors" },
    { name: "predictions", type: "string", help: "predicted ratings file, joined with --ratings on (user, item)" },
    { name: "per-user", type: "boolean", default: false, help: "include per-user values in the JSON output" },
  ],
  async run(ctx): Promise<RunResult> {
    const o = ctx.options;
    const format = o.format as Format;
    const qrelsFile = o.qrels as string | undefined;
    const runFile = o.run as string | undefined;
    const ratingsFile = o.ratings as string | undefined;
    const predFile = o.predictions as string | undefined;
    if ((qrelsFile === undefined) !== (runFile === undefined)) {
      throw new WcError("E_ARGUMENT", "recsys-metrics: ranking metrics need both --qrels and --run");
    }
    if ((ratingsFile === undefined) !== (predFile === undefined)) {
      throw new WcError("E_ARGUMENT", "recsys-metrics: rating-prediction errors need both --ratings and --predictions");
    }
    if (qrelsFile === undefined && ratingsFile === undefined) {
      throw new WcError("E_ARGUMENT", "recsys-metrics: give --qrels and --run (ranking metrics) and/or --ratings and --predictions (rating errors)");
    }
    const report: RecsysReport = {};
    const sections: ReportSection[] = [];
    if (qrelsFile !== undefined && runFile !== undefined) {
      const [qrels, run] = await Promise.all([loadQrels(qrelsFile, format), loadRun(runFile, format)]);
      const chosen = o.metric as readonly RankMetric[];
      const metrics = chosen.length > 0 ? [...new Set(chosen)] : [...RANK_METRICS];
      const opts: RankOpts = { preset: o.preset as RankPreset, k: o.k as number };
      if (o.relLevel !== undefined) opts.relLevel = o.relLevel as number;
      const r = rankingMetrics(qrels, run, metrics, opts);
      report.options = r.options;
      report.ranking = r.mean;
      report.counts = r.counts;
      if (o.perUser === true) {
        report.perUser = {};
        for (const [u, v] of r.perUser) report.perUser[String(u)] = v;
      }
      const at = r.options.k === 0 ? "" : `@${r.options.k}`;
      sections.push({
        kind: "table",
        title: `ranking metrics${at} (preset ${r.options.preset})`,
        columns: ["metric", "value"],
        // AUC/GAUC are over the whole list, and so is MRR under rrDepth 'full' (trec_eval's recip_rank)
        rows: metrics.map((m) => [m === "auc" || m === "gauc" || (m === "mrr" && r.options.rrDepth === "full") ? m : `${m}${at}`, fmt(r.mean[m] as number)]),
        note: `${r.counts.users} users averaged, ${r.counts.skipped} skipped (no relevant item)`,
      });
      const bars = metrics.filter((m) => m !== "dcg");
      if (bars.length > 0) {
        sections.push({ kind: "bar", title: `ranking metrics${at}`, x: "metric", y: "mean over users", data: bars.map((m) => ({ label: m, value: r.mean[m] as number })) });
      }
      sections.push({
        kind: "table",
        title: "conventions",
        columns: ["option", "value"],
        rows: Object.entries(r.options).map(([k, v]) => [k, typeof v === "number" ? fmt(v) : String(v)]),
      });
    }
    if (ratingsFile !== undefined && predFile !== undefined) {
      const [truthText, predText] = await Promise.all([readTextFile(ratingsFile, "ratings"), readTextFile(predFile, "predictions")]);
      const { yTrue, yPred } = joinRatings(parseRatings(truthText), parseRatings(predText));
      if (yTrue.length === 0) {
        throw new WcError("E_ARGUMENT", `recsys-metrics: no (user, item) pair of ${predFile} appears in ${ratingsFile}; check that both files use the same ids`);
      }
      report.rating = { ...ratingMetrics(yTrue, yPred), pairs: yTrue.length };
      const { pairs, ...errs } = report.rating;
      sections.push({
        kind: "table",
        title: "rating-prediction errors",
        columns: ["metric", "value"],
        rows: Object.entries(errs).map(([k, v]) => [k, fmt(v)]),
        note: `${pairs} (user, item) pairs in both files; mape in percent`,
      });
    }
    return { json: report, sections };
  },
});
