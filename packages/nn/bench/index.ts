// Training-step time split (GEMM vs everything else) for an MLP and a small CNN, float32, on
// synthetic digits-shaped batches. GEMM time is measured around every @wc/tensor gemm call made by
// @wc/nn (forward and backward of matmul, linear and conv2d). Run: pnpm --filter @wc/nn bench [--json]
import { Rng, tensor } from "@wc/tensor";
import {
  Activation, Adam, BatchNorm2d, Conv2d, Flatten, Linear, MLP, MaxPool2d, Reshape, Sequential, Var, crossEntropy, type Module,
} from "../src/index";
import { gemmClock } from "../src/internal/gemm-call";

interface Row {
  name: string;
  stepMs: number;
  gemmMs: number;
  gemmShare: number;
  gemmGflops: number;
  gemmCalls: number;
}

function benchStep(name: string, model: Module, batch: number, features: number, classes: number, steps: number): Row {
  const rng = new Rng(1);
  const x = tensor(Float32Array.from({ length: batch * features }, () => rng.uniform()), [batch, features]);
  const y = Int32Array.from({ length: batch }, () => rng.integers(0, classes));
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const step = () => {
    opt.zeroGrad();
    const loss = crossEntropy(model.call(new Var(x)), y);
    loss.backward();
    opt.step();
  };
  for (let i = 0; i < 3; i++) step();
  gemmClock.enabled = true;
  gemmClock.ms = 0;
  gemmClock.calls = 0;
  gemmClock.flops = 0;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const total = performance.now() - t0;
  gemmClock.enabled = false;
  return {
    name,
    stepMs: total / steps,
    gemmMs: gemmClock.ms / steps,
    gemmShare: gemmClock.ms / total,
    gemmGflops: gemmClock.flops / (gemmClock.ms * 1e6),
    gemmCalls: gemmClock.calls / steps,
  };
}

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const steps = quick ? 5 : 30;
const rows = [
  benchStep("nn:train-step:mlp-64-256-256-10:b64:float32", new MLP([64, 256, 256, 10], { seed: 0 }), 64, 64, 10, steps),
  benchStep(
    "nn:train-step:cnn-c16-c32-fc10-8x8:b32:float32",
    new Sequential(
      new Reshape([-1, 1, 8, 8]),
      new Conv2d(1, 16, 3, { padding: 1, seed: 1, bias: false }),
      new BatchNorm2d(16),
      new Activation("relu"),
      new MaxPool2d(2),
      new Conv2d(16, 32, 3, { padding: 1, seed: 2 }),
      new Activation("relu"),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(32 * 2 * 2, 10, { seed: 3 }),
    ),
    32,
    64,
    10,
    steps,
  ),
];
if (json) console.log(JSON.stringify(rows, null, 2));
else {
  console.log("name                                             step ms   gemm ms  gemm share  gemm GFLOP/s  gemm calls");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(48)} ${r.stepMs.toFixed(3).padStart(8)} ${r.gemmMs.toFixed(3).padStart(9)} ${(100 * r.gemmShare).toFixed(1).padStart(10)}% ${r.gemmGflops.toFixed(2).padStart(13)} ${r.gemmCalls.toFixed(0).padStart(11)}`,
    );
  }
}
