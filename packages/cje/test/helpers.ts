import { rng } from "@wc/tensor";
import { normalCdf } from "@wc/stats";
import type { Sample } from "../src/types";

/**
 * Seeded toy world with a closed-form truth: latent z ~ N(0, 1) under the logging policy, oracle
 * Y = Phi(z), target policy b tilts z by beta: log w = beta z - beta^2/2 (E0[w] = 1), so its value
 * E0[w Y] = E[Phi(z + beta)] = Phi(beta / sqrt(2)); fresh draws use z' ~ N(beta, 1).
 * Judge S = Y^2 + N(0, noise^2) noise (monotone distortion).
 */
export function toyWorld(o: { n: number; betas: Record<string, number>; oracleFrac: number; seed: number; noise?: number; draws?: number }) {
  const g = rng(o.seed);
  const noise = o.noise ?? 0.05;
  const judge = (y: number) => y * y + noise * g.normal();
  const logged: Sample[] = [];
  for (let i = 0; i < o.n; i++) {
    const z = g.normal();
    const y = normalCdf(z);
    const base = -20 - Math.abs(g.normal());
    const targetLogprobs: Record<string, number> = {};
    for (const [p, b] of Object.entries(o.betas)) targetLogprobs[p] = base + b * z - (b * b) / 2;
    logged.push({ promptId: `q${i}`, judgeScore: judge(y), oracleLabel: g.uniform() < o.oracleFrac ? y : null, baseLogprob: base, targetLogprobs });
  }
  const fresh: Record<string, Sample[]> = {};
  for (const [p, b] of Object.entries(o.betas)) {
    fresh[p] = [];
    for (let i = 0; i < o.n; i++) {
      for (let d = 0; d < (o.draws ?? 1); d++) {
        const y = normalCdf(b + g.normal());
        fresh[p].push({ promptId: `q${i}`, judgeScore: judge(y), oracleLabel: y });
      }
    }
  }
  const truth: Record<string, number> = {};
  for (const [p, b] of Object.entries(o.betas)) truth[p] = normalCdf(b / Math.SQRT2);
  return { logged, fresh, truth };
}
