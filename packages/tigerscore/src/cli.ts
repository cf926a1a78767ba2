import type { CommandDescriptor, RunContext, RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { openAiCompatibleClient } from "./http-client";
import { readItemsJsonl, type JsonlItem } from "./jsonl";
import { correlateWithHumans } from "./meta-eval";
import { parseOutput } from "./parse";
import { score } from "./score";
import type { CompatMode, TigerResult } from "./types";

async function run(ctx: RunContext): Promise<RunResult> {
  const o = ctx.options;
  const files = [...ctx.args, ...(typeof o.items === "string" ? [o.items] : [])];
  if (files.length === 0) throw new WcError("E_ARGUMENT", "tigerscore: give an items JSONL file (positional or --items)");
  const items: JsonlItem[] = [];
  for (const f of files) {
    const text = await readTextFile(f);
    items.push(...readItemsJsonl(text));
  }
  const compat = o.compat as CompatMode;
  const endpoint = typeof o.endpoint === "string" ? o.endpoint : undefined;
  const results: TigerResult[] = new Array(items.length);
  const todo: number[] = [];
  items.forEach((it, i) => {
    if (it.output !== undefined) results[i] = parseOutput(it.output, { compat });
    else todo.push(i);
  });
  if (todo.length > 0) {
    if (endpoint === undefined) {
      throw new WcError("E_ARGUMENT", `tigerscore: ${todo.length} item(s) have no "output"; pass --endpoint http://127.0.0.1:8080/v1 to generate them with an OpenAI-compatible server`);
    }
    ctx.log(`tigerscore: generating ${todo.length} error analyses with ${endpoint}`);
    const llm = openAiCompatibleClient({ baseUrl: endpoint, model: o.model as string, endpoint: o.api as "completions" | "chat" });
    const scored = await score(todo.map((i) => items[i]!), llm, {
      concurrency: o.concurrency as number,
      compat,
      gen: { maxNewTokens: o.maxNewTokens as number, temperature: o.temperature as number, doSample: o.sample as boolean },
    });
    todo.forEach((i, k) => (results[i] = scored[k]!));
  }
  const failed = results.filter((r) => !r.ok).length;
  let correlation: ReturnType<typeof correlateWithHumans> | undefined;
  const rated = items.every((it) => it.human !== undefined);
  if (rated && items.length - failed >= 2) {
    const groups = items.every((it) => it.group !== undefined) ? items.map((it) => it.group!) : undefined;
    correlation = correlateWithHumans(results, items.map((it) => it.human!), { method: o.method as "spearman" | "pearson" | "kendall", ...(groups ? { groups } : {}) });
  }
  const scores = results.flatMap((r) => (r.score === null ? [] : [r.score]));
  return {
    json: { results: results.map((r, i) => ({ id: items[i]!.id ?? i, ...r })), failed, correlation: correlation ?? null },
    sections: [
      {
        kind: "table",
        title: "TIGERScore",
        columns: ["id", "score", "errors", "ok", "warnings"],
        rows: results.map((r, i) => [String(items[i]!.id ?? i), r.score ?? "null", r.numErrors ?? "null", r.ok ? "yes" : "no", r.warnings.length]),
        note: `parser: ${compat}; ${failed} of ${results.length} outputs failed to parse`,
      },
      { kind: "histogram", title: "Score distribution", x: "score", values: scores },
      {
        kind: "text",
        title: "Meta-evaluation",
        text: correlation
          ? `${o.method} correlation with human ratings: ${correlation.value.toFixed(4)} over ${correlation.n} items (${correlation.failed} failed parses dropped)`
          : "no human ratings on every item: correlation skipped",
      },
    ],
  };
}

/**
 * The `wcraft tigerscore` command: parses and scores TIGERScore error analyses from a JSONL items
 * file, generating missing ones through an OpenAI-compatible server only when `--endpoint` is given,
 * and correlates scores with human ratings when every item has `human`.
 *
 * @example
 * // wcraft tigerscore items.jsonl --compat robust --json
 * // wcraft tigerscore --items items.jsonl --endpoint http://127.0.0.1:8080/v1
 */
export const command: CommandDescriptor = {
  name: "tigerscore",
  summary: "score TIGERScore error analyses (robust parser) and correlate with human ratings",
  description:
    "Reads JSONL items {instruction, hypothesis, inputContext?, output?, human?, group?}. Items with `output` (the LLM's error analysis) are parsed and scored offline; items without it need --endpoint (an OpenAI-compatible server such as llama.cpp serving TIGERScore). No network access unless --endpoint is given.",
  args: [{ name: "files", help: "items JSONL file(s)", variadic: true }],
  options: [
    { name: "items", type: "string", help: "items JSONL file (alternative to the positional argument)" },
    { name: "compat", type: "choice", help: "parser: robust or the official regex parser", choices: ["robust", "official"], default: "robust" },
    { name: "endpoint", type: "string", help: "OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (only used for items without output)" },
    { name: "model", type: "string", help: "model name sent to the endpoint", default: "tigerscore" },
    { name: "api", type: "choice", help: "endpoint flavour", choices: ["completions", "chat"], default: "completions" },
    { name: "concurrency", type: "integer", help: "requests in flight", default: 2, min: 1, max: 64 },
    { name: "max-new-tokens", type: "integer", help: "generation limit", default: 1024, min: 1 },
    { name: "temperature", type: "number", help: "sampling temperature (with --sample)", default: 0.7, min: 0 },
    { name: "sample", type: "boolean", help: "sample instead of greedy decoding", default: false },
    { name: "method", type: "choice", help: "correlation with human ratings", choices: ["spearman", "pearson", "kendall"], default: "spearman" },
  ],
  run,
};
