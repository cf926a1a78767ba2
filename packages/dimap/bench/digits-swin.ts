// Accuracy vs removal ratio on the Swin-style digits classifier (@wc/fixtures digits-swin): DIMAP,
// global magnitude, uniform per-layer magnitude and LAMP at equal parameter removal, without
// fine-tuning and after a short masked fine-tune (same epochs for all, several shuffle seeds).
import { loadFixture, loadManifest } from "@wc/fixtures";
import { SwinTransformer, resizeBilinear, type SwinOptions } from "@wc/models";
import { AdamW, DataLoader, LRScheduler, cosineDecay, crossEntropy, evaluate, fit, loadDataset, trainTestSplit, type Dataset, type Var } from "@wc/nn";
import { dimapMasks, globalMagnitudeMasks, lampMasks, tensorsFromStateDict, uniformMagnitudeMasks, type MaskResult, type Tensor2D } from "../src/index";

type Method = "DIMAP" | "global magnitude" | "uniform magnitude" | "LAMP";
const METHODS: Record<Method, (t: Tensor2D[], ratio: number) => MaskResult> = {
  DIMAP: (t, ratio) => dimapMasks(t, { ratio }),
  "global magnitude": (t, ratio) => globalMagnitudeMasks(t, { ratio }),
  "uniform magnitude": (t, ratio) => uniformMagnitudeMasks(t, { ratio }),
  LAMP: (t, ratio) => lampMasks(t, { ratio }),
};

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const sd = (a: number[]) => (a.length < 2 ? 0 : Math.sqrt(a.reduce((s, x) => s + (x - mean(a)) ** 2, 0) / (a.length - 1)));
const pct = (x: number) => (100 * x).toFixed(1);

export async function runDigitsSwin(o: { epochs: number; seeds: number; ratios: number[]; onlyDense?: boolean }): Promise<void> {
  const { fixtures } = await loadManifest();
  const entry = fixtures["digits-swin"]!;
  const state = await loadFixture("digits-swin");
  const digits = await loadDataset("digits");
  const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
  const resize = (d: Dataset): Dataset => ({ ...d, x: resizeBilinear(d.x, 8, 16) });
  const train = resize(split.train);
  const test = resize(split.test);
  const fresh = () => {
    const m = new SwinTransformer(entry.hyperparameters as SwinOptions);
    m.loadStateDict(state);
    return m;
  };
  const params = (m: SwinTransformer) => new Map(m.namedParameters().map(([n, v]) => [n, v]));
  const applyInPlace = (m: SwinTransformer, masks: Map<string, Uint8Array>) => {
    const p = params(m);
    for (const [name, mask] of masks) {
      const d = p.get(name)!.value.data;
      for (let i = 0; i < mask.length; i++) if (!mask[i]) d[i] = 0;
    }
  };
  const dense = evaluate(fresh(), test).accuracy;
  console.log(`\n## digits Swin fixture (${entry.parameters} parameters, manifest test accuracy ${pct(entry.metrics.testAccuracy as number)}%, measured ${pct(dense)}%)`);
  const tensors = tensorsFromStateDict(state);
  console.log(`${tensors.length} prunable layers, ${tensors.reduce((a, t) => a + t.data.length, 0)} weights; fine-tune: ${o.epochs} epoch(s) AdamW lr 5e-4 wd 0.05, cosine, label smoothing 0.1, batch 32, masks fixed; seeds 0..${o.seeds - 1} (shuffle order)`);
  // the unpruned model fine-tuned the same way: what the extra epochs alone give
  const tune = (masks: Map<string, Uint8Array>) => {
    const out: number[] = [];
    for (let seed = 0; seed < o.seeds && o.epochs > 0; seed++) {
      const m = fresh();
      applyInPlace(m, masks);
      const loader = new DataLoader(train, { batchSize: 32, shuffle: true, seed });
      const opt = new AdamW(m.parameters(), { lr: 5e-4, weightDecay: 0.05 });
      const scheduler = new LRScheduler(opt, cosineDecay({ totalSteps: o.epochs * Math.ceil(train.y.length / 32) }));
      fit(m, loader, { optimizer: opt, scheduler, epochs: o.epochs, loss: (out: Var, y: Int32Array) => crossEntropy(out, y, { labelSmoothing: 0.1 }), onProgress: () => applyInPlace(m, masks) });
      out.push(evaluate(m, test).accuracy);
    }
    return out;
  };
  const denseTuned = tune(new Map());
  const fmt = (a: number[]) => (a.length ? `${pct(mean(a))} ± ${pct(sd(a))} (${a.map(pct).join(", ")})` : "-");
  const rows: string[] = [`| 0% | dense | 0.0% | ${pct(dense)} | ${fmt(denseTuned)} | 0 | - |`];
  if (o.onlyDense) {
    console.log(rows[0]);
    return;
  }
  const survivors = new Map<number, Map<Method, number[]>>();
  for (const ratio of o.ratios) {
    survivors.set(ratio, new Map());
    for (const method of Object.keys(METHODS) as Method[]) {
      const t0 = performance.now();
      const { masks, report } = METHODS[method](tensors, ratio);
      survivors.get(ratio)!.set(method, report.layers.map((l) => l.kept));
      const m0 = fresh();
      applyInPlace(m0, masks);
      const acc0 = evaluate(m0, test).accuracy;
      const tuned = tune(masks);
      const minKept = Math.min(...report.layers.map((l) => l.kept));
      const ft = fmt(tuned);
      rows.push(`| ${pct(ratio)}% | ${method} | ${pct(report.totals.sparsity)}% | ${pct(acc0)} | ${ft} | ${report.totals.emptiedLayers} | ${minKept} |`);
      console.error(`digits-swin ${method} ${ratio}: ${pct(acc0)} -> ${ft} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  console.log(`\ndense test accuracy ${pct(dense)}%\n`);
  console.log("| removal | method | achieved sparsity | accuracy, no fine-tune (%) | accuracy after fine-tune (%, mean ± sd over seeds) | emptied layers | fewest weights left in a layer |");
  console.log("| ---: | --- | ---: | ---: | --- | ---: | ---: |");
  for (const r of rows) console.log(r);
  for (const ratio of o.ratios) {
    console.log(`\nsurvivors per layer at ${pct(ratio)}% removal:\n`);
    console.log(`| layer | weights | ${(Object.keys(METHODS) as Method[]).join(" | ")} |\n| --- | ---: |${" ---: |".repeat(4)}`);
    tensors.forEach((t, i) => console.log(`| ${t.name} | ${t.data.length} | ${(Object.keys(METHODS) as Method[]).map((m) => survivors.get(ratio)!.get(m)![i]).join(" | ")} |`));
  }
}
