import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "@wc/command";
import { command } from "../src/cli";

const runCli = (args: string[], options: Record<string, unknown> = {}) => runCommand(command, args, options);
import { buildTeacherPrompt, correlateWithHumans, openAiCompatibleClient, readItemsJsonl, score, TASK_ASPECTS, type GenParams, type LlmClient } from "../src/index";

const fixture = new URL("./fixtures/outputs.jsonl", import.meta.url);
const items = readItemsJsonl(readFileSync(fixture, "utf8"));
const expected = JSON.parse(readFileSync(new URL("./fixtures/expected.json", import.meta.url), "utf8")) as {
  human: number[];
  spearman_robust: number;
  kendall_robust: number;
  spearman_official: number;
};

describe("score() with a mock client and meta-evaluation (spec §6.4)", () => {
  it("matches SciPy spearmanr / kendalltau on the parsed scores and counts failed parses", async () => {
    const byHyp = new Map(items.map((it) => [it.hypothesis, it.output!]));
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: GenParams[] = [];
    const llm: LlmClient = async (prompt, p) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen.push(p);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      const hyp = /Model-generated Output: \n(.*)\n/.exec(prompt)![1]!;
      return byHyp.get(hyp)!;
    };
    const results = await score(items, llm, { concurrency: 3 });
    expect(maxInFlight).toBe(3);
    expect(seen[0]).toEqual({ maxNewTokens: 1024, temperature: 0.7, topP: 1, topK: 40, doSample: false });
    const human = items.map((it) => it.human!);
    expect(human).toEqual(expected.human);
    const c = correlateWithHumans(results, human);
    // python3 make_outputs.py: scipy.stats.spearmanr over the 19 parsable items
    expect(c.value).toBeCloseTo(expected.spearman_robust, 12);
    expect(c.n).toBe(19);
    expect(c.failed).toBe(1);
    expect(correlateWithHumans(results, human, { method: "kendall" }).value).toBeCloseTo(expected.kendall_robust, 12);
    const official = await score(items, llm, { compat: "official" });
    const co = correlateWithHumans(official, human);
    expect(co.value).toBeCloseTo(expected.spearman_official, 12);
    expect(co.failed).toBe(2);
    expect(() => correlateWithHumans(results, human, { dropFailed: false })).toThrow(/E_RANGE/);
  });
  it("grouped correlation averages per-group coefficients", () => {
    // groups: python3 -c "from scipy.stats import spearmanr; print(spearmanr([1,2,3],[1,3,2])[0], spearmanr([3,2,1],[1,2,3])[0])" -> 0.5, -1.0 -> mean -0.25
    const res = [1, 2, 3, 3, 2, 1].map((s) => ({ score: s, numErrors: 0, errors: [], raw: "", ok: true, warnings: [] }));
    expect(correlateWithHumans(res, [1, 3, 2, 1, 2, 3], { groups: ["a", "a", "a", "b", "b", "b"] }).value).toBeCloseTo(-0.25, 12);
  });
  it("rejects bad input", async () => {
    const ok: LlmClient = async () => "x";
    await expect(score([{ instruction: 1 } as never], ok)).rejects.toThrow(/E_ARGUMENT/);
    await expect(score([], ok, { concurrency: 0 })).rejects.toThrow(/E_RANGE/);
    await expect(score([], ok, { gen: { topP: 1.5 } })).rejects.toThrow(/E_RANGE/);
    await expect(score([], ok, { gen: { maxNewTokens: 0 } })).rejects.toThrow(/E_RANGE/);
    await expect(score([{ instruction: "a", hypothesis: "b" }], async () => { throw new Error("boom"); })).rejects.toThrow(/E_IO.*boom/);
    expect(await score([], ok)).toEqual([]);
    const r = [{ score: 1, numErrors: 0, errors: [], raw: "", ok: true, warnings: [] }];
    expect(() => correlateWithHumans(r, [1, 2])).toThrow(/E_SHAPE/);
    expect(() => correlateWithHumans(r, [Number.NaN])).toThrow(/E_RANGE/);
    expect(() => correlateWithHumans(r, [1])).toThrow(/at least 2/);
    expect(() => correlateWithHumans([...r, ...r], [1, 2], { method: "cosine" as never })).toThrow(/E_ARGUMENT/);
  });
});

