// Reproduction example for @wc/cts: `pnpm --filter @wc/cts bench [mlp] [sanity] [long] [objectives] [cnn] [--seeds N] [--quick]`
// (default: every section, 3 seeds). Digits (bundled scikit-learn 8x8 digits, stratified 80/20 split,
// standardised), the reference MLP 64-128-128-10 and the small 2-conv BatchNorm CNN, both Kaiming-normal.
// Protocol (spec section 6 toy, scaled to digits): rewind point = 1 dense epoch; CTS / CTS-KL search 15 epochs,
// batch 32, Adam lr 0.1, other defaults; SNIP/GraSP on one batch of 512; SynFlow 100 rounds; LTR prunes 20 %
// of survivors per round (each round = one full retraining) with rewinding; every ticket is retrained 15 epochs
// (SGD momentum 0.9, lr 0.05 cosine, wd 1e-4, batch 128) and scored on the 360 test images. The CNN section
// uses 5 epochs for the CTS search, every retraining and every LTR round (cost).
// Prints mean ± sample std over seeds of test accuracy and the mean mask-search time.
import { subset, type Dataset, type Module } from "@wc/nn";
import { Rng } from "@wc/tensor";
import {
  digitsCnn,
  digitsMlp,
  evaluateMasked,
  findMask,
  graspScores,
  loadDigitsSplit,
  maskedNet,
  shuffleLayerwise,
  trainMasked,
  type MaskMethod,
  type Masks,
  type TrainMaskedOptions,
} from "../src/index";

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes("--quick");
const sections = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && (argv[i - 1] === "--seeds" || argv[i - 1] === "--methods")));
const want = (s: string): boolean => sections.length === 0 || sections.includes(s);
const NSEEDS = Number(flag("--seeds") ?? (quick ? 1 : 3));
const SEEDS = Array.from({ length: NSEEDS }, (_, i) => i);
const DENSITIES = quick ? [0.05, 0.01] : [0.1, 0.05, 0.02, 0.01, 0.005];
// `--methods grasp,snip` limits the comparison tables to those methods (LTR runs only when listed or
// when no list is given).
const ONLY = flag("--methods")?.split(",");
const METHODS: MaskMethod[] = (["cts-kl", "cts", "synflow", "snip", "grasp", "magnitude", "random"] as MaskMethod[]).filter((m) => !ONLY || ONLY.includes(m));
const RUN_LTR = !ONLY || ONLY.includes("ltr");
const EPOCHS = quick ? 5 : 15;
// The CNN's im2col convolutions cost ~8x the MLP per epoch on this machine, so its section uses 5-epoch
// searches and retrainings (and LTR rounds) to stay within a few minutes per seed.
const CNN_EPOCHS = quick ? 3 : 5;

const data = await loadDigitsSplit();

interface Row {
  acc: number[];
  ms: number[];
}
const fmtAcc = (xs: number[]): string => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
};
const meanS = (xs: number[]): string => (xs.reduce((a, b) => a + b, 0) / xs.length / 1000).toFixed(1);

function snapshot(m: Module): Float32Array[] {
  return [...m.parameters().map((p) => Float32Array.from(p.data)), ...m.namedBuffers().map(([, b]) => Float32Array.from(b.data))];
}
function restore(m: Module, s: Float32Array[]): void {
  const all = [...m.parameters().map((p) => p.data), ...m.namedBuffers().map(([, b]) => b.data)];
  all.forEach((d, i) => d.set(s[i]!));
}

function retrain(model: Module, rewind: Float32Array[], masks: Masks | null, train: Dataset, opts: TrainMaskedOptions): number {
  restore(model, rewind);
  trainMasked(model, masks, train, opts);
  const acc = evaluateMasked(model, data.test, masks).accuracy;
  restore(model, rewind);
  return acc;
}

