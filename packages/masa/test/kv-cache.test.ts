import { describe, expect, it } from "vitest";
import { Rng, tensor } from "@wc/tensor";
import { Var, noGrad } from "@wc/nn";
import { KVCache } from "@wc/models";
import { MasaAttention, MasaDecoder, MasaKVCache } from "../src/index";
import { code, llamaAttentionAsAtoms } from "./helpers";

/** max |a - b| / max |b| */
const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return e / s;
};
// GQA (4 query heads over 2 KV heads), MASA-QKVO with S = 2 of 3 layers (mlp coefficients)
const cfg = { vocabSize: 20, hiddenSize: 32, intermediateSize: 40, numHiddenLayers: 3, numAttentionHeads: 4, numKeyValueHeads: 2 };

describe("MasaDecoder KV cache (incremental decoding)", () => {
  it("prefill + chunks + single steps give the full forward's logits (B = 2)", () => {
    const lm = new MasaDecoder(cfg, { S: 2, seed: 3 });
    const B = 2;
    const T = 9;
    const rng = new Rng(5);
    const ids = Int32Array.from({ length: B * T }, () => Math.floor(rng.uniform(0, 20)));
    const full = noGrad(() => lm.logits(ids, [B, T])).value.data; // [2, 9, 20]
    const cache = lm.newCache();
    const pieces: Float32Array[][] = [[], []];
    let at = 0;
    for (const n of [4, 1, 3, 1]) {
      const chunk = Int32Array.from({ length: B * n }, (_, i) => ids[Math.floor(i / n) * T + at + (i % n)]!);
      const out = noGrad(() => lm.logits(chunk, [B, n], { cache })).value.data as Float32Array;
      for (let b = 0; b < B; b++) pieces[b]!.push(out.slice(b * n * 20, (b + 1) * n * 20));
      at += n;
      expect(cache.length).toBe(at);
    }
    const cached = new Float32Array(B * T * 20);
    for (let b = 0; b < B; b++) {
      let o = b * T * 20;
      for (const p of pieces[b]!) {
        cached.set(p, o);
        o += p.length;
      }
    }
    expect(relDiff(cached, full)).toBeLessThan(1e-5);
  });

  it("greedy generation with the cache equals argmax of uncached forwards over the growing sequence", () => {
    const lm = new MasaDecoder({ ...cfg, numKeyValueHeads: 4 }, { S: 1, coeffParam: "direct", seed: 8 });
    const seq = [3, 14, 1];
    const cache = lm.newCache();
    let next = noGrad(() => lm.logits(seq, [1, seq.length], { cache, lastOnly: true })).value;
    expect(next.shape).toEqual([1, 1, 20]);
    for (let step = 0; step < 6; step++) {
      const d = next.data;
      // the same step without a cache: the whole sequence again, last position
      const ref = noGrad(() => lm.logits(seq, [1, seq.length])).value.data.slice((seq.length - 1) * 20);
      expect(relDiff(d, ref)).toBeLessThan(1e-5);
      const tok = d.indexOf(Math.max(...d));
      expect(tok).toBe(ref.indexOf(Math.max(...ref)));
      seq.push(tok);
      next = noGrad(() => lm.logits([tok], [1, 1], { cache })).value;
    }
    expect(cache.length).toBe(seq.length); // the last generated token was fed too
  });

  it("rejects a cache of another size, a changed batch and bad layer counts", () => {
    const lm = new MasaDecoder(cfg, { S: 1, seed: 1 });
    expect(code(() => lm.logits([1, 2], [1, 2], { cache: new MasaKVCache(2) }))).toBe("E_SHAPE");
    const cache = lm.newCache();
    noGrad(() => lm.logits([1, 2, 3, 4], [2, 2], { cache }));
    expect(code(() => noGrad(() => lm.logits([5], [1, 1], { cache })))).toBe("E_SHAPE");
    expect(code(() => new MasaKVCache(0))).toBe("E_RANGE");
    expect(code(() => cache.lengthOf(3))).toBe("E_RANGE");
  });
});

describe("MasaAttention.forwardCached", () => {
  it("with the tiny Llama's weights as atoms it matches @wc/models LlamaAttention with its KVCache step by step", async () => {
    const { cfg: lcfg, lm, bank, L } = await llamaAttentionAsAtoms();
    const d = lcfg.hiddenSize;
    const rng = new Rng(2);
    const x = (T: number) => new Var(tensor(Float32Array.from({ length: T * d }, () => rng.standardNormal()), [1, T, d]));
    const layer = 2;
    const ours = new MasaAttention(bank, layer);
    const theirs = lm.model.layers.items[layer]!.selfAttn;
    const mine = new MasaKVCache(L);
    const ref = new KVCache(L);
    for (const T of [5, 1, 2]) {
      const xi = x(T);
      const a = noGrad(() => ours.forwardCached(xi, mine)).value.data;
      const b = noGrad(() => theirs.forwardCached(xi, ref)).value.data;
      expect(relDiff(a, b)).toBeLessThan(1e-5);
    }
    expect(mine.lengthOf(layer)).toBe(8);
    expect(mine.lengthOf(0)).toBe(0);
  });
});