describe("aspects and teacher prompt (spec §3.7)", () => {
  it("has the seven tasks with the official aspect names", () => {
    expect(TASK_ASPECTS.summarization).toEqual(["Relevance", "Fact Consistency", "Coherence", "Fluency"]);
    expect(TASK_ASPECTS.mathQA).toEqual(["Problem Understanding", "Problem Formulation", "Computing Accuracy", "Solution Interpretation"]);
    expect(Object.keys(TASK_ASPECTS)).toHaveLength(7);
    const p = buildTeacherPrompt("data2text", "Describe.", "name[Alimentum]", "Alimentum is a pub.", "Alimentum is a restaurant.");
    for (const a of TASK_ASPECTS.data2text) expect(p).toContain(`- ${a}: `);
    expect(p).toContain("Reference output:\nAlimentum is a restaurant.");
    expect(p).toContain('"score_reduction"');
    expect(() => buildTeacherPrompt("poetry" as never, "", "", "")).toThrow(/E_ARGUMENT/);
  });
});

describe("OpenAI-compatible HTTP client against a local server", () => {
  let server: Server;
  let base = "";
  const bodies: { url: string; body: Record<string, unknown>; auth: string | undefined }[] = [];
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((res) => {
      let s = "";
      req.on("data", (c) => (s += c));
      req.on("end", () => res(s));
    });
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      bodies.push({ url: req.url ?? "", body, auth: req.headers.authorization });
      if (body.model === "fail") {
        res.writeHead(500).end("overloaded");
        return;
      }
      if (body.model === "bad") {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      const text = "The model-generated output contains 0 errors, with a total score reduction of 0.";
      const payload = req.url === "/v1/chat/completions" ? { choices: [{ message: { content: text } }] } : { choices: [{ text }] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(payload));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  it("posts completions with greedy temperature and returns the text", async () => {
    const llm = openAiCompatibleClient({ baseUrl: base, apiKey: "k", timeoutMs: 5000 });
    const [r] = await score([{ instruction: "Say hi.", hypothesis: "Hi." }], llm);
    expect(r!.score).toBe(0);
    const b = bodies.at(-1)!;
    expect(b.url).toBe("/v1/completions");
    expect(b.body).toMatchObject({ model: "tigerscore", max_tokens: 1024, temperature: 0, top_p: 1, top_k: 40 });
    expect(typeof b.body.prompt).toBe("string");
    expect(b.auth).toBe("Bearer k");
    const chat = openAiCompatibleClient({ baseUrl: base, endpoint: "chat", timeoutMs: 5000 });
    expect(await chat("p", { maxNewTokens: 8, temperature: 0.7, topP: 1, doSample: true })).toMatch(/0 errors/);
    expect(bodies.at(-1)!.body).toMatchObject({ messages: [{ role: "user", content: "p" }], temperature: 0.7 });
  });
  it("maps HTTP errors and bad bodies to WcError", async () => {
    const p = { maxNewTokens: 8, temperature: 0.7, topP: 1, doSample: false };
    await expect(openAiCompatibleClient({ baseUrl: base, model: "fail", timeoutMs: 5000 })("x", p)).rejects.toThrow(/E_IO.*500/);
    await expect(openAiCompatibleClient({ baseUrl: base, model: "bad", timeoutMs: 5000 })("x", p)).rejects.toThrow(/E_FORMAT/);
    expect(() => openAiCompatibleClient({ baseUrl: "not a url" })).toThrow(/E_ARGUMENT/);
    expect(() => openAiCompatibleClient({ baseUrl: "ftp://x/v1" })).toThrow(/E_ARGUMENT/);
  });
});

describe("wcraft tigerscore command", () => {
  it("scores a JSONL of outputs offline and correlates with human ratings (grouped by `group`)", async () => {
    const res = await runCli([fixture.pathname]);
    const json = res.json as { failed: number; correlation: { n: number; failed: number }; results: unknown[] };
    expect(json.failed).toBe(1);
    expect(json.results).toHaveLength(20);
    expect(json.correlation).toMatchObject({ n: 19, failed: 1 });
    expect(JSON.parse(JSON.stringify(res.json))).toEqual(res.json);
  });
  it("needs --endpoint for items without output, and reports missing files", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "tiger-"));
    const f = join(dir, "items.jsonl");
    writeFileSync(f, '{"instruction":"Say hi.","hypothesis":"Hi."}\n');
    await expect(runCli([f])).rejects.toThrow(/--endpoint/);
    await expect(runCli([], { items: join(dir, "missing.jsonl") })).rejects.toThrow(/E_IO/);
    await expect(runCli([])).rejects.toThrow(/E_ARGUMENT/);
    writeFileSync(f, "not json\n");
    await expect(runCli([f])).rejects.toThrow(/E_FORMAT/);
  });
});
