// @wc/models benchmark: LM training / inference tokens per second and CNN images per second, with
// the share of wall time spent inside GEMM. Run: pnpm --filter @wc/models bench
//
// The GEMM clock is @wc/nn's `gemmClock` (every matmul/linear/conv of @wc/nn goes through it).
import { Rng, tensor } from "@wc/tensor";
import { AdamW, Var, crossEntropy, gemmClock, noGrad, type Module } from "@wc/nn";
import { LlamaForCausalLM, ResNet, generate } from "../src/index";

interface Row {
  name: string;
  unit: string;
  rate: number;
  gemmShare: number;
  gflops: number;
}
const rows: Row[] = [];

function timed(name: string, unit: string, items: number, reps: number, f: () => void): void {
  f(); // warm-up
  gemmClock.enabled = true;
  gemmClock.ms = 0;
  gemmClock.flops = 0;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const ms = performance.now() - t0;
  gemmClock.enabled = false;
  rows.push({ name, unit, rate: (items * reps) / (ms / 1000), gemmShare: gemmClock.ms / ms, gflops: gemmClock.flops / (gemmClock.ms * 1e6) });
}

const rng = new Rng(0);
const lmConfig = { vocabSize: 256, hiddenSize: 128, intermediateSize: 344, numHiddenLayers: 4, numAttentionHeads: 4, maxPositionEmbeddings: 512 };
const lm = new LlamaForCausalLM(lmConfig);
const B = 8;
const T = 128;
const ids = Int32Array.from({ length: B * (T + 1) }, () => rng.integers(0, 256));
const x = ids.filter((_, i) => i % (T + 1) !== T);
const y = ids.filter((_, i) => i % (T + 1) !== 0);
const opt = new AdamW(lm.parameters(), { lr: 1e-4 });
timed(`models:llama-train:${B}x${T}:float32`, "tokens/s", B * T, 3, () => {
  lm.train();
  opt.zeroGrad();
  const loss = crossEntropy(lm.forwardIds(x, [B, T]), y);
  loss.backward();
  opt.step();
});
timed(`models:llama-prefill:${B}x${T}:float32`, "tokens/s", B * T, 3, () => noGrad(() => lm.eval().forwardIds(x, [B, T])));
const prompt = Array.from(x.subarray(0, 16));
timed("models:llama-generate-cache:16+64:float32", "tokens/s", 64, 2, () => generate(lm, prompt, { maxNewTokens: 64 }));
timed("models:llama-generate-nocache:16+64:float32", "tokens/s", 64, 1, () => generate(lm, prompt, { maxNewTokens: 64, useCache: false }));

const cnn: Module = new ResNet({ imageSize: 8, widths: [16, 32, 64], depths: [1, 1, 1] });
const N = 64;
const imgT = new Var(tensor(Float32Array.from({ length: N * 64 }, () => rng.uniform()), [N, 1, 8, 8]));
const labels = Int32Array.from({ length: N }, () => rng.integers(0, 10));
const copt = new AdamW(cnn.parameters(), { lr: 1e-4 });
timed(`models:resnet8-train:${N}x1x8x8:float32`, "images/s", N, 5, () => {
  cnn.train();
  copt.zeroGrad();
  const loss = crossEntropy(cnn.call(imgT), labels);
  loss.backward();
  copt.step();
});
timed(`models:resnet8-eval:${N}x1x8x8:float32`, "images/s", N, 10, () => noGrad(() => cnn.eval().call(imgT)));

console.log("| benchmark | throughput | time in GEMM | GEMM GFLOP/s |");
console.log("| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.name} | ${r.rate.toFixed(0)} ${r.unit} | ${(100 * r.gemmShare).toFixed(0)}% | ${r.gflops.toFixed(2)} |`);
console.log(JSON.stringify(rows));
