// Writes the inputs of the Stan cross-check (bench/stan/run-stan.R):
//   cd packages/timber && tsx bench/stan-compare.ts <out-dir> [seed]   (default: <os tmpdir>/timber-stan)
// <dir>/data.json:  the reproduction data set (simulatePaperShape(2025), the same 600 specimens as
//                   `pnpm bench` and the README's table), raw features, groups and planted truth;
// <dir>/timber-draws.json: the joint-mode fit of @wc/timber with the bench's settings (defaults:
//                   4 chains x (1000 warmup + 1000 draws), seed 0), as per-chain draws of every
//                   compared scalar, so R can summarise both fits with the same code.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitReuseModel } from "../src/index";
import { simulatePaperShape } from "./simulate";

const dir = process.argv[2] ?? join(tmpdir(), "timber-stan");
const seed = Number(process.argv[3] ?? 0); // optional 2nd argument: the package's seed (default 0, as the bench)
mkdirSync(dir, { recursive: true });
const sim = simulatePaperShape(2025);
writeFileSync(join(dir, "data.json"), JSON.stringify({ seed: 2025, r: sim.r, X: sim.X, groups: sim.groups, names: sim.names, labels: sim.labels, truth: sim.truth }));

const t0 = performance.now();
const fit = fitReuseModel(sim.r, sim.X, sim.groups, { mode: "joint", featureNames: sim.names, seed });
const secs = (performance.now() - t0) / 1000;
const S = fit.chains * fit.drawsPerChain;
const P = fit.featureNames.length;
const out: Record<string, number[]> = {};
const col = (name: string, arr: Float64Array, width: number, j: number): void => {
  out[name] = Array.from({ length: S }, (_, s) => arr[s * width + j]!);
};
col("t12", fit.draws.t12!, 1, 0);
col("t23", fit.draws.t23!, 1, 0);
// Stan names: beta[j,k] with k = 1 for level 2, k = 2 for level 3 (the package stores k1 x P)
for (let k = 0; k < 2; k++) for (let j = 0; j < P; j++) col(`beta[${j + 1},${k + 1}]`, fit.draws.beta!, 2 * P, k * P + j);
for (let k = 0; k < 3; k++) col(`mu[${k + 1}]`, fit.draws.mu!, 3, k);
for (let k = 0; k < 3; k++) col(`sigma[${k + 1}]`, fit.draws.sigma!, 3, k);
for (let k = 0; k < 2; k++) col(`a[${k + 1}]`, fit.draws.a!, 2, k);
for (let k = 0; k < 2; k++) col(`s[${k + 1}]`, fit.draws.s!, 2, k);
col("tau", fit.draws.tau!, 1, 0);
col("c2", fit.draws.c2!, 1, 0);
writeFileSync(
  join(dir, "timber-draws.json"),
  JSON.stringify({ chains: fit.chains, perChain: fit.drawsPerChain, seconds: secs, divergences: fit.diagnostics.divergences, stepSize: fit.diagnostics.stepSize, draws: out }),
);
console.log(`@wc/timber joint fit: ${secs.toFixed(1)} s wall, ${fit.chains} x ${fit.drawsPerChain} draws, divergences ${fit.diagnostics.divergences}`);
console.log(`t12 ${fit.thresholds.t12.mean.toFixed(4)}, t23 ${fit.thresholds.t23.mean.toFixed(4)}; wrote ${dir}/data.json and ${dir}/timber-draws.json`);
