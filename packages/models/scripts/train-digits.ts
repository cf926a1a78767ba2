// Trains the digits fixtures: an MLP and a ResNet-8-style CNN on 8x8 digits, and a Swin-style
// classifier on the digits resized to 16x16 (@wc/fixtures/models/digits-*.safetensors).
// Run from packages/models: tsx scripts/train-digits.ts [--only mlp|cnn|swin] [--seed 0]
import { StateDict } from "@wc/io";
import { saveSafetensors } from "@wc/io/node";
import { AdamW, DataLoader, LRScheduler, cosineDecay, evaluate, fit, loadDataset, trainTestSplit, type Dataset, type Module } from "@wc/nn";
import type { Tensor } from "@wc/tensor";
import { MLP } from "@wc/nn";
import { ResNet, SwinTransformer, resizeBilinear } from "../src/index";
import { MODELS_DIR, arg, recordFixture } from "./manifest";

const seed = arg("seed", 0);
const onlyIdx = process.argv.indexOf("--only");
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1] : undefined;
const digits = await loadDataset("digits");
const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
const SPLIT = "@wc/nn loadDataset('digits') (pixels / 16), trainTestSplit({ testFraction: 0.2, seed: 0 }): 1437 train / 360 test, stratified";

interface Spec {
  name: string;
  make: () => Module;
  config: Record<string, unknown>;
  architecture: string;
  epochs: number;
  lr: number;
  batch: number;
  prep?: (d: Dataset) => Dataset;
  input: string;
}

const resize16 = (d: Dataset): Dataset => ({ ...d, x: resizeBilinear(d.x, 8, 16) });
const specs: Spec[] = [
  {
    name: "digits-mlp",
    make: () => new MLP([64, 128, 128, 10], { seed }),
    config: { sizes: [64, 128, 128, 10], activation: "relu" },
    architecture: "MLP (@wc/nn): Linear-ReLU-Linear-ReLU-Linear, names layers.{0,1,2}.{weight,bias}",
    epochs: 40,
    lr: 3e-3,
    batch: 32,
    input: "rows [B, 64], pixels 0..1",
  },
  {
    name: "digits-cnn",
    make: () => new ResNet({ imageSize: 8, widths: [16, 32, 64], depths: [1, 1, 1], seed }),
    config: { imageSize: 8, inChannels: 1, widths: [16, 32, 64], depths: [1, 1, 1], numClasses: 10 },
    architecture: "ResNet-8 style CNN with BatchNorm (@wc/models ResNet), torchvision names conv1, bn1, layer{1,2,3}.0.{conv1,bn1,conv2,bn2,downsample.0,downsample.1}, fc",
    epochs: 15,
    lr: 3e-3,
    batch: 32,
    input: "[B, 1, 8, 8] or rows [B, 64], pixels 0..1",
  },
  {
    name: "digits-swin",
    make: () => new SwinTransformer({ imageSize: 16, patchSize: 2, embedDim: 32, depths: [2, 2], heads: [2, 4], window: 4, mlpRatio: 2, seed }),
    config: { imageSize: 16, patchSize: 2, inChannels: 1, embedDim: 32, depths: [2, 2], heads: [2, 4], window: 4, mlpRatio: 2, numClasses: 10 },
    architecture: "Swin-style hierarchical transformer (@wc/models SwinTransformer), timm names: patch_embed, layers.{0,1}.blocks.{0,1} (window attention with relative position bias, block 1 of stage 0 shifted), layers.1.downsample (patch merging), norm, head.fc",
    epochs: 30,
    lr: 2e-3,
    batch: 32,
    prep: resize16,
    input: "[B, 1, 16, 16] or rows [B, 256]: digits pixels / 16 resized 8->16 with resizeBilinear (PyTorch bilinear, align_corners=False)",
  },
];

for (const s of specs) {
  if (only && !s.name.endsWith(only)) continue;
  const train = s.prep ? s.prep(split.train) : split.train;
  const test = s.prep ? s.prep(split.test) : split.test;
  const model = s.make();
  const loader = new DataLoader(train, { batchSize: s.batch, shuffle: true, seed: seed + 1 });
  const stepsPerEpoch = Math.ceil(train.y.length / s.batch);
  const opt = new AdamW(model.parameters(), { lr: s.lr, weightDecay: 1e-4 });
  const scheduler = new LRScheduler(opt, cosineDecay({ totalSteps: s.epochs * stepsPerEpoch }));
  const t0 = performance.now();
  const r = fit(model, loader, {
    optimizer: opt,
    scheduler,
    epochs: s.epochs,
    onProgress: (p) => {
      if (p.batch === stepsPerEpoch - 1) console.log(`${s.name} epoch ${p.epoch} loss ${p.loss.toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const te = evaluate(model, test);
  const tr = evaluate(model, train);
  console.log(`${s.name}: test accuracy ${te.accuracy.toFixed(4)} loss ${te.loss.toFixed(4)}; train accuracy ${tr.accuracy.toFixed(4)}; ${seconds.toFixed(0)} s`);
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of model.stateDict()) tensors[k] = t;
  await saveSafetensors(`${MODELS_DIR}${s.name}.safetensors`, StateDict.fromTensors(tensors).withMetadata({ format: "pt" }));
  recordFixture(s.name, {
    file: `models/${s.name}.safetensors`,
    architecture: s.architecture,
    hyperparameters: s.config,
    parameters: model.parameters().reduce((a, p) => a + p.value.size, 0),
    dtype: "F32",
    input: s.input,
    data: SPLIT,
    training: {
      command: `pnpm --filter @wc/models exec tsx scripts/train-digits.ts --only ${s.name.replace("digits-", "")} --seed ${seed}`,
      seed,
      epochs: s.epochs,
      batch: s.batch,
      optimizer: `AdamW lr ${s.lr} weight decay 1e-4, cosine decay to 0 per step, shuffled batches (DataLoader seed ${seed + 1}), mean cross-entropy`,
      seconds: Math.round(seconds),
      finalEpochLoss: r.epochLosses[r.epochLosses.length - 1],
      machine: "2-core AMD EPYC Zen 4 VM shared with other jobs, Node 20",
    },
    metrics: { testAccuracy: te.accuracy, testLoss: te.loss, testCount: test.y.length, trainAccuracy: tr.accuracy },
  });
}
