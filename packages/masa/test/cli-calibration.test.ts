import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCommand } from "@wc/command";
import { loadSafetensors } from "@wc/io/node";
import { dataPath, fixturePath, loadFixture, loadManifest } from "@wc/fixtures";
import { LlamaForCausalLM, loadLlamaWeights, sampleWindows, type LlamaConfig } from "@wc/models";
import { Var, noGrad } from "@wc/nn";
import { Rng, tensor } from "@wc/tensor";
import { command } from "../src/cli";
import { codeOf } from "./helpers";

const lm = fixturePath("tiny-llama");
const calib = dataPath("kjv-verses.txt.gz");
const dir = mkdtempSync(join(tmpdir(), "masa-cli-cal-"));
type Json = {
  groups: number[][];
  params: number;
  rate: number;
  atoms: string;
  calibration?: { tokens: number; drift: number[] };
  projections: { proj: string; atoms: number[] }[];
  layers: { layer: number; proj: string; relError: number; refinedRelError: number; residualRank: number }[];
};
const small = { calib, "calib-windows": 2, "calib-len": 32 };

/** Logit-lens drifts computed without the package: the blocks run one by one, mean, norm, head, softmax, KL in Float64. */
async function referenceDrift(seed: number): Promise<number[]> {
  const { fixtures } = await loadManifest();
  const m = new LlamaForCausalLM(fixtures["tiny-llama"].hyperparameters as unknown as LlamaConfig);
  loadLlamaWeights(m, await loadFixture("tiny-llama"));
  const bytes = new Uint8Array(gunzipSync(readFileSync(calib)));
  const rng = new Rng(seed);
  const L = 4;
  const d = 128;
  const sums = Array.from({ length: L }, () => new Float64Array(d));
  for (let w = 0; w < 2; w++) {
    const { x } = sampleWindows(bytes, 1, 32, rng);
    noGrad(() => {
      let h = m.model.embedTokens.lookup(tensor(x, [1, 32]));
      m.model.layers.items.forEach((layer, l) => {
        h = layer.call(h);
        const v = h.value.data;
        for (let i = 0; i < v.length; i++) sums[l]![i % d] += v[i]!;
      });
    });
  }
  const head = m.lmHead!.weight.value;
  const probs = sums.map((s) => {
    const mean = Float32Array.from(s, (v) => v / 64);
    const n = noGrad(() => m.model.norm.call(new Var(tensor(mean, [1, d])))).value.data;
    const logits = Array.from({ length: 256 }, (_, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += head.get(i, j) * n[j]!;
      return z;
    });
    const mx = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - mx));
    const tot = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / tot);
  });
  return probs.slice(0, -1).map((p, l) => p.reduce((a, pi, i) => a + pi * Math.log(Math.max(pi, 1e-12) / Math.max(probs[l + 1]![i]!, 1e-12)), 0));
}

