// Trains the tiny Llama-style byte LM fixture on the King James text (@wc/fixtures/models/tiny-llama.safetensors).
// Run from packages/models: tsx scripts/train-tiny-llama.ts [--steps 300] [--seed 0]
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Rng } from "@wc/tensor";
import { StateDict } from "@wc/io";
import { saveSafetensors } from "@wc/io/node";
import { AdamW, LRScheduler, clipGradNorm, cosineDecay, crossEntropy, warmup } from "@wc/nn";
import { LlamaForCausalLM, evaluateLm, generate, llamaConfigToHf, sampleWindows, splitLinesByIndex, type LlamaConfig } from "../src/index";
import { FIXTURES, MODELS_DIR, arg, recordFixture } from "./manifest";
import { writeFileSync } from "node:fs";

const steps = arg("steps", 300);
const seed = arg("seed", 0);
const batch = 16;
const seqLen = 128;
const lr = 3e-3;
const config: LlamaConfig = {
  vocabSize: 256,
  hiddenSize: 128,
  intermediateSize: 344,
  numHiddenLayers: 4,
  numAttentionHeads: 4,
  numKeyValueHeads: 4,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  maxPositionEmbeddings: 512,
  tieWordEmbeddings: false,
};

const text = gunzipSync(readFileSync(`${FIXTURES}data/kjv-verses.txt.gz`)).toString("utf8");
const { train, validation } = splitLinesByIndex(text, { every: 20 });
console.log(`train ${train.length} bytes, validation ${validation.length} bytes`);
const lm = new LlamaForCausalLM(config, { seed });
const decay = lm.parameters().filter((p) => p.shape.length === 2);
const noDecay = lm.parameters().filter((p) => p.shape.length !== 2);
const opt = new AdamW([{ params: decay, weightDecay: 0.1 }, { params: noDecay, weightDecay: 0 }], { lr, betas: [0.9, 0.95] });
const sched = new LRScheduler(opt, warmup({ warmupSteps: Math.min(20, steps - 1), after: cosineDecay({ totalSteps: Math.max(1, steps - 20), minFactor: 0.1 }) }));
const rng = new Rng(seed + 1);
const t0 = performance.now();
let ema = 0;
for (let s = 0; s < steps; s++) {
  const { x, y } = sampleWindows(train, batch, seqLen, rng);
  opt.zeroGrad();
  const loss = crossEntropy(lm.forwardIds(x, [batch, seqLen]), y);
  loss.backward();
  clipGradNorm(lm.parameters(), 1);
  opt.step();
  sched.step();
  ema = s === 0 ? loss.item() : 0.95 * ema + 0.05 * loss.item();
  if (s % 10 === 0 || s === steps - 1) console.log(`step ${s} loss ${loss.item().toFixed(4)} ema ${ema.toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const trainSeconds = (performance.now() - t0) / 1000;
const slice = evaluateLm(lm, validation.subarray(0, 4 * 129), { seqLen: 128 });
const full = evaluateLm(lm, validation, { seqLen: 128, batch: 16 });
const prompt = [...new TextEncoder().encode("In the beginning")];
const sample = new TextDecoder().decode(Uint8Array.from(generate(lm, prompt, { maxNewTokens: 80 })));
console.log(`validation ppl ${full.perplexity.toFixed(4)} (${full.tokens} tokens), slice ppl ${slice.perplexity.toFixed(4)}; greedy: In the beginning${sample}`);

const tensors: Record<string, import("@wc/tensor").Tensor> = {};
for (const [k, t] of lm.stateDict()) tensors[k] = t;
const hf = llamaConfigToHf(config);
await saveSafetensors(`${MODELS_DIR}tiny-llama.safetensors`, StateDict.fromTensors(tensors).withMetadata({ format: "pt", config: JSON.stringify(hf) }));
writeFileSync(`${MODELS_DIR}tiny-llama.config.json`, JSON.stringify(hf, null, 2) + "\n");
recordFixture("tiny-llama", {
  file: "models/tiny-llama.safetensors",
  config: "models/tiny-llama.config.json",
  architecture: "LlamaForCausalLM (@wc/models), Hugging Face parameter names, byte vocabulary (token = UTF-8 byte)",
  hyperparameters: config,
  parameters: lm.numParameters(),
  dtype: "F32",
  data: "King James Version verses (data/kjv-verses.txt.gz), one verse a line; verse i (0-based) is validation when i % 20 === 19, else training; splitLinesByIndex in @wc/models",
  training: {
    command: `pnpm --filter @wc/models exec tsx scripts/train-tiny-llama.ts --steps ${steps} --seed ${seed}`,
    seed,
    steps,
    batch,
    seqLen,
    optimizer: `AdamW lr ${lr} betas (0.9, 0.95), weight decay 0.1 on matrices, warmup 20 then cosine to 0.1x, grad-norm clip 1`,
    seconds: Math.round(trainSeconds),
    machine: "2-core AMD EPYC Zen 4 VM shared with other jobs, Node 20",
  },
  metrics: {
    validationPerplexity: full.perplexity,
    validationBitsPerByte: full.bitsPerToken,
    validationTokens: full.tokens,
    finalTrainLossEma: ema,
    sliceEval: { bytes: "validation bytes [0, 516): 4 windows of 129", seqLen: 128, tokens: slice.tokens, perplexity: slice.perplexity },
  },
  greedySample: { prompt: "In the beginning", continuation: sample },
});
console.log(`wrote ${MODELS_DIR}tiny-llama.safetensors in ${trainSeconds.toFixed(0)} s of training`);
