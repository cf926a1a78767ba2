// Reproduction example: `pnpm bench` in packages/timber (about a minute or two on the 2-core VM).
// Fits the joint (thresholds inferred) and fixed (0.90 / 0.70) models on a synthetic set shaped like
// the paper's abstract and prints what is recovered. `--json out.json` also writes the data set it
// fits (r, raw X, groups, names). For the Stan cross-check use bench/stan-compare.ts, which writes the
// same data set (seed 2025) plus the joint fit's draws for bench/stan/run-stan.R.
import { writeFileSync } from "node:fs";
import { fitReuseModel, type ReuseFit } from "../src/index";
import { simulatePaperShape } from "./simulate";

const sim = simulatePaperShape(2025);
const jsonAt = process.argv.indexOf("--json");
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({ r: sim.r, X: sim.X, groups: sim.groups, names: sim.names }));
const share = (grp: string, f: (r: number, i: number) => boolean): number => {
  const idx = sim.groups.map((g, i) => (g === grp ? i : -1)).filter((i) => i >= 0);
  return idx.filter((i) => f(sim.r[i]!, i)).length / idx.length;
};
const meanR = (grp: string): number => {
  const v = sim.r.filter((_, i) => sim.groups[i] === grp);
  return v.reduce((a, b) => a + b, 0) / v.length;
};
console.log(`data: n = ${sim.r.length}; 1-cycle: ${(100 * share("1-cycle", (r) => r >= 0.9)).toFixed(1)}% with R >= 0.90 (paper: 70%), mean R ${meanR("1-cycle").toFixed(3)}; n-cycles: mean R ${meanR("n-cycles").toFixed(3)} (paper: 0.78)`);
console.log(`true boundaries (bisection on the true parameters): t12 = ${sim.truth.t12.toFixed(4)}, t23 = ${sim.truth.t23.toFixed(4)}`);

function report(name: string, fit: ReuseFit, secs: number): void {
  const d = fit.diagnostics;
  const rh = Math.max(...Object.values(d.rhat));
  const ess = Math.min(...Object.values(d.essBulk).filter(Number.isFinite));
  console.log(`\n== ${name}: ${secs.toFixed(1)} s, ${fit.chains} chains x ${fit.drawsPerChain} draws; divergences ${d.divergences}; E-BFMI ${d.ebfmi.map((b) => b.toFixed(2)).join("/")}; max R-hat ${rh.toFixed(3)}; min bulk ESS ${ess.toFixed(0)}`);
  for (const k of ["t12", "t23"] as const) {
    const s = fit.thresholds[k];
    console.log(`${k}: mean ${s.mean.toFixed(4)} sd ${s.sd.toFixed(4)} 90% [${s.q05.toFixed(4)}, ${s.q95.toFixed(4)}]  truth ${sim.truth[k].toFixed(4)}`);
  }
  const P = fit.featureNames.length;
  const S = fit.chains * fit.drawsPerChain;
  let covered = 0;
  console.log("coefficient            truth    mean      5%      95%   kappa");
  for (let k = 0; k < 2; k++) {
    for (let j = 0; j < P; j++) {
      const v = Float64Array.from({ length: S }, (_, s) => fit.draws.beta![s * 2 * P + k * P + j]!).sort();
      const kap = Array.from({ length: S }, (_, s) => fit.draws.kappa![s * 2 * P + k * P + j]!).reduce((a, b) => a + b, 0) / S;
      const m = v.reduce((a, b) => a + b, 0) / S;
      const lo = v[Math.round(0.05 * (S - 1))]!;
      const hi = v[Math.round(0.95 * (S - 1))]!;
      const t = sim.truth.beta[k]![j]!;
      if (lo <= t && t <= hi) covered++;
      console.log(`L${k + 2} ${fit.featureNames[j]!.padEnd(14)} ${t.toFixed(2).padStart(6)} ${m.toFixed(3).padStart(7)} ${lo.toFixed(3).padStart(7)} ${hi.toFixed(3).padStart(7)}  ${kap.toFixed(3)}`);
    }
  }
  console.log(`90% intervals cover ${covered} of ${2 * P} planted coefficients`);
  const agree = fit.levels.filter((l, i) => l === sim.labels[i]).length / fit.levels.length;
  console.log(`levels agreeing with the planted latent levels: ${(100 * agree).toFixed(1)}%`);
  const pred = fit.predict([[470, 25, 0, 0, 20], [470, 25, 0, 0, 20]], ["1-cycle", "n-cycles"]);
  console.log(`average specimen, P(level 1): 1-cycle ${pred.probs[0]![0]!.toFixed(3)} [${pred.lo[0]![0]!.toFixed(3)}, ${pred.hi[0]![0]!.toFixed(3)}], n-cycles ${pred.probs[1]![0]!.toFixed(3)} [${pred.lo[1]![0]!.toFixed(3)}, ${pred.hi[1]![0]!.toFixed(3)}]`);
  console.log("relevance ranking: " + fit.featureRelevance().slice(0, 5).map((f) => `${f.name}(L${f.level}) ${f.meanAbsBeta.toFixed(2)}`).join(", "));
}

for (const mode of ["joint", "fixed"] as const) {
  const t0 = performance.now();
  const fit = fitReuseModel(sim.r, sim.X, sim.groups, { mode, thresholds: [0.9, 0.7], featureNames: sim.names, seed: 0 });
  report(`${mode} mode`, fit, (performance.now() - t0) / 1000);
}