describe("wcraft masa with calibration on the tiny Llama fixture", () => {
  it("--grouping drift cuts at the largest logit-lens drifts, computed as an independent forward does", async () => {
    const r = (await runCommand(command, [lm], { ...small, grouping: "drift", groups: 2, atoms: "1" }, { seed: 3 })).json as Json;
    const drift = r.calibration!.drift;
    expect(r.calibration!.tokens).toBe(64);
    const ref = await referenceDrift(3);
    drift.forEach((v, l) => expect(Math.abs(v - ref[l]!) / ref[l]!).toBeLessThan(1e-3));
    const cut = drift.indexOf(Math.max(...drift)) + 1;
    expect(r.groups).toEqual([Array.from({ length: cut }, (_, i) => i), Array.from({ length: 4 - cut }, (_, i) => cut + i)]);
    // the seed picks the windows
    const again = (await runCommand(command, [lm], { ...small, grouping: "drift", groups: 2, atoms: "1" }, { seed: 3 })).json as Json;
    expect(again.calibration!.drift).toEqual(drift);
    const other = (await runCommand(command, [lm], { ...small, grouping: "drift", groups: 2, atoms: "1" }, { seed: 4 })).json as Json;
    expect(other.calibration!.drift).not.toEqual(drift);
  });

  it("--residual-params adds whitened corrections: ranks, counts, lower errors, dense and factors files agree", async () => {
    const out = join(dir, "refined.safetensors");
    const factors = join(dir, "refined-factors.safetensors");
    const r = await runCommand(command, [lm], { ...small, atoms: "1", "residual-params": 2048, factors }, { out });
    const json = r.json as Json;
    // 2048 per layer split 128:128:128:128 -> 512 per type -> rank floor(512 / 256) = 2
    expect(new Set(json.layers.map((l) => l.residualRank))).toEqual(new Set([2]));
    // 4 types x (16384 + 4 coefficients) + 4 layers x 4 types x 2 x 256
    expect(json.params).toBe(4 * (16384 + 4) + 4 * 4 * 2 * 256);
    for (const l of json.layers) expect(l.refinedRelError).toBeLessThan(l.relError);
    const orig = await loadSafetensors(lm);
    const dense = await loadSafetensors(out);
    for (const { layer, proj, refinedRelError } of json.layers.filter((l) => l.layer === 2)) {
      const n = `model.layers.${layer}.self_attn.${proj}_proj.weight`;
      const w = orig.tensor(n).data;
      const h = dense.tensor(n).data;
      let e = 0;
      let t = 0;
      for (let i = 0; i < w.length; i++) {
        e += (w[i]! - h[i]!) ** 2;
        t += w[i]! ** 2;
      }
      expect(Math.abs(Math.sqrt(e / t) - refinedRelError)).toBeLessThan(1e-5);
    }
    const f = await loadSafetensors(factors);
    expect(f.tensor("masa.o_proj.layer3.residual_A").shape).toEqual([128, 2]);
    expect(f.tensor("masa.o_proj.layer3.residual_B").shape).toEqual([2, 128]);
    expect(JSON.parse(f.metadata["wc.masa"]!).residualRanks).toEqual({ q: 2, k: 2, v: 2, o: 2 });
    expect(r.sections[1]!.kind === "table" && r.sections[1]!.columns.includes("q MASA + residual")).toBe(true);
  });

  it("--target-rate picks the atoms (spec §3.6) after the residual budget", async () => {
    // dense 4 x 4 x 16384 = 262,144; an atom costs 4 x (16384 + 4) = 65,552
    const a = (await runCommand(command, [lm], { "target-rate": 0.5 })).json as Json;
    // S = 2 keeps 131,104 > 131,072: just misses 50%
    expect(a.projections[0]!.atoms).toEqual([1]);
    expect(a.params).toBe(65_552);
    const b = (await runCommand(command, [lm], { "target-rate": 0.49 })).json as Json;
    expect(b.projections[0]!.atoms).toEqual([2]);
    // with 2048 residual parameters per layer (8,192 in all): 0.55 x 262,144 = 144,179 >= 131,104 + 8,192
    const c = (await runCommand(command, [lm], { ...small, "target-rate": 0.45, "residual-params": 2048 })).json as Json;
    expect(c.projections[0]!.atoms).toEqual([2]);
    expect(c.params).toBe(139_296);
    expect(c.rate).toBeCloseTo(1 - 139_296 / 262_144, 12);
    expect(await codeOf(runCommand(command, [lm], { "target-rate": 0.8 }))).toBe("E_RANGE");
    expect(await codeOf(runCommand(command, [lm], { "target-rate": 0.5, atoms: "2" }))).toBe("E_ARGUMENT");
  });

  it("--dictionaries shared writes one dictionary for all four types", async () => {
    const factors = join(dir, "shared-factors.safetensors");
    const r = (await runCommand(command, [lm], { dictionaries: "shared", atoms: "4", factors })).json as Json;
    // 4 atoms of 128 x 128 + 16 matrices x 4 coefficients
    expect(r.params).toBe(4 * 16384 + 16 * 4);
    const f = await loadSafetensors(factors);
    expect(f.tensor("masa.shared.group0.atoms").shape).toEqual([4, 128, 128]);
    expect(f.has("masa.q_proj.group0.atoms")).toBe(false);
    expect(f.tensor("masa.v_proj.group0.coeffs").shape).toEqual([4, 4]);
    // --atoms 1/3 of P x L = 16 matrices -> round(16/3) = 5 atoms
    expect(((await runCommand(command, [lm], { dictionaries: "shared" })).json as Json).projections[0]!.atoms).toEqual([5]);
  });

  it("calibration needs text, a readable file and a config", async () => {
    expect(await codeOf(runCommand(command, [lm], { grouping: "drift", groups: 2 }))).toBe("E_ARGUMENT");
    expect(await codeOf(runCommand(command, [lm], { "residual-params": 100 }))).toBe("E_ARGUMENT");
    expect(await codeOf(runCommand(command, [lm], { "residual-params": 100, calib: join(dir, "missing.txt") }))).toBe("E_IO");
    expect(await codeOf(runCommand(command, [lm], { ...small, "residual-params": 100, config: join(dir, "none.json") }))).toBe("E_IO");
    expect(await codeOf(runCommand(command, [lm], { grouping: "sideways" }))).toBe("E_ARGUMENT");
  });
});
