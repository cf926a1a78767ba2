import { rename, unlink, writeFile } from "node:fs/promises";
import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { BASELINE_METRICS } from "./baselines";
import { evaluate, type MissingCategory } from "./evaluate";
import { ACES_CATEGORIES, ACES_CATEGORY_WEIGHTS, ACES_PHENOMENA_MAPPING } from "./phenomena";
import { scoreChallengeSet } from "./score";
import { readAcesTsv, readScoredTsv, writeScoredTsv } from "./tsv";
import type { MetricFn, ScoredRow } from "./types";

/** Command-line metric names -> column names of the scored TSV (TER is negated so that higher is better). */
const METRICS: Readonly<Record<string, keyof typeof BASELINE_METRICS>> = { bleu: "BLEU", chrf: "chrF", "chrf++": "chrF++", ter: "-TER" };

/** A JSON object file whose values all pass `ok` (a mapping or weights override). */
async function readJsonObject(file: string, what: string, ok: (v: unknown) => boolean, expected: string): Promise<Record<string, never>> {
  const text = await readTextFile(file, what);
  let obj: unknown;
  try {
    obj = JSON.parse(text) as unknown;
  } catch (e) {
    throw new WcError("E_FORMAT", `aces: the ${what} file ${file} is not valid JSON (${(e as Error).message})`);
  }
  if (obj === null || typeof obj !== "object" || Array.isArray(obj) || !Object.values(obj).every(ok)) {
    throw new WcError("E_FORMAT", `aces: the ${what} file ${file} must hold a JSON object ${expected}`);
  }
  return obj as Record<string, never>;
}

/** Writes `text` to `file` through a temporary file and a rename, so a failed run leaves no half-written file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, "utf8");
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw new WcError("E_IO", `aces: cannot write ${file} (${(e as Error).message}); check that its folder exists and is writable`);
  }
}

/** NaN (a τ with a NaN score, an ACES-score with a missing category) as JSON null, not silently by JSON.stringify. */
const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
const cell = (x: number | undefined): string | number => (x === undefined ? "" : Number.isNaN(x) ? "nan" : Number(x.toFixed(4)));

/**
 * `wcraft aces --challenge set.tsv [--metric bleu --metric chrf] [--out scored.tsv]` or
 * `wcraft aces --scores scored.tsv`.
 */
