import { describe, expect, it } from "vitest";
import { Rng, tensor, type Tensor } from "@wc/tensor";
import { AdamW, Module, Var, crossEntropy, gradCheckModule, noGrad, reshape, type Var as V } from "@wc/nn";
import { MasaAtoms, MasaAttention, MasaDecoder, MasaProjections, initMasa, masaParamCount, reconstruct } from "../src/index";
import { code, llamaAttentionAsAtoms } from "./helpers";


describe("MasaAtoms", () => {
  it("mlp coefficients start with variance exactly 1/S; direct ones near it", () => {
    const a = new MasaAtoms(12, 6, 5, { S: 4, seed: 1 });
    const c = noGrad(() => a.coefficients()).value.data;
    expect(c.length).toBe(48);
    expect(Array.from(c).reduce((s, v) => s + v * v, 0) / 48).toBeCloseTo(1 / 4, 6);
    const d = new MasaAtoms(300, 2, 2, { S: 3, coeffParam: "direct", seed: 2 }).coefficients().value.data;
    expect(Math.abs(Array.from(d).reduce((s, v) => s + v * v, 0) / d.length - 1 / 3)).toBeLessThan(0.05);
    // atoms like nn.Linear: |entry| <= 1/sqrt(in)
    expect(Math.max(...Array.from(a.atoms.value.data, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(5));
  });
  it("weight(l) = Σ_s c_ls D_s = reconstruct(toDictionary(), l); default S = round(L/3)", () => {
    const a = initMasa({ L: 6, out: 3, in: 4 }, new Rng(5));
    expect(a.S).toBe(2);
    const dict = a.toDictionary();
    for (const l of [0, 5]) {
      const w = a.weight(l).value;
      const r = reconstruct(dict, l);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expect(w.get(i, j)).toBeCloseTo(r.get(i, j), 5);
    }
    expect(a.deployedParams()).toBe(masaParamCount({ L: 6, out: 3, in: 4, S: 2 }));
  });
  it("rejects bad sizes", () => {
    expect(code(() => new MasaAtoms(4, 2, 2, { S: 5 }))).toBe("E_RANGE");
    expect(code(() => new MasaAtoms(0, 2, 2))).toBe("E_RANGE");
    expect(code(() => new MasaAtoms(4, 2, 2, { coeffParam: "x" as never }))).toBe("E_ARGUMENT");
    expect(code(() => new MasaAtoms(4, 2, 2).weight(4))).toBe("E_RANGE");
    expect(code(() => new MasaProjections({ hiddenSize: 8, numAttentionHeads: 3 }, 2))).toBe("E_RANGE");
    expect(code(() => new MasaProjections({ hiddenSize: 8, numAttentionHeads: 4, numKeyValueHeads: 3 }, 2))).toBe("E_ARGUMENT");
    const bank = new MasaProjections({ hiddenSize: 8, numAttentionHeads: 2 }, 2);
    expect(code(() => new MasaAttention(bank, 2))).toBe("E_RANGE");
    expect(code(() => new MasaAttention(bank, 0).call(new Var(tensor(new Float32Array(6), [1, 1, 6]))))).toBe("E_SHAPE");
  });
});

class Wrap extends Module {
  readonly bank: MasaProjections;
  readonly attn: MasaAttention;
  constructor() {
    super();
    this.bank = this.registerModule("bank", new MasaProjections({ hiddenSize: 8, numAttentionHeads: 4, numKeyValueHeads: 2 }, 3, { S: 2, dtype: "float64", embDim: 3, hidden: 4, seed: 3 }));
    this.attn = new MasaAttention(this.bank, 1);
  }
  forward(x: V): V {
    return this.attn.call(x);
  }
}

describe("MasaAttention", () => {
  it("gradients reach atoms, coefficient MLP and embeddings (finite differences)", () => {
    const m = new Wrap();
    const rng = new Rng(4);
    const x = tensor(Float64Array.from({ length: 2 * 3 * 8 }, () => rng.standardNormal()), [2, 3, 8]);
    const r = gradCheckModule(m, x);
    expect(r.maxRelError).toBeLessThan(1e-5);
    expect([...r.relErrors.keys()].some((k) => k.includes("coeff_mlp"))).toBe(true);
  });
  it("with the tiny Llama's own weights as atoms (S = L, identity coefficients) it reproduces LlamaAttention", async () => {
    const { cfg, lm, bank } = await llamaAttentionAsAtoms();
    const rng = new Rng(9);
    const x = new Var(tensor(Float32Array.from({ length: 2 * 7 * cfg.hiddenSize }, () => rng.standardNormal()), [2, 7, cfg.hiddenSize]));
    for (const l of [0, 3]) {
      const ours = noGrad(() => new MasaAttention(bank, l).call(x)).value.data;
      const ref = noGrad(() => lm.model.layers.items[l]!.selfAttn.forward(x)).value.data;
      let err = 0;
      let scale = 0;
      for (let i = 0; i < ref.length; i++) {
        err = Math.max(err, Math.abs(ours[i]! - ref[i]!));
        scale = Math.max(scale, Math.abs(ref[i]!));
      }
      expect(err / scale).toBeLessThan(1e-5);
    }
  });
});

describe("MasaDecoder", () => {
  const cfg = { vocabSize: 16, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 3, numAttentionHeads: 2 };
  it("counts parameters: MASA-QKVO at S=1 keeps atoms + L x S coefficients", () => {
    const dense = new MasaDecoder(cfg, { shared: [] });
    const masa = new MasaDecoder(cfg, { S: 1 });
    const attnDense = 3 * 4 * 256;
    expect(dense.deployedParams()).toBe(dense.numParameters());
    expect(dense.deployedParams() - masa.deployedParams()).toBe(attnDense - 4 * masaParamCount({ L: 3, out: 16, in: 16, S: 1 }));
  });
  it("trains: the loss on a repeating sequence falls", () => {
    const lm = new MasaDecoder(cfg, { S: 1, seed: 1, embDim: 8, hidden: 8 });
    const opt = new AdamW(lm.parameters(), { lr: 0.01 });
    const seq = Int32Array.from({ length: 25 }, (_, i) => (i * 5) % 16);
    const x = seq.subarray(0, 24);
    const y: Tensor = tensor(seq.slice(1, 25), [24]);
    const loss = () => crossEntropy(reshape(lm.logits(x, [1, 24]), [24, 16]), y);
    const first = noGrad(loss).item();
    for (let t = 0; t < 30; t++) {
      lm.zeroGrad();
      const l = loss();
      l.backward();
      opt.step();
    }
    expect(noGrad(loss).item()).toBeLessThan(first * 0.5);
  });
});
