import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dataPath, fixturePath, loadFixture } from "@wc/fixtures";
import { LlamaForCausalLM, llamaConfigFromHf, loadLlamaWeights, splitLinesByIndex } from "@wc/models";
import { TensorEntry } from "@wc/io";
import { copy, tensor, type Tensor } from "@wc/tensor";
import {
  StackEvaluator,
  buildConfigs,
  compressLlama,
  llamaActivationScales,
  llamaLinearNames,
  proxyScores,
  randomWindows,
  scoreBlocks,
  selectConfig,
  sortBlocks,
} from "../src/index";

/** Round-to-nearest asymmetric (min/max, zero point) quantisation in groups of `group` inputs per row. */
export function rtnGroup(W: Tensor, bits: number, group = 128): Tensor {
  const [m, n] = W.shape as [number, number];
  const d = copy(W, { dtype: "float32" }).data as Float32Array;
  const out = new Float32Array(d.length);
  const qmax = 2 ** bits - 1;
  for (let i = 0; i < m; i++) {
    for (let g = 0; g < n; g += group) {
      const e = Math.min(n, g + group);
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = g; j < e; j++) {
        lo = Math.min(lo, d[i * n + j]!);
        hi = Math.max(hi, d[i * n + j]!);
      }
      const scale = Math.max(hi - lo, 1e-8) / qmax;
      const zero = Math.round(-lo / scale);
      for (let j = g; j < e; j++) {
        const q = Math.min(qmax, Math.max(0, Math.round(d[i * n + j]! / scale) + zero));
        out[i * n + j] = (q - zero) * scale;
      }
    }
  }
  return tensor(out, [m, n]);
}

/** Perplexity vs memory of BitStack on the tiny Llama fixture, against RTN group-128 at 2/3/4 bits. */
export async function reproduce(opts: { nIter: number; k: number; calib: number; score: number; evalWindows: number; seqLen: number }): Promise<void> {
  const cfg = llamaConfigFromHf(JSON.parse(readFileSync(fixturePath("tiny-llama").replace(/\.safetensors$/, ".config.json"), "utf8")));
  const sd = await loadFixture("tiny-llama");
  const lm = new LlamaForCausalLM(cfg);
  loadLlamaWeights(lm, sd);
  const text = gunzipSync(readFileSync(dataPath("kjv-verses.txt.gz"))).toString("utf8");
  const { train, validation } = splitLinesByIndex(text);
  const { nIter, k, seqLen } = opts;
  console.log(`tiny Llama (${cfg.numHiddenLayers} layers, d ${cfg.hiddenSize}, MLP ${cfg.intermediateSize}); BitStack nIter ${nIter}, k ${k}`);
  console.log(`calibration: ${opts.calib} KJV training windows of ${seqLen} (seed 0); scoring: ${opts.score} training windows (seed 1); evaluation: ${opts.evalWindows} held-out validation windows (seed 2)`);
  let t = performance.now();
  const scales = llamaActivationScales(lm, randomWindows(train, opts.calib, seqLen, 0));
  const c = compressLlama(sd, cfg, { nIter, k, scales });
  console.log(`scales + decomposition: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const scoreEv = new StackEvaluator(cfg, c.layers, c.rest, randomWindows(train, opts.score, seqLen, 1));
  t = performance.now();
  const scores = await scoreBlocks(c.layers, nIter, (counts) => scoreEv.perplexity(counts));
  console.log(`perplexity scoring: ${(nIter - 1) * c.layers.length} evaluations in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const configs = buildConfigs(sortBlocks(scores), c.bytesPerBlock, c.fixedBytes);
  const proxyConfigs = buildConfigs(sortBlocks(proxyScores(c.layers, nIter, c.bytesPerBlock)), c.bytesPerBlock, c.fixedBytes);
  const evalWindows = randomWindows(validation, opts.evalWindows, seqLen, 2);
  const ev = new StackEvaluator(cfg, c.layers, c.rest, evalWindows);
  // The dense reference: original weights, the other tensors rounded to fp16 as in the stack but
  // WITHOUT the folded scales (c.rest holds norms divided by s, which only the scaled linears undo).
  const names = llamaLinearNames(cfg);
  const linearSet = new Set(names.map((n) => `${n}.weight`));
  const origRest = new Map<string, Tensor>();
  for (const n of sd.names()) if (!linearSet.has(n)) origRest.set(n, TensorEntry.fromTensor(copy(sd.tensor(n), { dtype: "float32" }), { dtype: "F16" }).tensor);
  const denseEv = new StackEvaluator(cfg, [], new Map([...origRest, ...names.map((n) => [`${n}.weight`, sd.tensor(`${n}.weight`)] as const)]), evalWindows);
  const fp16 = denseEv.perplexity({});
  console.log(`dense model: fp16 size ${(c.denseBytes / 1024).toFixed(1)} KiB, perplexity ${fp16.toFixed(4)}`);
  console.log("\nBitStack perplexity vs memory (10 budgets, smallest stack to full stack):");
  console.log("  config  memory KiB  % fp16  ppl (ppl order)  ppl (weights-only proxy order)");
  const curve: number[] = [];
  for (let p = 0; p < 10; p++) {
    const i = Math.round((p * (configs.length - 1)) / 9);
    const mem = configs[i]!.memory;
    const ppl = ev.perplexity(configs[i]!.layers);
    const proxy = ev.perplexity(selectConfig(proxyConfigs, mem));
    curve.push(ppl);
    console.log(`  ${String(i).padStart(6)}  ${(mem / 1024).toFixed(1).padStart(10)}  ${((100 * mem) / c.denseBytes).toFixed(1).padStart(6)}  ${ppl.toFixed(4).padStart(15)}  ${proxy.toFixed(4).padStart(12)}`);
  }
  const bumps = curve.slice(1).filter((v, i) => v > curve[i]!).length;
  console.log(`  monotone non-increasing: ${bumps === 0 ? "yes" : `no (${bumps} of 9 steps go up)`}`);
  console.log("\nRTN group-128 (asymmetric, fp16 scale + zero per group) vs BitStack at the same memory:");
  console.log("  bits  memory KiB  % fp16  RTN ppl  BitStack ppl (largest config <= memory)");
  for (const bits of [2, 3, 4]) {
    let mem = c.fixedBytes;
    const qsd = new Map<string, Tensor>(origRest);
    for (const n of names) {
      const W = sd.tensor(`${n}.weight`);
      const [m, cols] = W.shape as [number, number];
      mem += Math.ceil((m * cols * bits) / 8) + m * Math.ceil(cols / 128) * 4;
      qsd.set(`${n}.weight`, rtnGroup(W, bits));
    }
    const rtn = new StackEvaluator(cfg, [], qsd, evalWindows).perplexity({});
    let bs = "no config fits";
    try {
      bs = ev.perplexity(selectConfig(configs, mem)).toFixed(4);
    } catch {
      /* smaller than the smallest stack */
    }
    console.log(`  ${bits}     ${(mem / 1024).toFixed(1).padStart(10)}  ${((100 * mem) / c.denseBytes).toFixed(1).padStart(6)}  ${rtn.toFixed(4).padStart(7)}  ${bs}`);
  }
}