function compare(name: string, make: (seed: number) => Module, sanity: boolean, epochs: number): void {
  const t0 = performance.now();
  const table = new Map<string, Row>();
  const sane = new Map<string, Row>();
  const dense: number[] = [];
  const add = (t: Map<string, Row>, key: string, acc: number, ms: number): void => {
    const r = t.get(key) ?? { acc: [], ms: [] };
    r.acc.push(acc);
    r.ms.push(ms);
    t.set(key, r);
  };
  let d = 0;
  for (const seed of SEEDS) {
    const model = make(seed);
    const net = maskedNet(model);
    d = net.size;
    const trainOpts: TrainMaskedOptions = { seed, epochs };
    trainMasked(net, null, data.train, { ...trainOpts, epochs: 1 }); // rewind point: 1 dense epoch
    const rewind = snapshot(model);
    dense.push(retrain(model, rewind, null, data.train, trainOpts));
    for (const density of DENSITIES) {
      for (const method of METHODS) {
        const r = findMask(net, data.train, { method, density, seed, cts: { epochs } });
        const acc = retrain(model, rewind, r.masks, data.train, trainOpts);
        add(table, `${method}@${density}`, acc, r.timeMs);
        if (sanity && (method === "cts-kl" || method === "synflow" || method === "snip")) {
          add(sane, `${method}@${density}`, acc, 0);
          add(sane, `${method}-shuffled@${density}`, retrain(model, rewind, shuffleLayerwise(r.masks, seed + 1000), data.train, trainOpts), 0);
        }
        process.stderr.write(`${name} seed ${seed} ${method} ${density}: ${acc.toFixed(3)} (${(r.timeMs / 1000).toFixed(1)} s)\n`);
      }
    }
    // LTR: one IMP run through every density (milestones), each round one full retraining
    if (!RUN_LTR) continue;
    const lt = findMask(net, data.train, { method: "ltr", density: Math.min(...DENSITIES), seed, milestones: DENSITIES, ltrTrain: trainOpts });
    let elapsed = 0;
    const at = new Map<number, number>();
    for (const round of lt.ltr!.rounds) {
      elapsed += round.timeMs;
      for (const m of DENSITIES) if (Math.abs(round.density - Math.floor(m * d + 1e-9) / d) < 1e-12) at.set(m, elapsed);
    }
    for (const density of DENSITIES) {
      const masks = lt.ltr!.milestones.get(density) ?? lt.masks;
      const acc = retrain(model, rewind, masks, data.train, trainOpts);
      add(table, `ltr@${density}`, acc, at.get(density) ?? lt.timeMs);
      process.stderr.write(`${name} seed ${seed} ltr ${density}: ${acc.toFixed(3)} (${((at.get(density) ?? 0) / 1000).toFixed(1)} s, ${lt.ltr!.rounds.length} rounds total)\n`);
    }
  }
  console.log(`\n### ${name} (d = ${d} prunable weights, ${SEEDS.length} seeds, ${epochs}-epoch searches and retrainings; dense ${fmtAcc(dense)})\n`);
  console.log(`Test accuracy (mean ± std over seeds):\n`);
  const methods = [...METHODS.slice(0, 2), ...(RUN_LTR ? ["ltr"] : []), ...METHODS.slice(2)];
  console.log(`| density | ${methods.join(" | ")} |`);
  console.log(`|---|${methods.map(() => "---").join("|")}|`);
  for (const density of DENSITIES) console.log(`| ${(100 * density).toFixed(1)}% | ${methods.map((m) => fmtAcc(table.get(`${m}@${density}`)!.acc)).join(" | ")} |`);
  console.log(`\nMask search time in seconds (mean over seeds; LTR = its training rounds down to that density):\n`);
  console.log(`| density | ${methods.join(" | ")} |`);
  console.log(`|---|${methods.map(() => "---").join("|")}|`);
  for (const density of DENSITIES) console.log(`| ${(100 * density).toFixed(1)}% | ${methods.map((m) => meanS(table.get(`${m}@${density}`)!.ms)).join(" | ")} |`);
  if (sanity) {
    console.log(`\nSanity check (a), layer-wise shuffled tickets retrained the same way:\n`);
    console.log(`| density | CTS-KL | shuffled | SynFlow | shuffled | SNIP | shuffled |`);
    console.log(`|---|---|---|---|---|---|---|`);
    for (const density of DENSITIES) {
      const c = (k: string): string => fmtAcc(sane.get(`${k}@${density}`)!.acc);
      console.log(`| ${(100 * density).toFixed(1)}% | ${c("cts-kl")} | ${c("cts-kl-shuffled")} | ${c("synflow")} | ${c("synflow-shuffled")} | ${c("snip")} | ${c("snip-shuffled")} |`);
    }
  }
  console.log(`\n(${name}: ${((performance.now() - t0) / 60000).toFixed(1)} min on this machine)`);
}

console.log(`# @wc/cts reproduction (digits, ${SEEDS.length} seeds, Node ${process.version})`);
if (want("mlp")) compare("digits MLP 64-128-128-10", (seed) => digitsMlp({ seed }), want("sanity"), EPOCHS);
// Ablation: does a longer CTS search close the gap to LTR at the sparsest densities? (MLP, 3x the search epochs)
function longSearch(): void {
  const t0 = performance.now();
  const dens = quick ? [0.01] : [0.01, 0.005];
  const res = new Map<string, number[]>();
  for (const seed of SEEDS) {
    const model = digitsMlp({ seed });
    const trainOpts: TrainMaskedOptions = { seed, epochs: EPOCHS };
    trainMasked(model, null, data.train, { ...trainOpts, epochs: 1 });
    const rewind = snapshot(model);
    for (const density of dens) {
      for (const method of ["cts-kl", "cts"] as const) {
        const r = findMask(model, data.train, { method, density, seed, cts: { epochs: 3 * EPOCHS } });
        const acc = retrain(model, rewind, r.masks, data.train, trainOpts);
        res.set(`${method}@${density}`, [...(res.get(`${method}@${density}`) ?? []), acc]);
        process.stderr.write(`long seed ${seed} ${method} ${density}: ${acc.toFixed(3)} (${(r.timeMs / 1000).toFixed(1)} s)\n`);
      }
    }
  }
  console.log(`\n### Ablation: CTS with ${3 * EPOCHS} search epochs on the MLP (${SEEDS.length} seeds)\n`);
  console.log(`| density | CTS-KL | CTS (task) |`);
  console.log(`|---|---|---|`);
  for (const density of dens) console.log(`| ${(100 * density).toFixed(1)}% | ${fmtAcc(res.get(`cts-kl@${density}`)!)} | ${fmtAcc(res.get(`cts@${density}`)!)} |`);
  console.log(`\n(ablation: ${((performance.now() - t0) / 60000).toFixed(1)} min on this machine)`);
}

