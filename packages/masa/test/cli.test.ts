import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "@wc/command";
import { loadSafetensors } from "@wc/io/node";
import { fixturePath } from "@wc/fixtures";
import { fromNested, type Matrix } from "@wc/tensor";
import { command, evenGroups, parseAtoms } from "../src/cli";
import { truncatedSvdAtBudget } from "../src/index";
import ref from "./fixtures/reference.json";
import { codeOf } from "./helpers";

const lm = fixturePath("tiny-llama");
const dir = mkdtempSync(join(tmpdir(), "masa-cli-"));
type Json = {
  rate: number;
  params: number;
  projections: { proj: string; atoms: number[]; params: number; relError: number }[];
  layers: { layer: number; proj: string; relError: number; svdRelError: number }[];
  svdRank: Record<string, number>;
};

describe("wcraft masa on the tiny Llama fixture (4 layers, 128 x 128 projections)", () => {
  it("S = 2: counts, errors consistent with the written dense model, factors orthonormal", async () => {
    const out = join(dir, "dense.safetensors");
    const factors = join(dir, "factors.safetensors");
    const r = await runCommand(command, [lm], { atoms: "2", factors }, { out });
    const json = r.json as Json;
    // 4 types x (2 atoms x 128 x 128 + 4 layers x 2 coefficients); dense 4 x 4 x 128 x 128
    expect(json.params).toBe(4 * (2 * 16384 + 8));
    expect(json.rate).toBeCloseTo(1 - (4 * (2 * 16384 + 8)) / (16 * 16384), 12);
    // SVD baseline rank: floor((2*16384 + 8) / 4 / 256) = 32
    expect(json.svdRank.q).toBe(32);
    expect(r.files).toEqual([out, factors]);
    const orig = await loadSafetensors(lm);
    const dense = await loadSafetensors(out);
    expect(dense.names()).toEqual(orig.names());
    for (const { layer, proj, relError } of json.layers.filter((l) => l.layer === 1 || l.layer === 3)) {
      const n = `model.layers.${layer}.self_attn.${proj}_proj.weight`;
      const w = orig.tensor(n).data;
      const h = dense.tensor(n).data;
      let e = 0;
      let t = 0;
      for (let i = 0; i < w.length; i++) {
        e += (w[i]! - h[i]!) ** 2;
        t += w[i]! ** 2;
      }
      expect(Math.abs(Math.sqrt(e / t) - relError)).toBeLessThan(1e-5);
    }
    expect(orig.tensor("model.norm.weight").data).toEqual(dense.tensor("model.norm.weight").data);
    const f = await loadSafetensors(factors);
    expect(f.has("model.layers.0.self_attn.q_proj.weight")).toBe(false);
    expect(f.has("model.layers.0.mlp.up_proj.weight")).toBe(true);
    const atoms = f.tensor("masa.k_proj.group0.atoms");
    expect(atoms.shape).toEqual([2, 128, 128]);
    expect(f.tensor("masa.k_proj.group0.coeffs").shape).toEqual([4, 2]);
    const a = atoms.data;
    let d00 = 0;
    let d01 = 0;
    for (let i = 0; i < 16384; i++) {
      d00 += a[i]! * a[i]!;
      d01 += a[i]! * a[16384 + i]!;
    }
    expect(d00).toBeCloseTo(1, 5);
    expect(Math.abs(d01)).toBeLessThan(1e-5);
    expect(JSON.parse(f.metadata["wc.masa"]!).groups).toEqual([[0, 1, 2, 3]]);
    expect(r.sections.map((s) => s.kind)).toEqual(["table", "table", "bar"]);
  });
  it("S = L reproduces the checkpoint; two groups of 2 with S = 1 each; MASA-QKV leaves O dense", async () => {
    const full = (await runCommand(command, [lm], { atoms: "4" })).json as Json;
    for (const l of full.layers) expect(l.relError).toBeLessThan(1e-6);
    const grouped = (await runCommand(command, [lm], { atoms: "1/2", groups: 2, projections: "qkv" })).json as Json;
    expect(grouped.projections.map((p) => p.proj)).toEqual(["q", "k", "v"]);
    expect(grouped.projections[0]!.atoms).toEqual([1, 1]);
    expect(grouped.params).toBe(3 * 2 * (16384 + 2));
  });
  it("rejects bad options and files with WcError codes", async () => {
    expect(await codeOf(runCommand(command, [lm], { atoms: "0" }))).toBe("E_ARGUMENT");
    expect(await codeOf(runCommand(command, [lm], { atoms: "1.5" }))).toBe("E_ARGUMENT");
    expect(await codeOf(runCommand(command, [lm], { atoms: "5" }))).toBe("E_RANGE");
    expect(await codeOf(runCommand(command, [lm], { groups: 5 }))).toBe("E_RANGE");
    expect(await codeOf(runCommand(command, [lm], { projections: "qx" }))).toBe("E_ARGUMENT");
    expect(await codeOf(runCommand(command, [join(dir, "model.onnx")], {}))).toBe("E_FORMAT");
    expect(await codeOf(runCommand(command, [fixturePath("digits-mlp")], {}))).toBe("E_FORMAT");
    expect(await codeOf(runCommand(command, [lm], {}, { out: join(dir, "x.bin") }))).toBe("E_ARGUMENT");
  });
  it("parses --atoms and splits groups evenly", () => {
    expect(parseAtoms("1/3").rule(12)).toBe(4);
    expect(parseAtoms("0.5").rule(3)).toBe(2);
    expect(parseAtoms("3").rule(12)).toBe(3);
    expect(evenGroups(5, 2)).toEqual([[0, 1, 2], [3, 4]]);
  });
  it("demo sweeps S on the LM and skips without one", async () => {
    const ctx = { args: [], options: {}, seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } };
    expect(await command.demo!(ctx, {})).toBeUndefined();
    const r = await command.demo!(ctx, { lm });
    const sweep = (r!.json as { sweep: { S: number; meanRelError: number }[] }).sweep;
    expect(sweep.map((s) => s.S)).toEqual([1, 2, 3]);
    // more atoms, less error
    expect(sweep[0]!.meanRelError).toBeGreaterThan(sweep[2]!.meanRelError);
    expect(r!.sections.at(-1)!.kind).toBe("line");
  });
});

describe("truncatedSvdAtBudget", () => {
  it("uses rank floor(budget / (out + in)) and the Eckart-Young error", () => {
    const w = fromNested(ref.residual, { dtype: "float64" }) as Matrix;
    const r = truncatedSvdAtBudget(w, 35); // floor(35 / 16) = 2
    expect(r.rank).toBe(2);
    // sigma = np.linalg.svd(dW, compute_uv=False); sqrt(sum(sigma[2:]**2) / sum(sigma**2))
    const s = ref.residualSingularValues;
    const expected = Math.sqrt(s.slice(2).reduce((a, x) => a + x * x, 0) / s.reduce((a, x) => a + x * x, 0));
    expect(r.relError).toBeCloseTo(expected, 12);
    expect(truncatedSvdAtBudget(w, 10).rank).toBe(0);
    expect(truncatedSvdAtBudget(w, 10).relError).toBe(1);
    expect(() => truncatedSvdAtBudget(w, -1)).toThrow(/paramBudget/);
  });
});
