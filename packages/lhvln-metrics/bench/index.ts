// Reproduction example: SR collapses with task length while ISR/CSR/CGT/TAR still separate a better
// agent from a worse one. Run: pnpm --filter @wc/lhvln-metrics bench
import { challengeScore, computeGrouped, computeMetrics } from "../src/index";
import { simulate } from "./simulate";

const agents = {
  better: { p0: 0.7, decay: 0.85, afterFail: 0.5 },
  worse: { p0: 0.45, decay: 0.85, afterFail: 0.5 },
};
const M = 3000;
const keys = ["SR", "OSR", "SPL", "NE", "ISR", "CSR", "CGT", "TAR"] as const;
console.log(`seeded simulation, ${M} tasks per agent, 2-4 subtasks, step budget 500`);
console.log(["agent   N   ", ...keys.map((k) => k.padStart(7)), "  score"].join(""));
for (const [name, spec] of Object.entries(agents)) {
  const eps = simulate(spec, M, 7);
  const t0 = performance.now();
  const groups = computeGrouped(eps, "numSubtasks");
  const all = computeMetrics(eps);
  const ms = performance.now() - t0;
  for (const n of ["2", "3", "4"]) {
    const m = groups[n]!;
    console.log([name.padEnd(8), n.padEnd(4), ...keys.map((k) => m[k].toFixed(3).padStart(7)), challengeScore(m).toFixed(3).padStart(7)].join(""));
  }
  console.log([name.padEnd(8), "all ", ...keys.map((k) => all[k].toFixed(3).padStart(7)), challengeScore(all).toFixed(3).padStart(7)].join(""));
  const macro = computeMetrics(eps, { isrAveraging: "macro" }).ISR;
  console.log(`${name}: ISR micro ${all.ISR.toFixed(4)} vs macro ${macro.toFixed(4)}; metrics over ${M} episodes in ${ms.toFixed(1)} ms`);
}
