import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  classifyMof,
  fromMotYaml,
  fromOpeningUpYaml,
  MOF_COMPONENTS,
  opennessIndex,
  scoreAll,
  scoreModel,
  type Evidence,
  type ModelRecord,
  type MofComponent,
} from "../src/index";

const fx = (f: string): string => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), "utf8");

function fullyOpen(): ModelRecord {
  const features: ModelRecord["features"] = {};
  for (const f of ["opencode", "llmdata", "llmweights", "rldata", "rlweights", "license", "code", "architecture", "preprint", "paper", "modelcard", "datasheet", "package", "api"] as const) {
    features[f] = { class: "open", link: `https://example.org/${f}` };
  }
  features.opencode = { class: "open", license: "Apache-2.0", link: "https://example.org/code" };
  features.llmweights = { class: "open", license: "Apache-2.0", link: "https://example.org/weights" };
  features.llmdata = { class: "open", license: "ODC-By-1.0", link: "https://example.org/data" };
  const mofComponents: Partial<Record<MofComponent, Evidence>> = {};
  for (const c of MOF_COMPONENTS) {
    mofComponents[c.name] = { class: "open", license: c.contentType === "code" ? "Apache-2.0" : c.name === "Datasets" ? "ODC-By-1.0" : c.contentType === "data" ? "Apache-2.0" : "CC-BY-4.0" };
  }
  return { name: "fully-open", claimedLabel: "open-source", features, mofComponents };
}

describe("spec §6.1: opening-up-chatgpt llama-3.1.yaml", () => {
  const rec = fromOpeningUpYaml(fx("llama-3.1.yaml"));
  const card = scoreModel(rec);
  it("reads the file", () => {
    expect(rec.name).toBe("Llama 3.1");
    expect(rec.org).toBe("Facebook Research");
    expect(rec.features.license?.license).toBe("Meta Llama 3 Community License");
  });
  it("index 4.0 / 14 (python: sum of {open:1,partial:.5,closed:0} over the 14 classes = 4.0)", () => {
    expect(card.opennessIndex).toBe(4);
    expect(card.opennessPct).toBeCloseTo(4 / 14, 15);
  });
  it("is open-weight (partial weights with a link)", () => {
    expect(card.openWeight).toBe(true);
  });
  it("fails OSAID on data, code and parameters (licence)", () => {
    expect(card.osaid.pass).toBe(false);
    expect(card.osaid.failing.map((s) => s.split(":")[0])).toEqual(["data information", "code", "parameters"]);
    expect(card.osaid.failing[2]).toMatch(/Llama 3 Community License/);
  });
  it("is not flagged for open-washing without a claim, but is with one", () => {
    expect(card.openWashing.flag).toBe(false);
    const claimed = scoreModel({ ...rec, claimedLabel: "open-source" });
    expect(claimed.openWashing.flag).toBe(true);
    expect(claimed.openWashing.warning).toMatch(/4\/14/);
  });
});

describe("spec §6.2: MOT DeepSeek-R1.yml", () => {
  const rec = fromMotYaml(fx("DeepSeek-R1.yml"));
  it("reads components with their licence status", () => {
    expect(Object.keys(rec.mofComponents ?? {})).toHaveLength(17);
    expect(rec.mofComponents?.["Model card"]).toEqual({ class: "partial" });
    expect(rec.mofComponents?.["Training code"]).toEqual({ class: "closed" });
    expect(rec.mofComponents?.["Model parameters (Final)"]).toEqual({ class: "open", license: "MIT" });
    expect(rec.mofComponents?.["Research paper"]?.class).toBe("partial");
    expect(rec.org).toBe("DeepSeek AI");
    expect(rec.year).toBe(2025);
  });
  it("progress III 2/6, II 3/10, I 3/14, no class", () => {
    const card = scoreModel(rec);
    expect(card.mof.progress).toEqual({ III: 2 / 6, II: 3 / 10, I: 3 / 14 });
    expect(card.mof.class).toBeNull();
    expect(card.mof.missing).toEqual([
      "Evaluation results",
      "Model card",
      "Data card",
      "Technical report",
      "Training code",
      "Evaluation code",
      "Evaluation data",
      "Datasets",
      "Data preprocessing code",
      "Model parameters (Intermediate)",
      "Research paper",
    ]);
  });
  it("claimed open-source: open-washing with training code and data information reasons", () => {
    const card = scoreModel({ ...rec, claimedLabel: "open-source" });
    expect(card.openWashing.flag).toBe(true);
    expect(card.openWashing.reasons.some((r) => /training code/.test(r))).toBe(true);
    expect(card.openWashing.reasons.some((r) => /^data information/.test(r))).toBe(true);
    expect(card.openWashing.reasons).toContain("disclosure gap: carbon emissions not disclosed");
    // MIT weights pass OSAID's parameters item
    expect(card.osaid.failing.some((r) => r.startsWith("parameters"))).toBe(false);
  });
  it("has no weights link in the MOT file, so it is open-weight only without requireWeightsLink", () => {
    expect(scoreModel(rec).openWeight).toBe(false);
    expect(scoreModel(rec, { requireWeightsLink: false }).openWeight).toBe(true);
  });
});

