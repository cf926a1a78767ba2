import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, type RunContext } from "@wc/command";
import { command } from "../src/cli";
import { readPaperRecords, report, type ReviewReport } from "../src/index";

function ctx(raw: Record<string, unknown>): RunContext {
  return { args: [], options: parseOptions(command.options, raw), seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } };
}

// 8 papers: the LLM says human + 4 except paper 7 (parse failure) and paper 8 (raw JSON text)
const LINES = [
  { paperId: "1", human: [{ rating: 3, confidence: 4 }, { rating: 5, confidence: 2 }], llm: { rating: 8, confidence: 9 }, outcomes: { citations: 3, hit10: false } },
  { paperId: "2", human: [4, 4], llm: { rating: 8, confidence: 9 }, outcomes: { citations: 10, hit10: false } },
  { paperId: "3", human: [{ rating: 5 }, { rating: -2 }], llm: { rating: 9, confidence: 8 }, outcomes: { citations: 40, hit10: true } },
  { paperId: "4", human: [2, 2], llm: { rating: 6, confidence: 9 }, outcomes: { citations: 1, hit10: false } },
  { paperId: "5", human: [6], llm: { rating: 10, confidence: 9 }, outcomes: { citations: 90, hit10: true } },
  { paperId: "6", human: [3], llm: { rating: 7, confidence: 8 }, outcomes: { citations: 5, hit10: false } },
  { paperId: "7", human: [5], llmRaw: "I cannot review this paper." },
  { paperId: "8", human: [1], llmRaw: "```json\n{'full_text_review_rating': 5, 'full_text_review_confidence': 9}\n```", outcomes: { citations: 0, hit10: false } },
].map((o) => JSON.stringify(o));

describe("readPaperRecords", () => {
  it("reads JSONL and JSON arrays, bare ratings and raw LLM text", () => {
    const recs = readPaperRecords(LINES.join("\n"));
    expect(recs.length).toBe(8);
    expect(recs[1]!.human).toEqual([{ rating: 4 }, { rating: 4 }]);
    expect(recs[6]!.llm).toBeUndefined();
    expect(recs[7]!.llm).toEqual({ rating: 5, confidence: 9 });
    expect(readPaperRecords(`[${LINES.join(",")}]`).length).toBe(8);
    expect(readPaperRecords(`{"papers":[${LINES[0]}]}`).length).toBe(1);
  });
  it("rejects malformed files", () => {
    expect(() => readPaperRecords("{oops")).toThrow(/E_FORMAT/);
    expect(() => readPaperRecords('{"human":[1]}')).toThrow(/E_FORMAT/);
    expect(() => readPaperRecords('{"paperId":"a","human":[{"confidence":3}]}')).toThrow(/E_FORMAT/);
    expect(() => readPaperRecords('{"paperId":"a","human":"6"}')).toThrow(/E_FORMAT/);
    expect(() => readPaperRecords("")).toThrow(/E_SHAPE/);
  });
});

describe("wcraft review-agreement", () => {
  const dir = mkdtempSync(join(tmpdir(), "ra-cli-"));
  const file = join(dir, "papers.jsonl");
  writeFileSync(file, LINES.join("\n"));

  it("reports a constant +4 offset, counts, calibration and outcome validity", async () => {
    const r = await command.run(ctx({ records: file }));
    const rep = r.json as ReviewReport;
    expect(rep.counts).toEqual({ papers: 8, withLlm: 7, failed: 1, withHuman: 8, used: 7 });
    expect(rep.agreement.bias).toBeCloseTo(4, 14); // -2 rating cleaned away, paper 1 mean 4
    expect(rep.agreement.pearson.value).toBeCloseTo(1, 13);
    expect(rep.calibration!.meanConfidence).toBeCloseTo(61 / 7, 13);
    expect(rep.calibration!.overconfidence).toBeCloseTo(61 / 70, 13); // nothing within +-1
    expect(rep.outcomes.llm.hit10!.auroc).toBe(1);
    expect(r.sections.map((s) => s.title)).toEqual(["agreement with human reviewers (fullText)", "LLM vs human rating", "confidence calibration", "outcome validity"]);
  });

  it("passes options through (no cleaning changes paper 3) and matches report()", async () => {
    const r = await command.run(ctx({ records: file, "no-clean": true, aggregate: "median" }));
    const direct = report(readPaperRecords(LINES.join("\n")), { clean: false, aggregate: "median" });
    expect((r.json as ReviewReport).agreement.bias).toBe(direct.agreement.bias);
    expect(direct.agreement.bias).toBeCloseTo(4 + 3.5 / 7, 13); // paper 3 median(5, -2) = 1.5 -> diff 7.5
    expect(() => parseOptions(command.options, { records: "x", condition: "abstract" })).toThrow(/expected one of/);
    await expect(command.run(ctx({ records: join(dir, "missing.jsonl") }))).rejects.toThrow(/E_IO/);
    await expect(command.run(ctx({ records: file, condition: "idea" }))).rejects.toThrow(/E_SHAPE/);
  });
});
