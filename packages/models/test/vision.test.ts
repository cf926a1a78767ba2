import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSafetensors } from "@wc/io/node";
import { isWcError, tensor } from "@wc/tensor";
import { Var, crossEntropy, noGrad } from "@wc/nn";
import { ResNet, SwinTransformer, VisionTransformer, relativePositionIndex, resizeBilinear } from "../src/index";

const img = (n: number, side: number) => new Var(tensor(Float32Array.from({ length: n * side * side }, (_, i) => Math.sin(0.37 * i)), [n, 1, side, side]));

describe("ResNet (CIFAR-style, BatchNorm)", () => {
  it("has torchvision names and ResNet-8 parameter count", () => {
    const net = new ResNet();
    const names = [...net.stateDict().keys()];
    expect(names.slice(0, 6)).toEqual(["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "layer1.0.conv1.weight"]);
    expect(names).toContain("layer2.0.downsample.0.weight");
    expect(names).toContain("layer3.0.downsample.1.running_var");
    expect(names.slice(-2)).toEqual(["fc.weight", "fc.bias"]);
    // stem 9*16 + bn 32; layer1: 2 convs 9*16*16 + 2 bn; layer2: 9*16*32 + 9*32*32 + 2 bn + 1x1 16*32 + bn; layer3 likewise; fc 64*10+10
    const expected = 144 + 32 + (2 * 2304 + 64) + (4608 + 9216 + 128 + 512 + 64) + (18432 + 36864 + 256 + 2048 + 128) + 650;
    expect(net.numParameters()).toBe(expected);
  });
  it("maps images and flat rows to the same logits; eval mode is per-sample", () => {
    const net = new ResNet({ seed: 1 }).eval();
    noGrad(() => {
      const a = net.call(img(3, 8));
      const b = net.call(new Var(tensor(img(3, 8).data, [3, 64])));
      expect(a.shape).toEqual([3, 10]);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      const one = net.call(new Var(tensor(img(3, 8).data.slice(64, 128), [1, 64])));
      for (let j = 0; j < 10; j++) expect(one.data[j]).toBeCloseTo(a.data[10 + j]!, 5);
    });
  });
});

describe("ViT and Swin (timm names)", () => {
  it("ViT has timm VisionTransformer names and trains", () => {
    const vit = new VisionTransformer({ imageSize: 8, patchSize: 4, embedDim: 16, depth: 2, heads: 2 });
    const names = [...vit.stateDict().keys()];
    // PyTorch lists a module's own parameters before its children's, as timm's state_dict does
    expect(names.slice(0, 4)).toEqual(["cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias"]);
    expect(names).toContain("blocks.1.attn.qkv.weight");
    expect(vit.stateDict().get("pos_embed")!.shape).toEqual([1, 5, 16]);
    expect(vit.stateDict().get("blocks.0.attn.qkv.weight")!.shape).toEqual([48, 16]);
    const loss = crossEntropy(vit.call(img(2, 8)), [3, 7]);
    loss.backward();
    expect(vit.parameters().every((p) => p.grad !== null)).toBe(true);
  });

  it("Swin has timm names, patch merging and relative position tables", () => {
    const swin = new SwinTransformer();
    const sd = swin.stateDict();
    const names = [...sd.keys()];
    expect(names.slice(0, 4)).toEqual(["patch_embed.proj.weight", "patch_embed.proj.bias", "patch_embed.norm.weight", "patch_embed.norm.bias"]);
    expect(sd.get("layers.0.blocks.1.attn.relative_position_bias_table")!.shape).toEqual([49, 2]);
    expect(sd.get("layers.1.downsample.reduction.weight")!.shape).toEqual([64, 128]);
    expect(sd.get("layers.1.downsample.norm.weight")!.shape).toEqual([128]);
    expect(sd.get("layers.1.blocks.0.attn.qkv.weight")!.shape).toEqual([192, 64]);
    expect(names.slice(-2)).toEqual(["head.fc.weight", "head.fc.bias"]);
  });

  it("relative_position_index matches timm's for a 2x2 window", () => {
    // timm: coords = stack(meshgrid(arange(2), arange(2))).flatten(1); rel = coords[:, :, None] - coords[:, None, :];
    //       rel += 1; rel[0] *= 3; index = rel.sum(0)
    expect(Array.from(relativePositionIndex(2))).toEqual([4, 3, 1, 0, 5, 4, 2, 1, 7, 6, 4, 3, 8, 7, 5, 4]);
  });

  it("Swin forward is batch-consistent and gradients reach every parameter", () => {
    const swin = new SwinTransformer({ seed: 2 });
    const x = img(2, 16);
    const out = swin.call(x);
    expect(out.shape).toEqual([2, 10]);
    crossEntropy(out, [1, 2]).backward();
    for (const [n, p] of swin.namedParameters()) expect(p.grad?.data.some((g) => g !== 0), n).toBe(true);
    noGrad(() => {
      const second = swin.call(new Var(tensor(x.data.slice(256), [1, 1, 16, 16])));
      for (let j = 0; j < 10; j++) expect(second.data[j]).toBeCloseTo(out.data[10 + j]!, 5);
    });
  });

  it("rejects bad shapes with stable codes", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWcError(e) ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => new SwinTransformer({ imageSize: 12, window: 4 }))).toBe("E_SHAPE");
    expect(code(() => new SwinTransformer({ depths: [2], heads: [2, 4] }))).toBe("E_ARGUMENT");
    expect(code(() => new ResNet().call(img(1, 16)))).toBe("E_SHAPE");
    expect(code(() => new VisionTransformer({ imageSize: 10, patchSize: 4 }))).toBe("E_SHAPE");
  });
});

describe("Swin vs the NumPy transcription of timm (shifted windows, mask, merging, relative bias)", () => {
  it("logits match within 1e-5 relative (float32)", async () => {
    const fx = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
    // Produced by `python3 test/fixtures/swin-reference.py`.
    const ref = JSON.parse(readFileSync(fx("swin-reference.json"), "utf8")) as { options: Record<string, never>; logits: number[][] };
    const swin = new SwinTransformer({ ...ref.options, seed: 9 });
    const sd = await loadSafetensors(fx("swin-ref.safetensors"));
    swin.loadStateDict(new Map(sd.names().map((k) => [k, sd.tensor(k)] as const)));
    const out = noGrad(() => swin.eval().call(img(2, 8)));
    let worst = 0;
    ref.logits.forEach((row, b) => {
      const scale = Math.max(...row.map(Math.abs));
      row.forEach((v, j) => (worst = Math.max(worst, Math.abs(out.data[b * 5 + j]! - v) / scale)));
    });
    expect(worst).toBeLessThan(1e-5); // measured 1.3e-7
  });
});

describe("resizeBilinear", () => {
  it("matches torch.nn.functional.interpolate(bilinear, align_corners=False) on a 2x2 -> 4x4 case", () => {
    // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), size=4, mode="bilinear", align_corners=False)
    const out = resizeBilinear(tensor(Float32Array.of(1, 2, 3, 4), [1, 4]), 2, 4);
    expect(Array.from(out.data)).toEqual([1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
  });
});