describe("spec §6.3: synthetic fully open record", () => {
  it("index 14, MOF I, OSAID pass, no open-washing", () => {
    const card = scoreModel(fullyOpen());
    expect(card.opennessIndex).toBe(14);
    expect(card.opennessPct).toBe(1);
    expect(card.mof.class).toBe("I");
    expect(card.mof.progress).toEqual({ I: 1, II: 1, III: 1 });
    expect(card.osaid).toEqual({ pass: true, failing: [] });
    expect(card.openWashing).toEqual({ flag: false, reasons: [] });
    expect(card.openWeight).toBe(true);
  });
  it("intermediate parameters not included → class II, Class I progress 13/14", () => {
    const rec = fullyOpen();
    const mof = { ...rec.mofComponents, "Model parameters (Intermediate)": { class: "closed" as const } };
    const card = scoreModel({ ...rec, mofComponents: mof });
    expect(card.mof.class).toBe("II");
    expect(card.mof.progress.I).toBe(13 / 14);
    expect(card.mof.missing).toEqual(["Model parameters (Intermediate)"]);
  });
  it("does not mutate its input", () => {
    const rec = fullyOpen();
    const before = JSON.stringify(rec);
    scoreModel(rec);
    scoreAll([rec]);
    expect(JSON.stringify(rec)).toBe(before);
  });
});

describe("MOF rules", () => {
  it("code needs an OSI licence; documents accept open-data licences; unlicensed never counts", () => {
    const base = fullyOpen().mofComponents!;
    expect(classifyMof({ ...base, "Training code": { class: "open", license: "CC-BY-4.0" } }).class).toBe("III");
    expect(classifyMof({ ...base, "Model card": { class: "open", license: "MIT" } }).class).toBe("I");
    expect(classifyMof({ ...base, "Model card": { class: "open" } }).class).toBeNull();
    expect(classifyMof({ ...base, "Model parameters (Final)": { class: "open", license: "llama3.1" } }).class).toBeNull();
  });
  it("an openly licensed research paper stands in for a missing technical report", () => {
    const base = fullyOpen().mofComponents!;
    const { "Technical report": _drop, ...rest } = base;
    expect(classifyMof(rest).class).toBe("I");
    expect(classifyMof({ ...rest, "Research paper": { class: "open", license: "arXiv.org perpetual non-exclusive license 1.0" } }).progress.III).toBe(5 / 6);
  });
  it("optional components do not change the class", () => {
    const base = fullyOpen().mofComponents!;
    const { "Model metadata": _a, "Sample model outputs": _b, "Supporting libraries and tools": _c, ...rest } = base;
    expect(classifyMof(rest).class).toBe("I");
  });
  it("derives MOF components from features when absent", () => {
    const { mofComponents: _m, ...rec } = fullyOpen();
    // only features with a licence yield counting components: final params (III), training + inference
    // code (II), datasets (I); documentation features carry no licence here
    expect(scoreModel(rec).mof.progress).toEqual({ III: 1 / 6, II: 3 / 10, I: 4 / 14 });
    // with a record licence (CC-BY-4.0 on the license feature) the cards, research paper and technical
    // report count too: III = params, model card, data card, tech report (4/6; architecture and
    // evaluation results have no source feature), II = 4 + training + inference code (6/10),
    // I = 6 + datasets + research paper (8/14)
    const withLicense = { ...rec, features: { ...rec.features, license: { class: "open" as const, license: "CC-BY-4.0" } } };
    expect(scoreModel(withLicense).mof.progress).toEqual({ III: 4 / 6, II: 6 / 10, I: 8 / 14 });
  });
});

describe("derivation of MOF components", () => {
  it("partial opencode yields inference code only", async () => {
    const { deriveMofComponents } = await import("../src/index");
    const d = deriveMofComponents({ name: "x", features: { opencode: { class: "partial", license: "MIT" }, paper: { class: "closed" }, preprint: { class: "open", license: "CC-BY-4.0" } } });
    expect(d).toEqual({ "Inference code": { class: "partial", license: "MIT" }, "Research paper": { class: "open", license: "CC-BY-4.0" } });
  });
});

