// Reproduction example for @wc/review-agreement: `pnpm bench` (tsx bench/index.ts [n]).
// Plants the paper's shape in a seeded synthetic corpus and checks the package recovers it with
// intervals; "planted" values are the same statistics on a 200,000-paper draw of the same generator.
import { report } from "../src/index";
import { simulateCorpus } from "./simulate";

const n = Number(process.argv[2] ?? 2000);
const t0 = performance.now();
const rep = report(simulateCorpus(n, 7), { seed: 1 });
const ms = performance.now() - t0;
const big = report(simulateCorpus(200_000, 99), { nResamples: 2 });
const f = (v: number) => v.toFixed(3);
const row = (name: string, est: number, ci: [number, number] | null, truth: number) =>
  console.log(`  ${name.padEnd(34)} ${f(est)}${ci ? ` [${f(ci[0])}, ${f(ci[1])}]` : "".padEnd(17)}   planted ${f(truth)}`);
console.log(`synthetic corpus, n = ${n} papers (${rep.counts.used} used), report in ${ms.toFixed(0)} ms`);
row("Pearson r(LLM, human)", rep.agreement.pearson.value, rep.agreement.pearson.ci, big.agreement.pearson.value);
row("Spearman rho(LLM, human)", rep.agreement.spearman.value, rep.agreement.spearman.ci, big.agreement.spearman.value);
row("Kendall tau-b(LLM, human)", rep.agreement.kendallB.value, rep.agreement.kendallB.ci, big.agreement.kendallB.value);
row("bias (LLM - human)", rep.agreement.bias, rep.agreement.biasCI, big.agreement.bias);
row("QWK", rep.agreement.qwk, null, big.agreement.qwk);
row("mean LLM confidence (/10)", rep.calibration!.meanConfidence, null, big.calibration!.meanConfidence);
row("overconfidence", rep.calibration!.overconfidence, null, big.calibration!.overconfidence);
row("ECE", rep.calibration!.ece, null, big.calibration!.ece);
row("rho(confidence, |error|)", rep.calibration!.rhoConfError.value, rep.calibration!.rhoConfError.ci, big.calibration!.rhoConfError.value);
row("rho(LLM, log1p citations)", rep.outcomes.llm.citations!.value, rep.outcomes.llm.citations!.ci, big.outcomes.llm.citations!.value);
row("rho(human, log1p citations)", rep.outcomes.human.citations!.value, rep.outcomes.human.citations!.ci, big.outcomes.human.citations!.value);
row("AUROC(LLM, hit10)", rep.outcomes.llm.hit10!.auroc!, null, big.outcomes.llm.hit10!.auroc!);
row("AUROC(human, hit10)", rep.outcomes.human.hit10!.auroc!, null, big.outcomes.human.hit10!.auroc!);
const c = rep.citationComparison!;
console.log(`  Williams t (r(LLM,Y) vs r(human,Y), Pearson on log1p citations): t = ${f(c.williams.t)}, p = ${c.williams.p.toExponential(2)}, bootstrap diff CI [${f(c.bootDiffCI[0])}, ${f(c.bootDiffCI[1])}]`);

// coverage of the 95 % intervals over 50 independent corpora
const reps = 50;
const keys = ["pearson", "spearman", "kendallB"] as const;
const hits: Record<string, number> = { pearson: 0, spearman: 0, kendallB: 0, bias: 0, llmCit: 0, humanCit: 0, williamsReject: 0 };
for (let s = 0; s < reps; s++) {
  const r = report(simulateCorpus(n, 1000 + s), { nResamples: 200, seed: s });
  const inside = (ci: [number, number], v: number) => (ci[0] <= v && v <= ci[1] ? 1 : 0);
  for (const k of keys) hits[k]! += inside(r.agreement[k].ci, big.agreement[k].value);
  hits.bias! += inside(r.agreement.biasCI, big.agreement.bias);
  hits.llmCit! += inside(r.outcomes.llm.citations!.ci, big.outcomes.llm.citations!.value);
  hits.humanCit! += inside(r.outcomes.human.citations!.ci, big.outcomes.human.citations!.value);
  hits.williamsReject! += r.citationComparison!.williams.p < 0.05 && r.citationComparison!.williams.t > 0 ? 1 : 0;
}
console.log(`coverage of 95 % intervals over ${reps} corpora of n = ${n}: ` + Object.entries(hits).map(([k, v]) => `${k} ${((100 * v) / reps).toFixed(0)} %`).join(", "));
