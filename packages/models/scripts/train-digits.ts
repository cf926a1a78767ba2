// Trains the digits fixtures: an MLP and a ResNet-8-style CNN on 8x8 digits, and a Swin-style
// classifier on the digits resized to 16x16 (@wc/fixtures/models/digits-*.safetensors).
// Run from packages/models: tsx scripts/train-digits.ts [--only mlp|cnn|swin] [--seed 0]
import { StateDict } from "@wc/io";
import { saveSafetensors } from "@wc/io/node";
import { AdamW, DataLoader, LRScheduler, cosineDecay, crossEntropy, evaluate, fit, loadDataset, trainTestSplit, type Dataset, type Module, type Var } from "@wc/nn";
import { Rng, tensor, type Tensor } from "@wc/tensor";
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
  /** Per-epoch random translation of the training images by up to this many pixels (zero fill). */
  shift?: number;
  labelSmoothing?: number;
  weightDecay?: number;
  input: string;
}

const swinEmbed = arg("embed", 48);
const swinConfig = {
  imageSize: 16,
  patchSize: arg("patch", 4),
  inChannels: 1,
  embedDim: swinEmbed,
  depths: [2, 2],
  heads: [swinEmbed / 16, swinEmbed / 8],
  window: arg("window", 2),
  mlpRatio: 2,
  numClasses: 10,
};
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
    make: () => new SwinTransformer({ ...swinConfig, seed }),
    config: swinConfig,
    architecture: `Swin-style hierarchical transformer (@wc/models SwinTransformer), timm names: patch_embed, layers.{0,1}.blocks.{0,1} (window attention with relative position bias, block 1 of stage 0 shifted), layers.1.downsample (patch merging), norm, head.fc`,
    epochs: arg("epochs", 40),
    lr: 2e-3,
    batch: 32,
    prep: resize16,
    shift: arg("shift", 1),
    labelSmoothing: 0.1,
    weightDecay: 0.05,
    input: "[B, 1, 16, 16] or rows [B, 256]: digits pixels / 16 resized 8->16 with resizeBilinear (PyTorch bilinear, align_corners=False)",
  },
];

for (const s of specs) {
  if (only && !s.name.endsWith(only)) continue;
  const train = s.prep ? s.prep(split.train) : split.train;
  const test = s.prep ? s.prep(split.test) : split.test;
  const model = s.make();
  const stepsPerEpoch = Math.ceil(train.y.length / s.batch);
  const wd = s.weightDecay ?? 1e-4;
  const opt = new AdamW(model.parameters(), { lr: s.lr, weightDecay: wd });
  const scheduler = new LRScheduler(opt, cosineDecay({ totalSteps: s.epochs * stepsPerEpoch }));
  const loss = (o: Var, y: Int32Array) => crossEntropy(o, y, { labelSmoothing: s.labelSmoothing ?? 0 });
  const augRng = new Rng(seed + 2);
  const t0 = performance.now();
  const epochLosses: number[] = [];
  for (let e = 0; e < s.epochs; e++) {
    // one fit() call per epoch so each epoch can see freshly translated images
    const data = s.shift ? translate(train, Math.sqrt(train.x.shape[1]!), s.shift, augRng) : train;
    const loader = new DataLoader(data, { batchSize: s.batch, shuffle: true, seed: seed + 1 + e });
    const r = fit(model, loader, { optimizer: opt, scheduler, epochs: 1, loss });
    epochLosses.push(r.epochLosses[0]!);
    console.log(`${s.name} epoch ${e} loss ${r.epochLosses[0]!.toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const r = { epochLosses };
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
      command: `pnpm --filter @wc/models exec tsx scripts/train-digits.ts --only ${s.name.replace("digits-", "")} --seed ${seed}${s.name === "digits-swin" ? ` --patch ${swinConfig.patchSize} --embed ${swinEmbed} --window ${swinConfig.window} --shift ${s.shift} --epochs ${s.epochs}` : ""}`,
      seed,
      epochs: s.epochs,
      batch: s.batch,
      optimizer: `AdamW lr ${s.lr} weight decay ${wd}, cosine decay to 0 per step, shuffled batches (DataLoader seed ${seed + 1} + epoch), mean cross-entropy${s.labelSmoothing ? ` with label smoothing ${s.labelSmoothing}` : ""}${s.shift ? `, random translations by up to ${s.shift} px per epoch (Rng seed ${seed + 2})` : ""}`,
      seconds: Math.round(seconds),
      finalEpochLoss: r.epochLosses[r.epochLosses.length - 1],
      machine: "2-core AMD EPYC Zen 4 VM shared with other jobs, Node 20",
    },
    metrics: { testAccuracy: te.accuracy, testLoss: te.loss, testCount: test.y.length, trainAccuracy: tr.accuracy },
  });
}

/** Each image translated by a random (dy, dx) in [-k, k]^2, zero fill. */
function translate(d: Dataset, side: number, k: number, rng: Rng): Dataset {
  const [n, f] = d.x.shape as [number, number];
  const src = d.x.data;
  const out = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    const dy = rng.integers(-k, k + 1);
    const dx = rng.integers(-k, k + 1);
    for (let y = 0; y < side; y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= side) continue;
      for (let x = 0; x < side; x++) {
        const sx = x - dx;
        if (sx >= 0 && sx < side) out[i * f + y * side + x] = src[i * f + sy * side + sx]!;
      }
    }
  }
  return { ...d, x: tensor(out, [n, f]) as typeof d.x };
}
