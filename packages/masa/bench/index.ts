// Reproduction for @wc/masa (run: pnpm --filter @wc/masa bench [-- --steps 300]).
// 1. Post hoc on the tiny Llama fixture: validation perplexity after Matrix PCA at S = 1..3 of L = 4
//    layers vs a per-layer truncated SVD of each projection with the same attention parameter budget,
//    vs one dictionary shared by Q, K, V, O with 4S atoms (the same budget), and S = 1 atoms +
//    whitened low-rank residuals (calibrated on training bytes) at the S = 2 budget.
//    `--skip-scratch` stops after this part.
// 2. From scratch on the King James text: the same small decoder with dense attention vs MASA-QKVO
//    (S = L/3), equal steps and tokens; validation perplexity and parameter counts.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Rng, tensor, type Matrix } from "@wc/tensor";
import { AdamW, LRScheduler, clipGradNorm, cosineDecay, crossEntropy, noGrad, reshape, warmup } from "@wc/nn";
import type { StateDict } from "@wc/io";
import { LlamaForCausalLM, evaluateLm, loadLlamaWeights, sampleWindows, splitLinesByIndex, type LlamaConfig } from "@wc/models";
import { dataPath, loadFixture, loadManifest } from "@wc/fixtures";
import { MasaDecoder, calibrateLlama, compressPretrained, llamaAttentionWeights, truncatedSvdAtBudget, type Proj } from "../src/index";

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const PROJ: Proj[] = ["q", "k", "v", "o"];
const t0 = Date.now();
const text = gunzipSync(readFileSync(dataPath("kjv-verses.txt.gz"))).toString("utf8");
const { train, validation } = splitLinesByIndex(text);
const evalBytes = validation.subarray(0, arg("eval-bytes", 129 * 32));

