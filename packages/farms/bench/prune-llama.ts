/**
 * AlphaPruning on the tiny Llama fixture: magnitude pruning at 50% global sparsity with uniform
 * per-layer ratios vs AlphaPruning ratios from full-ESD alphas and from FARMS alphas ('peak' fit,
 * the AlphaPruning/FARMS LLM default; blocks of 7 linears, epsilon 0.2); validation perplexity of each.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { loadSafetensors } from "@wc/io/node";
import { LlamaForCausalLM, evaluateLm, loadLlamaWeights, splitLinesByIndex, type LlamaConfig } from "@wc/models";
import { alphaPruningRatios, esd, farmsEsd, fitPowerLaw, magnitudePrune } from "../src/index";

const PRUNABLE = /^model\.layers\.\d+\.(self_attn\.(q|k|v|o)_proj|mlp\.(gate|up|down)_proj)\.weight$/;

export async function pruneLlama(fixtures: string, windows: number): Promise<void> {
  const manifest = JSON.parse(readFileSync(`${fixtures}/manifest.json`, "utf8")) as {
    fixtures: { "tiny-llama": { hyperparameters: LlamaConfig; training: { steps: number }; metrics: { validationPerplexity: number } } };
  };
  const fx = manifest.fixtures["tiny-llama"];
  const sd = await loadSafetensors(`${fixtures}/models/tiny-llama.safetensors`);
  const text = gunzipSync(readFileSync(`${fixtures}/data/kjv-verses.txt.gz`)).toString("utf8");
  const { validation } = splitLinesByIndex(text, { every: 20 });
  const ids = validation.subarray(0, windows * 129);
  const names = sd.names().filter((n) => PRUNABLE.test(n));
  const numParams = names.map((n) => sd.get(n)!.size);
  const fit = { xmin: "peak" } as const;
  const alphaFull = names.map((n) => fitPowerLaw(esd(sd.tensor(n)), fit).alpha);
  const alphaFarms = names.map((n) => fitPowerLaw(farmsEsd(sd.tensor(n), { windowRows: 64, opsPerDim: 10 }).eigs, fit).alpha);
  const target = 0.5;
  const plans: [string, number[]][] = [
    ["dense", names.map(() => 0)],
    ["uniform 50%", names.map(() => target)],
    ["AlphaPruning, full ESD", alphaPruningRatios(alphaFull, numParams, target, { layersPerBlock: 7, epsilon: 0.2 })],
    ["AlphaPruning, FARMS 64x64", alphaPruningRatios(alphaFarms, numParams, target, { layersPerBlock: 7, epsilon: 0.2 })],
  ];
  console.log(`\n== AlphaPruning on the tiny Llama fixture (${fx.training.steps} training steps, recorded validation ppl ${fx.metrics.validationPerplexity.toFixed(2)}): magnitude pruning, 50% of the 28 block linears ==`);
  console.log(`validation slice: ${ids.length} bytes (${windows} windows of 129); fit 'peak', layersPerBlock 7, epsilon 0.2`);
  for (const [label, ratios] of plans) {
    const pruned = new Map<string, import("@wc/tensor").Tensor>();
    for (const [n, e] of sd) pruned.set(n, e.tensor);
    let zeros = 0;
    names.forEach((n, k) => {
      const W = magnitudePrune(sd.tensor(n), ratios[k]!);
      pruned.set(n, W);
      for (let p = 0; p < W.size; p++) if (W.data[p] === 0) zeros++;
    });
    const lm = new LlamaForCausalLM(fx.hyperparameters);
    loadLlamaWeights(lm, pruned);
    const t = performance.now();
    const r = evaluateLm(lm, ids, { seqLen: 128, batch: 8 });
    const total = numParams.reduce((a, b) => a + b, 0);
    const blockRatios = [0, 1, 2, 3].map((b) => (ratios.slice(7 * b, 7 * b + 7).reduce((s, x, j) => s + x * numParams[7 * b + j]!, 0) / numParams.slice(7 * b, 7 * b + 7).reduce((a, c) => a + c, 0)).toFixed(3));
    console.log(`${label.padEnd(28)} sparsity ${(zeros / total).toFixed(3)}  per-block [${blockRatios.join(", ")}]  ppl ${r.perplexity.toFixed(3)}  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const mean = (v: number[], b: number): string => (v.slice(7 * b, 7 * b + 7).reduce((s, x) => s + x, 0) / 7).toFixed(2);
  console.log(`block-mean alpha, full ESD: [${[0, 1, 2, 3].map((b) => mean(alphaFull, b)).join(", ")}]; FARMS: [${[0, 1, 2, 3].map((b) => mean(alphaFarms, b)).join(", ")}]`);
}