export const command = defineCommand({
  name: "aces",
  summary: "ACES challenge-set meta-evaluation: tau-like per phenomenon, per category and the ACES-score of BLEU/chrF or of pre-scored TSVs",
  description:
    "With --challenge, scores the good and incorrect translation of every row of an ACES TSV (source, good-translation, incorrect-translation, reference, phenomena) with the lexical baselines (--metric bleu|chrf|chrf++|ter, repeatable; default bleu and chrf, the official baselines; ter is negated TER) and, with --out, writes the scored TSV (<metric>-good/-bad columns, as aces-score). With --scores, evaluates a TSV that already has <metric>-good/-bad columns (e.g. written by the official aces-score for a neural metric). Then computes what aces-eval computes: the tau-like score per phenomenon, the macro mean per error category and the weighted ACES-score.",
  args: [],
  options: [
    { name: "challenge", type: "string", help: "challenge-set TSV to score with --metric" },
    { name: "scores", type: "string", help: "pre-scored TSV with <metric>-good and <metric>-bad columns" },
    { name: "metric", type: "choice", choices: Object.keys(METRICS), multiple: true, help: "baseline metric for --challenge (default bleu and chrf)" },
    { name: "missing-category", type: "choice", choices: ["nan", "zero"], default: "nan", help: "a category without phenomena makes the ACES-score NaN (evaluate.py) or counts 0 (normalize_scores_utils.py)" },
    { name: "mapping", type: "string", help: "JSON file {phenomenon: category} for labels outside the official 68 (merged over them)" },
    { name: "weights", type: "string", help: "JSON file {category: weight} (merged over the official weights)" },
  ],
  async run(ctx): Promise<RunResult> {
    const o = ctx.options;
    const challenge = o.challenge as string | undefined;
    const scoresFile = o.scores as string | undefined;
    const chosen = o.metric as readonly string[];
    if ((challenge === undefined) === (scoresFile === undefined)) {
      throw new WcError("E_ARGUMENT", "aces: give exactly one of --challenge set.tsv (score it with --metric) or --scores scored.tsv (evaluate existing scores)");
    }
    if (scoresFile !== undefined && chosen.length > 0) {
      throw new WcError("E_ARGUMENT", "aces: --metric scores a --challenge set; a --scores file already holds its metrics' columns");
    }
    if (scoresFile !== undefined && ctx.out !== undefined) {
      throw new WcError("E_ARGUMENT", "aces: --out writes the scored TSV of --challenge; with --scores there is nothing to write");
    }
    const mapping = typeof o.mapping === "string"
      ? { ...ACES_PHENOMENA_MAPPING, ...(await readJsonObject(o.mapping, "mapping", (v) => typeof v === "string", "{ phenomenon: category }")) }
      : ACES_PHENOMENA_MAPPING;
    const weights = typeof o.weights === "string"
      ? { ...ACES_CATEGORY_WEIGHTS, ...(await readJsonObject(o.weights, "weights", (v) => typeof v === "number" && Number.isFinite(v), "{ category: finite number }")) }
      : ACES_CATEGORY_WEIGHTS;
    const files: string[] = [];
    let scored: ScoredRow[];
    if (challenge !== undefined) {
      const rows = readAcesTsv(await readTextFile(challenge, "challenge-set"));
      if (rows.length === 0) throw new WcError("E_FORMAT", `aces: ${challenge} has a header but no rows`);
      const names = [...new Set(chosen.length > 0 ? chosen : ["bleu", "chrf"])].map((m) => METRICS[m]!);
      const metrics: Record<string, MetricFn> = Object.fromEntries(names.map((n) => [n, BASELINE_METRICS[n]]));
      const tick = ctx.progress.start("scoring", rows.length * names.length * 2);
      try {
        scored = await scoreChallengeSet(rows, metrics, { onProgress: () => tick(1) });
      } finally {
        ctx.progress.stop();
      }
      if (ctx.out !== undefined) {
        await writeAtomic(ctx.out, writeScoredTsv(scored));
        files.push(ctx.out);
        ctx.log(`wrote ${ctx.out}`);
      }
    } else {
      scored = readScoredTsv(await readTextFile(scoresFile!, "scores"));
      if (scored.length === 0) throw new WcError("E_FORMAT", `aces: ${scoresFile} has a header but no rows`);
      if (Object.keys(scored[0]!.scores).length === 0) {
        throw new WcError("E_FORMAT", `aces: ${scoresFile} has no <metric>-good / <metric>-bad columns; score it first (--challenge with --metric, or the official aces-score)`);
      }
    }
    const missingCategory = o.missingCategory as MissingCategory;
    const res = evaluate(scored, { mapping, weights, missingCategory });
    // every metric has the same categories (those of the labels present); official ones first, in formula order
    const found = Object.keys(res.perCategory[res.metrics[0]!] ?? {});
    const official = ACES_CATEGORIES as readonly string[];
    const present = [...official.filter((c) => found.includes(c)), ...found.filter((c) => !official.includes(c))];
    const w = weights as Readonly<Record<string, number>>;
    const absent = Object.keys(w).filter((c) => !present.includes(c));
    const json = {
      mode: challenge !== undefined ? "challenge" : "scores",
      rows: scored.length,
      metrics: res.metrics,
      missingCategory,
      perPhenomenon: res.perPhenomenon.map((p) => ({ phenomenon: p.phenomenon, n: p.n, tau: Object.fromEntries(Object.entries(p.tau).map(([m, t]) => [m, num(t)])) })),
      perCategory: Object.fromEntries(Object.entries(res.perCategory).map(([m, c]) => [m, Object.fromEntries(Object.entries(c).map(([k, t]) => [k, num(t)]))])),
      acesScore: Object.fromEntries(Object.entries(res.acesScore).map(([m, s]) => [m, num(s)])),
      categoriesWithoutPhenomena: absent,
    };
    const note =
      absent.length === 0
        ? undefined
        : missingCategory === "nan"
          ? `no phenomenon of ${absent.join(", ")}: the ACES-score is NaN as in aces-eval; --missing-category zero counts them as 0`
          : `no phenomenon of ${absent.join(", ")}: counted as 0`;
    const sections: ReportSection[] = [
      {
        kind: "table",
        title: "ACES-score",
        columns: ["category", "weight", ...res.metrics],
        rows: [
          ...present.map((c) => [c, w[c] ?? "", ...res.metrics.map((m) => cell(res.perCategory[m]![c]))]),
          ["ACES-score", "", ...res.metrics.map((m) => cell(res.acesScore[m]))],
        ],
        ...(note ? { note } : {}),
      },
      {
        kind: "table",
        title: "tau-like per phenomenon",
        columns: ["phenomenon", "examples", ...res.metrics],
        rows: res.perPhenomenon.map((p) => [p.phenomenon, p.n, ...res.metrics.map((m) => cell(p.tau[m]))]),
      },
    ];
    for (const m of res.metrics) {
      const data = present.map((c) => ({ label: c, value: res.perCategory[m]![c]! })).filter((d) => Number.isFinite(d.value));
      if (data.length > 0) sections.push({ kind: "bar", title: `tau-like per category: ${m}`, x: "category", y: "tau-like", data });
    }
    return { json, sections, files };
  },
});
