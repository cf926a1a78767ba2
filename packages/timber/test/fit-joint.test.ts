import { describe, expect, it } from "vitest";
import { fitReuseModel, levelsFromThresholds } from "../src/index";
import { simulateJoint } from "../bench/simulate";

// Spec section 6.3: latent levels from a known softmax, R | level ~ N((0.95, 0.82, 0.62), 0.03^2).
describe("joint-mode threshold recovery (spec 6.3)", () => {
  const sim = simulateJoint(400, 2);
  const fit = fitReuseModel(sim.r, sim.X, sim.groups, { chains: 2, warmup: 250, draws: 250, seed: 0 });

  it("the analytic boundaries lie in the 90% posterior intervals, posterior means within 0.02", () => {
    for (const [s, t] of [
      [fit.thresholds.t12, sim.truth.t12!],
      [fit.thresholds.t23, sim.truth.t23!],
    ] as const) {
      expect(s.q05).toBeLessThanOrEqual(t);
      expect(s.q95).toBeGreaterThanOrEqual(t);
      expect(Math.abs(s.mean - t)).toBeLessThan(0.02);
    }
  });

  it("thresholds at the posterior means reproduce >= 95% of the latent labels", () => {
    const lv = levelsFromThresholds(sim.r, [fit.thresholds.t12.mean, fit.thresholds.t23.mean]);
    const agree = lv.filter((l, i) => l === sim.labels[i]).length / lv.length;
    expect(agree).toBeGreaterThanOrEqual(0.95);
    const agreeLatent = fit.levels.filter((l, i) => l === sim.labels[i]).length / lv.length;
    expect(agreeLatent).toBeGreaterThanOrEqual(0.95);
  });

  it("recovers the ordered emission means", () => {
    const S = fit.chains * fit.drawsPerChain;
    for (let k = 0; k < 3; k++) {
      let m = 0;
      for (let s = 0; s < S; s++) m += fit.draws.mu![s * 3 + k]! / S;
      // 0.03 / sqrt(n_k) with n_k >= 60 is <= 0.004; allow 4 standard errors
      expect(Math.abs(m - sim.truth.mu![k]!)).toBeLessThan(0.016);
    }
    for (let s = 0; s < S; s++) expect(fit.draws.mu![s * 3]!).toBeGreaterThan(fit.draws.mu![s * 3 + 1]!);
  });
});