// ---------------------------------------------------------------- 1. post hoc on the tiny Llama
const { fixtures } = await loadManifest();
const cfg = fixtures["tiny-llama"].hyperparameters as unknown as LlamaConfig;
const sd = await loadFixture("tiny-llama");
const { layers, prefix } = llamaAttentionWeights(sd);
const L = layers.length;
const name = (l: number, p: Proj) => `${prefix}layers.${l}.self_attn.${p}_proj.weight`;
const ppl = (weights: StateDict): number => {
  const lm = new LlamaForCausalLM(cfg);
  loadLlamaWeights(lm, weights);
  return evaluateLm(lm, evalBytes, { seqLen: 128, batch: 8 }).perplexity;
};
const replace = (approx: Partial<Record<Proj, Matrix[]>>): StateDict => {
  let out = sd;
  for (const p of PROJ) approx[p]!.forEach((w, l) => (out = out.with(name(l, p), w)));
  return out;
};
const dense = L * 4 * 128 * 128;
const base = ppl(sd);
console.log(`tiny Llama (L=${L}, d=128), ${evalBytes.length - Math.ceil(evalBytes.length / 129)} validation bytes: dense perplexity ${base.toFixed(3)}`);
console.log("method                                  | attn params | kept  | mean layer rel.err | perplexity");
const row = (m: string, params: number, err: number, p: number) =>
  console.log(`${m.padEnd(40)}| ${String(params).padStart(11)} | ${((100 * params) / dense).toFixed(1).padStart(4)}% | ${err.toFixed(4).padStart(18)} | ${p.toFixed(3)}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// calibration Grams for the refinement: inputs of every projection on 8 training windows of 128
const grams = (() => {
  const lm = new LlamaForCausalLM(cfg);
  loadLlamaWeights(lm, sd);
  return calibrateLlama(lm, train, { windows: 8, seqLen: 128, seed: 11, hidden: false }).grams;
})();

const results: Record<string, unknown>[] = [];
for (const S of [1, 2, 3]) {
  const r = compressPretrained(layers, { atomsPerGroup: S });
  const p = ppl(replace(r.approximations));
  row(`MASA Matrix PCA, S=${S}`, r.report.params, mean(r.report.layers.map((x) => x.relError)), p);
  const approx: Partial<Record<Proj, Matrix[]>> = {};
  const errs: number[] = [];
  let params = 0;
  for (const pr of r.report.projections) {
    approx[pr.proj] = layers.map((ly) => {
      const b = truncatedSvdAtBudget(ly[pr.proj], pr.params / L);
      errs.push(b.relError);
      params += b.rank * (pr.out + pr.in);
      return b.approximation;
    });
  }
  const ps = ppl(replace(approx));
  row(`per-layer truncated SVD, S=${S} budget`, params, mean(errs), ps);
  const sh = compressPretrained(layers, { atomsPerGroup: 4 * S, dictionaries: "shared" });
  const pSh = ppl(replace(sh.approximations));
  row(`shared Q/K/V/O dictionary, ${4 * S} atoms`, sh.report.params, mean(sh.report.layers.map((x) => x.relError)), pSh);
  results.push({ S, masa: { params: r.report.params, ppl: p }, svd: { params, ppl: ps }, shared: { params: sh.report.params, ppl: pSh } });
}
{
  // S = 1 atoms + whitened residuals filling the rest of the S = 2 budget
  const budget2 = 4 * (2 * 128 * 128 + L * 2);
  const budget1 = 4 * (128 * 128 + L);
  const r = compressPretrained(layers, { atomsPerGroup: 1, residual: { grams, paramsPerLayer: (budget2 - budget1) / L } });
  row("MASA S=1 + whitened residual (S=2 budget)", r.report.params, mean(r.report.layers.map((x) => x.refinedRelError)), ppl(replace(r.approximations)));
}
console.log(`(post hoc part: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
if (process.argv.includes("--skip-scratch")) process.exit(0);

// ---------------------------------------------------------------- 2. from scratch on the KJV text
const steps = arg("steps", 300);
const batch = 16;
const seqLen = 64;
const arch = { vocabSize: 256, hiddenSize: 64, intermediateSize: 172, numHiddenLayers: 6, numAttentionHeads: 4 };
function evalPpl(lm: MasaDecoder): number {
  let nll = 0;
  let n = 0;
  noGrad(() => {
    for (let s = 0; s + seqLen + 1 <= evalBytes.length; s += seqLen + 1) {
      const x = evalBytes.subarray(s, s + seqLen);
      const y = tensor(Int32Array.from(evalBytes.subarray(s + 1, s + seqLen + 1)), [seqLen]);
      nll += crossEntropy(reshape(lm.logits(x, [1, seqLen]), [seqLen, 256]), y).item() * seqLen;
      n += seqLen;
    }
  });
  return Math.exp(nll / n);
}
for (const [label, opts] of [
  ["dense attention", { shared: [] as Proj[] }],
  ["MASA-QKVO, S = L/3 = 2", { S: 2 }],
] as const) {
  const t1 = Date.now();
  const lm = new MasaDecoder(arch, { ...opts, seed: 0 });
  const opt = new AdamW(lm.parameters(), { lr: 3e-3, betas: [0.9, 0.999], weightDecay: 0.1 });
  const sched = new LRScheduler(opt, warmup({ warmupSteps: Math.round(steps / 10), after: cosineDecay({ totalSteps: steps - Math.round(steps / 10), minFactor: 0.1 }) }));
  const rng = new Rng(1);
  let ema = 0;
  for (let t = 0; t < steps; t++) {
    const { x, y } = sampleWindows(train, batch, seqLen, rng);
    lm.zeroGrad();
    const loss = crossEntropy(reshape(lm.logits(x, [batch, seqLen]), [batch * seqLen, 256]), y);
    loss.backward();
    clipGradNorm(lm.parameters(), 1);
    opt.step();
    sched.step();
    ema = t === 0 ? loss.item() : 0.95 * ema + 0.05 * loss.item();
  }
  const attn = lm.attnWeights.deployedParams();
  console.log(
    `from scratch, ${label.padEnd(24)}: ${steps} steps x ${batch} x ${seqLen} bytes; params ${lm.deployedParams()} (attention ${attn}); train loss EMA ${ema.toFixed(3)}; validation perplexity ${evalPpl(lm).toFixed(3)} (${((Date.now() - t1) / 1000).toFixed(0)} s)`,
  );
}
