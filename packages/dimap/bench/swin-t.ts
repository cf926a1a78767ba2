// A Swin-T-shaped checkpoint (real timm shapes, seeded N(0, 0.02^2) weights) pruned at 50%:
// module sizes, time, per-stage sparsity and MACs.
import { Rng } from "@wc/tensor";
import { dimapMasks, estimateFlops, globalMagnitudeMasks, swinParamShapes, swinTokensFor, type Tensor2D } from "../src/index";

export function runSwinT(): void {
  const rng = new Rng(0);
  const tensors: Tensor2D[] = swinParamShapes().map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.normal(0, 0.02);
    return { name, shape, data };
  });
  const t0 = performance.now();
  const { masks, report } = dimapMasks(tensors, { ratio: 0.5 });
  const seconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const g = globalMagnitudeMasks(tensors, { ratio: 0.5 });
  const gSeconds = (performance.now() - t1) / 1000;
  console.log(`\n## Swin-T-shaped checkpoint (timm names, ${report.totals.params.toLocaleString("en-US")} prunable weights, seeded)`);
  console.log(`DIMAP 50%: ${seconds.toFixed(2)} s; global magnitude 50%: ${gSeconds.toFixed(2)} s (one core)`);
  console.log("| module | layers | weights | kept | sparsity |\n| --- | ---: | ---: | ---: | ---: |");
  for (const [m, r] of Object.entries(report.modules)) console.log(`| ${m} | ${r!.layers} | ${r!.size.toLocaleString("en-US")} | ${r!.kept.toLocaleString("en-US")} | ${(100 * r!.sparsity).toFixed(2)}% |`);
  console.log("| stage | DIMAP sparsity | global-magnitude sparsity |\n| --- | ---: | ---: |");
  for (const [s, r] of Object.entries(report.stages)) console.log(`| ${s} | ${(100 * r.sparsity).toFixed(2)}% | ${(100 * g.report.stages[s]!.sparsity).toFixed(2)}% |`);
  const f = estimateFlops(tensors, masks, swinTokensFor(tensors.map((t) => t.name)));
  console.log(`linear/conv MACs ${(f.denseMacs / 1e9).toFixed(3)} G -> ${(f.sparseMacs / 1e9).toFixed(3)} G (${(100 * (1 - f.sparseMacs / f.denseMacs)).toFixed(1)}% fewer); attention matmuls ${(f.attentionMacs / 1e9).toFixed(3)} G untouched`);
}
