import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, type RunContext } from "@wc/command";
import { command } from "../src/cli";
import { analyzeCje, readCjeJsonl } from "../src/index";
import type { AnalyzeOptions, CjeReport } from "../src/index";
import { toyWorld } from "./helpers";

function ctx(raw: Record<string, unknown>): RunContext {
  return { args: [], options: parseOptions(command.options, raw), seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } };
}

const world = toyWorld({ n: 400, betas: { a: 0, b: 0.8 }, oracleFrac: 1, seed: 5 });
const freshLines = Object.entries(world.fresh).flatMap(([p, xs]) => xs.map((x) => JSON.stringify({ prompt_id: x.promptId, policy: p, judge_score: x.judgeScore, oracle_label: x.oracleLabel })));
const loggedLines = world.logged.map((x) => JSON.stringify({ prompt_id: x.promptId, metadata: { judge_score: x.judgeScore, oracle_label: x.oracleLabel }, base_policy_logprob: x.baseLogprob, target_policy_logprobs: x.targetLogprobs }));

describe("readCjeJsonl", () => {
  it("reads fresh draws and logged records (metadata fields, null log-probs)", () => {
    const d = readCjeJsonl([freshLines[0], loggedLines[0], '{"prompt_id":"z","judge_score":1,"base_policy_logprob":null,"target_policy_logprobs":{"a":-1}}', ""].join("\n"));
    expect(d.fresh.a!.length).toBe(1);
    expect(d.logged.length).toBe(2);
    expect(d.logged[0]!.judgeScore).toBe(world.logged[0]!.judgeScore);
    expect(Number.isNaN(d.logged[1]!.baseLogprob!)).toBe(true);
  });
  it("rejects malformed records with E_FORMAT and empty files with E_SHAPE", () => {
    expect(() => readCjeJsonl("{not json")).toThrow(/E_FORMAT/);
    expect(() => readCjeJsonl('{"judge_score":1,"policy":"a"}')).toThrow(/E_FORMAT/);
    expect(() => readCjeJsonl('{"prompt_id":"p","policy":"a"}')).toThrow(/E_FORMAT/);
    expect(() => readCjeJsonl('{"prompt_id":"p","judge_score":"x","policy":"a"}')).toThrow(/E_FORMAT/);
    expect(() => readCjeJsonl('{"prompt_id":"p","judge_score":1}')).toThrow(/E_FORMAT/);
    expect(() => readCjeJsonl("\n\n")).toThrow(/E_SHAPE/);
  });
});