describe("openness index options", () => {
  const rec = fromOpeningUpYaml(fx("llama-3.1.yaml"));
  it("custom weights and class values", () => {
    // package open (1) ×3 + others as before: 4 + 2 = 6, max 14 + 2 = 16
    expect(opennessIndex(rec, { weights: { package: 3 } })).toEqual({ index: 6, pct: 6 / 16, max: 16 });
    // partial valued 0.25: 1 open (package) + 6 partial (opencode, llmweights, code, architecture, modelcard, api) × 0.25 = 2.5
    expect(opennessIndex(rec, { classValues: { partial: 0.25 } }).index).toBe(2.5);
  });
  it("missing features count as unknown = 0", () => {
    expect(opennessIndex({ name: "x", features: { api: { class: "open" } } })).toEqual({ index: 1, pct: 1 / 14, max: 14 });
  });
  it("rejects bad options", () => {
    expect(() => opennessIndex(rec, { weights: { nope: 1 } as never })).toThrow(/E_ARGUMENT/);
    expect(() => opennessIndex(rec, { weights: { api: -1 } })).toThrow(/E_RANGE/);
    expect(() => opennessIndex(rec, { weights: { api: Number.NaN } })).toThrow(/E_RANGE/);
    expect(() => opennessIndex(rec, { classValues: { partial: Number.POSITIVE_INFINITY } })).toThrow(/E_RANGE/);
    const zero = Object.fromEntries(["opencode", "llmdata", "llmweights", "rldata", "rlweights", "license", "code", "architecture", "preprint", "paper", "modelcard", "datasheet", "package", "api"].map((k) => [k, 0]));
    expect(() => opennessIndex(rec, { weights: zero })).toThrow(/E_RANGE/);
    expect(() => scoreModel(rec, { warnBelowPct: 2 })).toThrow(/E_RANGE/);
  });
});

describe("disclosures", () => {
  it("infers parameter count and data description, keeps explicit values", () => {
    const c = scoreModel({ name: "x", features: { architecture: { class: "partial" }, llmdata: { class: "open" } }, disclosures: { carbonEmissions: true, parameterCount: false } });
    expect(c.disclosures).toEqual({ parameterCount: false, trainingDataDescription: true, trainingCompute: false, carbonEmissions: true, evaluation: false });
  });
  it("OSAID data information needs a description even when data is partial", () => {
    const c = scoreModel({ name: "x", features: { llmdata: { class: "partial" } }, disclosures: { trainingDataDescription: false } });
    expect(c.osaid.failing[0]).toMatch(/^data information/);
  });
});

describe("scoreAll on the hand-written release evidence", () => {
  const models = (JSON.parse(fx("releases.json")) as { models: ModelRecord[] }).models;
  const { cards, summary } = scoreAll(models);
  it("sorts by index desc then name; indices match python sums", () => {
    // python3: sum({'open':1,'partial':.5,'closed':0}[e['class']] for e in m['features'].values())
    expect(cards.map((c) => [c.name, c.opennessIndex])).toEqual([
      ["OLMo 2 7B", 12.5],
      ["Pythia 6.9B", 9.5],
      ["Mistral 7B", 7.5],
      ["DeepSeek-R1", 7],
      ["Gemma 2 9B", 6],
      ["Llama 3.1", 4],
      ["GPT-4o", 3],
    ]);
  });
  it("open-weight and open-source diverge", () => {
    const by = Object.fromEntries(cards.map((c) => [c.name, c]));
    expect(cards.filter((c) => c.openWeight).map((c) => c.name).sort()).toEqual(["DeepSeek-R1", "Gemma 2 9B", "Llama 3.1", "Mistral 7B", "OLMo 2 7B", "Pythia 6.9B"]);
    expect(cards.filter((c) => c.osaid.pass).map((c) => c.name).sort()).toEqual(["OLMo 2 7B", "Pythia 6.9B"]);
    expect(by["Llama 3.1"]!.openWashing.flag).toBe(true);
    expect(by["DeepSeek-R1"]!.openWashing.flag).toBe(true);
    expect(by["Mistral 7B"]!.openWashing.flag).toBe(false);
    expect(by["OLMo 2 7B"]!.mof.class).toBe(null);
  });
  it("summary shares per label", () => {
    expect(summary["all.count"]).toBe(7);
    expect(summary["label.open-source.count"]).toBe(4);
    expect(summary["label.open-source.osaidPass"]).toBe(0.5);
    expect(summary["label.open-source.openWashing"]).toBe(0.5);
    expect(summary["label.open-source.openWeight"]).toBe(1);
    // carbon disclosed by OLMo and Llama among the 4 open-source-labelled
    expect(summary["label.open-source.disclosure.carbonEmissions"]).toBe(0.5);
    // numpy.median([12.5, 9.5, 7.5, 7, 6, 4, 3]) = 7.0
    expect(summary["all.medianOpennessIndex"]).toBe(7);
    // numpy.median([12.5, 4, 6]) = 6.0 (2024: OLMo, Llama, Gemma, GPT-4o 3) -> numpy.median([12.5,4,6,3]) = 5.0
    expect(summary["year.2024.medianOpennessIndex"]).toBe(5);
    expect(summary["label.proprietary.count"]).toBe(1);
    expect(summary["label.unspecified.count"]).toBe(0);
    expect(summary["label.unspecified.osaidPass"]).toBeUndefined();
  });
});
