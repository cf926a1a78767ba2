import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, type RunContext } from "@wc/command";
import { command } from "../src/cli";
import { gaussian, mulberry32 } from "./helpers";

function ctx(args: string[], raw: Record<string, unknown>): RunContext {
  return {
    args,
    options: parseOptions(command.options, raw),
    seed: 0,
    threads: 1,
    log: () => {},
    progress: { start: () => () => {}, stop: () => {} },
  };
}

const dir = mkdtempSync(join(tmpdir(), "timber-cli-"));
// controls average E = 12000, F = 10000; exposed specimen s1 is the spec's toy (R = 0.88)
const TOY = ["id,group,modulus,maxLoad,density", "c1,control,11000,9000,450", "c2,control,13000,11000,460", "s1,1-cycle,10800,8000,440", "s2,1-cycle,12000,10000,455", "s3,n-cycles,6000,5000,430"].join("\n");
const toy = join(dir, "toy.csv");
writeFileSync(toy, TOY);

// 90 exposed specimens whose level depends on density (strongly) and moisture (not at all).
const u = mulberry32(3);
const z = gaussian(u);
const rows = ["id\tgroup\tresidual\tdensity\tmoisture\tgrain"];
for (let i = 0; i < 90; i++) {
  const dens = z();
  const lvl = dens > 0.5 ? 1 : dens > -0.5 ? 2 : 3;
  const r = [0.95, 0.8, 0.6][lvl - 1]! + 0.01 * z();
  rows.push([`s${i}`, i % 2 ? "1-cycle" : "n-cycles", r, 450 + 40 * dens, 12 + z(), i % 3 ? "parallel" : "radial"].join("\t"));
}
const big = join(dir, "big.tsv");
writeFileSync(big, rows.join("\n"));

describe("wcraft timber", () => {
  it("residual: R per exposed specimen against the control means, with levels", async () => {
    const res = await command.run(ctx(["residual", toy], { thresholds: "0.9,0.7" }));
    const json = res.json as { specimens: { id: string; residual: number; level: number }[] };
    expect(json.specimens.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(json.specimens[0]!.residual).toBeCloseTo(0.88, 12);
    expect(json.specimens[1]!.residual).toBeCloseTo(1, 12);
    // 0.8 * 0.5 + 0.2 * 0.5
    expect(json.specimens[2]!.residual).toBeCloseTo(0.5, 12);
    expect(json.specimens.map((s) => s.level)).toEqual([2, 1, 3]);
  });

  it("fit (fixed mode, TSV with a residual column and a text feature): report sections and relevance", async () => {
    const res = await command.run(ctx(["fit", big], { features: "density,moisture,grain", mode: "fixed", thresholds: "0.9,0.7", chains: 2, warmup: 150, draws: 150 }));
    const json = res.json as { features: string[]; featureRelevance: { name: string; level?: number }[]; specimens: { probs: number[] }[] };
    // row s0 is "radial", so radial is the reference level
    expect(json.features).toEqual(["density", "moisture", "grain=parallel"]);
    expect(json.featureRelevance[0]!.name).toBe("density");
    for (const s of json.specimens) expect(s.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(res.sections.map((s) => s.title)).toEqual([
      "decision thresholds on R",
      "feature relevance",
      "horseshoe shrinkage per coefficient (1 = shrunk to 0)",
      "posterior level probabilities",
      "sampler diagnostics",
    ]);
    expect(JSON.parse(JSON.stringify(res.json))).toBeTruthy();
  });

  it("reports bad input with stable codes", async () => {
    await expect(command.run(ctx(["fit", join(dir, "missing.csv")], { features: "density" }))).rejects.toThrow(/E_IO/);
    await expect(command.run(ctx(["fit", toy], {}))).rejects.toThrow(/E_ARGUMENT/);
    await expect(command.run(ctx(["plot", toy], {}))).rejects.toThrow(/E_ARGUMENT/);
    await expect(command.run(ctx(["residual", toy], { thresholds: "0.9" }))).rejects.toThrow(/E_ARGUMENT/);
    const ragged = join(dir, "ragged.csv");
    writeFileSync(ragged, "id,group,modulus,maxLoad\nc1,control,1\n");
    await expect(command.run(ctx(["residual", ragged], {}))).rejects.toThrow(/E_FORMAT/);
    const noCtl = join(dir, "noctl.csv");
    writeFileSync(noCtl, "id,group,modulus,maxLoad\na,x,1,1\n");
    await expect(command.run(ctx(["residual", noCtl], {}))).rejects.toThrow(/E_FORMAT/);
    const badJson = join(dir, "bad.json");
    writeFileSync(badJson, "{");
    await expect(command.run(ctx(["residual", badJson], {}))).rejects.toThrow(/E_FORMAT/);
    expect(() => parseOptions(command.options, { mode: "both" })).toThrow(/expected one of joint, fixed/);
  });

  it("reads JSON specimens with nested features", async () => {
    const f = join(dir, "s.json");
    writeFileSync(f, JSON.stringify([{ id: "c", group: "control", modulus: 12000, maxLoad: 10000, features: { density: 1 } }, { id: "s", group: "x", modulus: 10800, maxLoad: 8000, features: { density: 2 } }]));
    const res = await command.run(ctx(["residual", f], {}));
    expect((res.json as { specimens: { residual: number }[] }).specimens[0]!.residual).toBeCloseTo(0.88, 12);
  });
});