describe("wcraft cje", () => {
  const dir = mkdtempSync(join(tmpdir(), "cje-cli-"));
  const freshFile = join(dir, "fresh.jsonl");
  const loggedFile = join(dir, "logged.jsonl");
  writeFileSync(freshFile, freshLines.join("\n"));
  writeFileSync(loggedFile, loggedLines.join("\n"));

  it("runs Direct on fresh draws with a subsampled oracle slice", async () => {
    const r = await command.run(ctx({ data: freshFile, "oracle-fraction": 0.1 }));
    const rep = r.json as CjeReport;
    expect(rep.estimator).toBe("direct");
    expect(rep.nOracle).toBe(Math.round(0.1 * 800));
    expect(rep.policies.map((p) => p.policy)).toEqual(["a", "b"]);
    for (const p of rep.policies) expect(Math.abs(p.value - world.truth[p.policy]!)).toBeLessThan(4 * p.se);
    expect(r.sections.map((s) => s.title)).toEqual(["policy estimates (direct)", "estimated policy value", "calibration curve (judge score -> oracle scale)"]);
  });

  it("runs DR-CPO with logged + fresh files and reports weight diagnostics", async () => {
    const r = await command.run(ctx({ data: loggedFile, fresh: [freshFile], "oracle-fraction": 0.25, policies: "b" }));
    const rep = r.json as CjeReport;
    expect(rep.estimator).toBe("dr-cpo");
    expect(rep.policies.length).toBe(1);
    expect(Math.abs(rep.policies[0]!.value - world.truth.b!)).toBeLessThan(4 * rep.policies[0]!.se);
    expect(r.sections.at(-1)!.title).toBe("weight diagnostics");
  });

  it("matches analyzeCje and rejects unknown policies, bad options and missing files", async () => {
    const r = await command.run(ctx({ data: loggedFile, estimator: "snips" }));
    const direct = analyzeCje(readCjeJsonl(loggedLines.join("\n")), { estimator: "snips" });
    expect((r.json as CjeReport).policies[1]!.value).toBe(direct.policies[1]!.value);
    await expect(command.run(ctx({ data: loggedFile, policies: "zzz" }))).rejects.toThrow(/E_ARGUMENT/);
    await expect(command.run(ctx({ data: freshFile, estimator: "dr-cpo" }))).rejects.toThrow(/E_ARGUMENT/);
    await expect(command.run(ctx({ data: join(dir, "missing.jsonl") }))).rejects.toThrow(/E_IO/);
    expect(() => parseOptions(command.options, { data: "x", estimator: "tr-cpo" })).toThrow(/expected one of/);
    expect(() => parseOptions(command.options, { data: "x", "calibration-mode": "spline" })).toThrow(/expected one of/);
    expect(() => parseOptions(command.options, { data: "x", omega: "abs" })).toThrow(/expected one of/);
    expect(() => analyzeCje(readCjeJsonl(freshLines.join("\n")), { inference: "jackknife" as never })).toThrow(/E_ARGUMENT/);
  });

  it("wires two-stage calibration, the refit bootstrap and the TMLE / MRDR / stacked DR estimators", async () => {
    const boot = (await command.run(ctx({ data: freshFile, "oracle-fraction": 0.1, inference: "bootstrap", bootstrap: 40, "calibration-mode": "two_stage" }))).json as CjeReport;
    expect(boot.calibrationMode).toBe("two_stage");
    for (const p of boot.policies) {
      expect(p.diagnostics.inference).toBe("cluster-bootstrap-refit");
      expect(p.diagnostics.nValid).toBe(40);
      expect(Math.abs(p.value - world.truth[p.policy]!)).toBeLessThan(4 * p.se);
    }
    expect(boot.calibration.score.length).toBe(boot.calibration.reward.length);
    for (const estimator of ["tmle", "mrdr", "stacked-dr"]) {
      const rep = (await command.run(ctx({ data: loggedFile, fresh: [freshFile], "oracle-fraction": 0.25, policies: "b", estimator, omega: "w2" }))).json as CjeReport;
      expect(rep.estimator).toBe(estimator);
      const p = rep.policies[0]!;
      expect(Math.abs(p.value - world.truth.b!)).toBeLessThan(4 * p.se);
      if (estimator === "mrdr") expect(p.diagnostics.omega).toBe("w2");
    }
  });
});

describe("progress", () => {
  it("analyzeCje onProgress: 0, calibration, then one step per policy; results unchanged", () => {
    const logged = readCjeJsonl(loggedLines.join("\n"));
    const both = readCjeJsonl([...loggedLines, ...freshLines].join("\n"));
    const cases: [ReturnType<typeof readCjeJsonl>, AnalyzeOptions][] = [[logged, { estimator: "calibrated-ips" }], [both, { estimator: "direct" }], [both, { policies: ["b"] }]];
    for (const [data, opts] of cases) {
      const plain = analyzeCje(data, opts);
      const calls: [number, number][] = [];
      const withBar = analyzeCje(data, { ...opts, onProgress: (d, t) => calls.push([d, t]) });
      const total = 1 + plain.policies.length;
      expect(calls).toEqual(Array.from({ length: total + 1 }, (_, d) => [d, total]));
      expect(withBar).toEqual(plain);
    }
    expect(() => analyzeCje(logged, { onProgress: 1 as never })).toThrow(/E_ARGUMENT/);
  });

  it("wcraft cje drives ctx.progress to its total and stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cje-progress-"));
    const loggedFile = join(dir, "logged.jsonl");
    writeFileSync(loggedFile, loggedLines.join("\n"));
    const events: string[] = [];
    let ticks = 0;
    const c: RunContext = {
      ...ctx({ data: loggedFile, estimator: "snips" }),
      progress: {
        start: (label, total) => {
          events.push(`start ${total}`);
          return (inc = 1) => void (ticks += inc);
        },
        stop: () => void events.push("stop"),
      },
    };
    await command.run(c);
    expect(events).toEqual(["start 3", "stop"]);
    expect(ticks).toBe(3);
  });
});
