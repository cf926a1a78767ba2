import { describe, expect, it } from "vitest";
import { classifyLlamaParam, classifySwinParam, groupModules, isHeadParam, patternClassifier, stageOf } from "../src/index";

describe("classifySwinParam", () => {
  it("maps microsoft/timm names", () => {
    expect(classifySwinParam("layers.0.blocks.1.attn.qkv.weight")).toBe("QKV");
    expect(classifySwinParam("layers.3.blocks.0.attn.proj.weight")).toBe("PRJ");
    expect(classifySwinParam("layers.2.blocks.5.mlp.fc1.weight")).toBe("MLP");
    expect(classifySwinParam("layers.2.blocks.5.mlp.fc2.weight")).toBe("MLP");
    expect(classifySwinParam("layers.1.downsample.reduction.weight")).toBe("AUX");
    expect(classifySwinParam("patch_embed.proj.weight")).toBe("AUX");
    expect(classifySwinParam("head.weight")).toBe("AUX");
    expect(classifySwinParam("head.fc.weight")).toBe("AUX");
    expect(classifySwinParam("module.layers.0.blocks.0.attn.qkv.weight")).toBe("QKV");
  });

  it("maps Hugging Face names, attention output before the MLP's output.dense", () => {
    const p = "swin.encoder.layers.1.blocks.0";
    expect(classifySwinParam(`${p}.attention.self.query.weight`)).toBe("QKV");
    expect(classifySwinParam(`${p}.attention.self.key.weight`)).toBe("QKV");
    expect(classifySwinParam(`${p}.attention.self.value.weight`)).toBe("QKV");
    expect(classifySwinParam(`${p}.attention.output.dense.weight`)).toBe("PRJ");
    expect(classifySwinParam(`${p}.intermediate.dense.weight`)).toBe("MLP");
    expect(classifySwinParam(`${p}.output.dense.weight`)).toBe("MLP");
    expect(classifySwinParam("swin.encoder.layers.0.downsample.reduction.weight")).toBe("AUX");
    expect(classifySwinParam("swin.embeddings.patch_embeddings.projection.weight")).toBe("AUX");
    expect(classifySwinParam("classifier.weight")).toBe("AUX");
  });

  it("never prunes biases, norms, position tables and buffers", () => {
    for (const n of [
      "layers.0.blocks.0.attn.qkv.bias",
      "layers.0.blocks.0.norm1.weight",
      "layers.0.blocks.0.attn.relative_position_bias_table",
      "layers.0.blocks.0.attn.relative_position_index",
      "layers.0.blocks.1.attn_mask",
      "absolute_pos_embed",
      "layers.1.downsample.norm.weight",
      "patch_embed.norm.weight",
      "norm.weight",
      "head.fc.bias",
      "swin.encoder.layers.0.blocks.0.layernorm_before.weight",
      "swin.encoder.layers.0.blocks.0.attention.self.relative_position_bias_table",
    ]) {
      expect(classifySwinParam(n), n).toBeNull();
    }
  });

  it("offers a Llama preset, a pattern classifier, the head test and stage labels", () => {
    expect(classifyLlamaParam("model.layers.0.self_attn.k_proj.weight")).toBe("QKV");
    expect(classifyLlamaParam("model.layers.0.self_attn.o_proj.weight")).toBe("PRJ");
    expect(classifyLlamaParam("model.layers.0.mlp.gate_proj.weight")).toBe("MLP");
    expect(classifyLlamaParam("lm_head.weight")).toBe("AUX");
    expect(classifyLlamaParam("model.embed_tokens.weight")).toBeNull();
    const c = patternClassifier([["QKV", /\.qkv\.weight$/g], ["MLP", "fc\\d\\.weight$"]]);
    expect([c("a.qkv.weight"), c("a.qkv.weight"), c("b.fc2.weight"), c("b.fc2.bias")]).toEqual(["QKV", "QKV", "MLP", null]);
    expect(() => patternClassifier([["FFN" as "MLP", /x/]])).toThrow(/E_ARGUMENT/);
    expect(() => patternClassifier([["MLP", "("]])).toThrow(/E_ARGUMENT/);
    expect(isHeadParam("head.fc.weight") && isHeadParam("classifier.weight") && !isHeadParam("layers.0.blocks.0.mlp.fc1.weight")).toBe(true);
    expect([stageOf("layers.2.blocks.0.mlp.fc1.weight"), stageOf("patch_embed.proj.weight"), stageOf("head.fc.weight"), stageOf("x")]).toEqual(["2", "embed", "head", "-"]);
  });

  it("groupModules keeps input order per module and rejects a bad classifier result", () => {
    const t = (name: string) => ({ name, shape: [1], data: new Float32Array(1) });
    const g = groupModules([t("layers.0.blocks.0.mlp.fc1.weight"), t("layers.0.blocks.0.attn.qkv.weight"), t("layers.0.blocks.0.mlp.fc2.weight"), t("norm.weight")]);
    expect([...g.keys()]).toEqual(["QKV", "MLP"]);
    expect(g.get("MLP")!.map((x) => x.name)).toEqual(["layers.0.blocks.0.mlp.fc1.weight", "layers.0.blocks.0.mlp.fc2.weight"]);
    expect(() => groupModules([t("a")], () => "FFN" as "MLP")).toThrow(/E_ARGUMENT/);
  });
});
