import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "@wc/command";
import { command } from "../src/cli";

const exec = (args: string[], options: Record<string, unknown> = {}) => runCommand(command, args, options);
import { fromMotYaml, fromOpeningUpYaml, readEvidence, scoreModel, toModelRecord } from "../src/index";

describe("YAML readers: malformed input", () => {
  it("opening-up: invalid YAML, missing name, bad class", () => {
    expect(() => fromOpeningUpYaml("project: [unclosed")).toThrow(/E_FORMAT/);
    expect(() => fromOpeningUpYaml("")).toThrow(/E_FORMAT/);
    expect(() => fromOpeningUpYaml("org:\n  name: X\n")).toThrow(/project.name/);
    expect(() => fromOpeningUpYaml("project:\n  name: X\nllmdata:\n  class: mostly\n")).toThrow(/llmdata.class/);
    expect(() => fromOpeningUpYaml("project:\n  name: X\nllmdata: yes-ish\n")).toThrow(/E_FORMAT/);
  });
  it("opening-up: an empty class is unknown and scores 0", () => {
    const r = fromOpeningUpYaml("project:\n  name: X\nllmdata:\n  class:\n  link:\napi:\n  class: open\n");
    expect(r.features.llmdata).toEqual({ class: "unknown" });
    expect(scoreModel(r).opennessIndex).toBe(1);
  });
  it("MOT: missing release, unknown component, global licence fallback", () => {
    expect(() => fromMotYaml("framework:\n  name: MOF\n")).toThrow(/release.name/);
    expect(() => fromMotYaml("release:\n  name: X\n")).toThrow(/components/);
    expect(() => fromMotYaml("release:\n  name: X\n  components:\n    - name: Weights\n")).toThrow(/not one of the 17/);
    const r = fromMotYaml(
      "release:\n  name: G\n  license:\n    code: {name: ECL-1.0}\n    data: {name: ODC-By-1.0}\n    document: {name: CC-BY-SA-3.0}\n  components:\n" +
        "    - name: Inference code\n    - name: Datasets\n    - name: Model card\n    - name: Training code\n      license_name: CC-BY-4.0\n",
    );
    expect(r.mofComponents?.["Inference code"]).toEqual({ class: "open", license: "ECL-1.0" });
    expect(r.mofComponents?.["Datasets"]).toEqual({ class: "open", license: "ODC-By-1.0" });
    expect(r.mofComponents?.["Model card"]).toEqual({ class: "open", license: "CC-BY-SA-3.0" });
    // a data licence on code is included but not type-appropriate
    expect(r.mofComponents?.["Training code"]).toEqual({ class: "partial", license: "CC-BY-4.0" });
    expect(r.features.opencode?.class).toBe("partial");
  });
});

describe("toModelRecord / readEvidence", () => {
  it("rejects malformed records with E_FORMAT", () => {
    expect(() => toModelRecord(null)).toThrow(/E_FORMAT/);
    expect(() => toModelRecord({ features: {} })).toThrow(/name/);
    expect(() => toModelRecord({ name: "x", features: { weights: { class: "open" } } })).toThrow(/unknown feature/);
    expect(() => toModelRecord({ name: "x", features: { api: { class: "sort-of" } } })).toThrow(/class/);
    expect(() => toModelRecord({ name: "x", features: { api: { class: "open", link: 3 } } })).toThrow(/link/);
    expect(() => toModelRecord({ name: "x", features: {}, year: 2024.5 })).toThrow(/year/);
    expect(() => toModelRecord({ name: "x", features: {}, claimedLabel: "free" })).toThrow(/claimedLabel/);
    expect(() => toModelRecord({ name: "x", features: {}, disclosures: { carbon: true } })).toThrow(/unknown key/);
    expect(() => toModelRecord({ name: "x", features: {}, disclosures: { carbonEmissions: "yes" } })).toThrow(/boolean/);
    expect(() => toModelRecord({ name: "x", features: {}, mofComponents: { Weights: { class: "open" } } })).toThrow(/unknown component/);
  });
  it("reads JSON in three shapes and rejects empty/unknown files", () => {
    const one = '{"name":"a","features":{}}';
    expect(readEvidence(one, "a.json")).toHaveLength(1);
    expect(readEvidence(`[${one},${one}]`, "a.json")).toHaveLength(2);
    expect(readEvidence(`{"models":[${one}]}`, "a.JSON")).toHaveLength(1);
    expect(() => readEvidence("[]", "a.json")).toThrow(/no records/);
    expect(() => readEvidence("{", "a.json")).toThrow(/E_FORMAT/);
    expect(() => readEvidence("a,b", "a.csv")).toThrow(/E_UNSUPPORTED/);
    expect(() => readEvidence("foo: 1\n", "a.yaml")).toThrow(/neither/);
  });
});

describe("wcraft openness command", () => {
  it("scores fixture files and applies --claimed-label to YAML records", async () => {
    const dir = new URL("./fixtures/", import.meta.url).pathname;
    const res = await exec([join(dir, "llama-3.1.yaml"), join(dir, "DeepSeek-R1.yml"), join(dir, "releases.json")], { claimedLabel: "open-source" });
    const json = res.json as { cards: { name: string; openWashing: { flag: boolean }; claimedLabel: string }[]; summary: Record<string, number> };
    expect(json.cards).toHaveLength(9);
    expect(json.summary["all.count"]).toBe(9);
    const llama = json.cards.find((c) => c.name === "Llama 3.1" && c.claimedLabel === "open-source");
    expect(llama?.openWashing.flag).toBe(true);
    // the JSON's own labels are kept (GPT-4o stays proprietary)
    expect(json.cards.find((c) => c.name === "GPT-4o")?.claimedLabel).toBe("proprietary");
    expect(res.sections[0]).toMatchObject({ kind: "table", title: "Openness scorecard" });
    expect(JSON.parse(JSON.stringify(res.json))).toEqual(res.json);
  });
  it("reports unreadable and malformed files", async () => {
    await expect(exec([])).rejects.toThrow(/E_ARGUMENT/);
    await expect(exec(["/nonexistent/evidence.json"])).rejects.toThrow(/E_IO/);
    const dir = mkdtempSync(join(tmpdir(), "openness-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"name": 3}');
    await expect(exec([bad])).rejects.toThrow(/E_FORMAT/);
  });
});