if (want("long")) longSearch();

// The official code's other CTS objectives (double backprop for gradnorm/gradmatch) at two densities, and
// GraSP with the exact (double backprop) vs the finite-difference Hessian-vector product at every density,
// on the MLP: same protocol as the main table.
function objectives(): void {
  const t0 = performance.now();
  const dens = quick ? [0.05] : [0.05, 0.02];
  const objs = ["rkl", "task", "gradnorm", "msefeature", "gradmatch"] as const;
  const hvps = ["finiteDiff", "exact"] as const;
  const res = new Map<string, Row>();
  const put = (key: string, acc: number, ms: number): void => {
    const r = res.get(key) ?? { acc: [], ms: [] };
    r.acc.push(acc);
    r.ms.push(ms);
    res.set(key, r);
  };
  let gap = 0;
  for (const seed of SEEDS) {
    const model = digitsMlp({ seed });
    const trainOpts: TrainMaskedOptions = { seed, epochs: EPOCHS };
    trainMasked(model, null, data.train, { ...trainOpts, epochs: 1 });
    const rewind = snapshot(model);
    for (const density of dens) {
      for (const objective of objs) {
        const r = findMask(model, data.train, { method: objective === "rkl" ? "cts-kl" : "cts", objective, density, seed, cts: { epochs: EPOCHS } });
        put(`${objective}@${density}`, retrain(model, rewind, r.masks, data.train, trainOpts), r.timeMs);
        process.stderr.write(`objectives seed ${seed} ${objective} ${density}: ${res.get(`${objective}@${density}`)!.acc.at(-1)!.toFixed(3)} (${(r.timeMs / 1000).toFixed(1)} s)\n`);
      }
    }
    for (const density of DENSITIES) {
      for (const hvp of hvps) {
        const r = findMask(model, data.train, { method: "grasp", density, seed, grasp: { hvp } });
        put(`grasp-${hvp}@${density}`, retrain(model, rewind, r.masks, data.train, trainOpts), r.timeMs);
      }
    }
    // How far apart are the two Hessian-vector products at the rewind point? (the findMask batch of 512)
    const idx = new Rng(seed).permutation(data.train.y.length).subarray(0, 512);
    const b = subset(data.train, idx);
    const fd = graspScores(model, { x: b.x, y: b.y }, { hvp: "finiteDiff" }).flatMap((a) => Array.from(a));
    const ex = graspScores(model, { x: b.x, y: b.y }, { hvp: "exact" }).flatMap((a) => Array.from(a));
    gap += Math.sqrt(fd.reduce((s, v, i) => s + (v - ex[i]!) ** 2, 0) / ex.reduce((s, v) => s + v * v, 0)) / SEEDS.length;
  }
  console.log(`\n### CTS objectives (MLP, ${SEEDS.length} seeds; test accuracy, mean search time)\n`);
  console.log(`| density | ${objs.join(" | ")} |`);
  console.log(`|---|${objs.map(() => "---").join("|")}|`);
  for (const d of dens) console.log(`| ${(100 * d).toFixed(1)}% | ${objs.map((o) => `${fmtAcc(res.get(`${o}@${d}`)!.acc)} (${meanS(res.get(`${o}@${d}`)!.ms)} s)`).join(" | ")} |`);
  console.log(`\n### GraSP: finite-difference vs exact Hessian-vector product (MLP, ${SEEDS.length} seeds)\n`);
  console.log(`| density | GraSP finiteDiff | GraSP exact |`);
  console.log(`|---|---|---|`);
  for (const d of DENSITIES) console.log(`| ${(100 * d).toFixed(1)}% | ${hvps.map((h) => `${fmtAcc(res.get(`grasp-${h}@${d}`)!.acc)} (${meanS(res.get(`grasp-${h}@${d}`)!.ms)} s)`).join(" | ")} |`);
  console.log(`\nGraSP scores, ||finiteDiff - exact|| / ||exact|| at the rewind point (mean over seeds): ${gap.toExponential(2)}`);
  console.log(`\n(objectives: ${((performance.now() - t0) / 60000).toFixed(1)} min on this machine)`);
}

if (want("objectives")) objectives();
if (want("cnn")) compare("digits CNN (2 conv + BN)", (seed) => digitsCnn({ seed }), false, CNN_EPOCHS);
