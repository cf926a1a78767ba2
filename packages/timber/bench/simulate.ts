import { rng as makeRng } from "@wc/tensor";
import { softmax } from "@wc/stats";
import { levelBoundary } from "../src/thresholds";

/** A simulated specimen set with its planted truth. */
export interface Simulated {
  r: number[];
  X: number[][];
  groups: string[];
  labels: (1 | 2 | 3)[];
  truth: { a: [number, number]; beta: [number[], number[]]; u: number[][]; mu?: number[]; sigma?: number; t12?: number; t23?: number };
}

/**
 * Fixed-mode recovery set of the spec (section 6.2): n specimens, P = 5 standard-normal features,
 * beta2 = [1.5, 0, 0, -1, 0], beta3 = [2.5, 0, 0, -2, 0], intercepts (0, -0.5), 3 groups with
 * u ~ N(0, 0.5^2); levels from the softmax; R drawn uniformly inside each level's band of [0.9, 0.7].
 */
export function simulateFixed(n: number, seed: number): Simulated {
  const g = makeRng(seed);
  const beta: [number[], number[]] = [
    [1.5, 0, 0, -1, 0],
    [2.5, 0, 0, -2, 0],
  ];
  const a: [number, number] = [0, -0.5];
  const u = [0, 1, 2].map(() => [0.5 * g.normal(), 0.5 * g.normal()]);
  const X: number[][] = [];
  const groups: string[] = [];
  const labels: (1 | 2 | 3)[] = [];
  const r: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 5 }, () => g.normal());
    const gi = i % 3;
    const eta = [0, 1].map((k) => a[k]! + u[gi]![k]! + x.reduce((s, v, j) => s + v * beta[k]![j]!, 0));
    const p = softmax([0, eta[0]!, eta[1]!]);
    const t = g.uniform();
    const lvl = (t < p[0]! ? 1 : t < p[0]! + p[1]! ? 2 : 3) as 1 | 2 | 3;
    X.push(x);
    groups.push(`g${gi}`);
    labels.push(lvl);
    r.push(lvl === 1 ? 0.9 + 0.1 * g.uniform() : lvl === 2 ? 0.7 + 0.2 * g.uniform() : 0.4 + 0.3 * g.uniform());
  }
  return { r, X, groups, labels, truth: { a, beta, u } };
}

/**
 * Joint-mode set of the spec (section 6.3): latent levels from a known softmax of two features
 * (beta2 = [1, 0], beta3 = [2, 0], intercepts (0, 0), one group), R | level ~ N(mu_k, 0.03^2) with
 * mu = (0.95, 0.82, 0.62). The analytic boundaries use the true parameters and the empirical mean
 * class probabilities.
 */
export function simulateJoint(n: number, seed: number): Simulated {
  const g = makeRng(seed);
  const mu = [0.95, 0.82, 0.62];
  const sigma = 0.03;
  const beta: [number[], number[]] = [
    [1, 0],
    [2, 0],
  ];
  const X: number[][] = [];
  const labels: (1 | 2 | 3)[] = [];
  const r: number[] = [];
  const bar = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = [g.normal(), g.normal()];
    const p = softmax([0, x[0]! * beta[0][0]!, x[0]! * beta[1][0]!]);
    for (let k = 0; k < 3; k++) bar[k] += p[k]! / n;
    const t = g.uniform();
    const lvl = (t < p[0]! ? 1 : t < p[0]! + p[1]! ? 2 : 3) as 1 | 2 | 3;
    X.push(x);
    labels.push(lvl);
    r.push(mu[lvl - 1]! + sigma * g.normal());
  }
  const t12 = levelBoundary(bar[0]!, mu[0]!, sigma, bar[1]!, mu[1]!, sigma);
  const t23 = levelBoundary(bar[1]!, mu[1]!, sigma, bar[2]!, mu[2]!, sigma);
  return { r, X, groups: X.map(() => "all"), labels, truth: { a: [0, 0], beta, u: [[0, 0]], mu, sigma, t12, t23 } };
}

/** Truth of the reproduction set of {@link simulatePaperShape}. */
export interface PaperShapeTruth {
  beta: [number[], number[]];
  groupEta: Record<string, [number, number]>;
  mu: number[];
  sigma: number;
  t12: number;
  t23: number;
}

/**
 * A specimen set shaped like the paper's abstract: 300 specimens after one wet-dry cycle (about 70%
 * at level 1, i.e. R >= 0.90) and 300 after repeated cycling (mean R about 0.78). Features: density
 * and hardness (which matter), moisture content (does not), size class and grain orientation
 * (indicators; grain matters). R | level ~ N((0.95, 0.82, 0.62), 0.03^2).
 */
export function simulatePaperShape(seed: number): { r: number[]; X: number[][]; groups: string[]; labels: (1 | 2 | 3)[]; names: string[]; truth: PaperShapeTruth } {
  const g = makeRng(seed);
  // standardised-scale coefficients of [density, moisture, size=large, grain=radial, hardness] for levels 2 and 3
  const beta: [number[], number[]] = [
    [-0.8, 0, 0, 0.8, -0.5],
    [-1.6, 0, 0, 1.5, -1.0],
  ];
  const groupEta: Record<string, [number, number]> = { "1-cycle": [-2.3, -3.6], "n-cycles": [-0.3, -0.3] };
  const mu = [0.95, 0.82, 0.62];
  const sigma = 0.03;
  const X: number[][] = [];
  const groups: string[] = [];
  const labels: (1 | 2 | 3)[] = [];
  const r: number[] = [];
  const bar = [0, 0, 0];
  for (let i = 0; i < 600; i++) {
    const grp = i < 300 ? "1-cycle" : "n-cycles";
    const z = [g.normal(), g.normal(), g.uniform() < 0.5 ? 1 : 0, g.uniform() < 0.3 ? 1 : 0, g.normal()];
    const eta = [0, 1].map((k) => groupEta[grp]![k]! + z.reduce((s, v, j) => s + v * beta[k]![j]!, 0));
    const p = softmax([0, eta[0]!, eta[1]!]);
    for (let k = 0; k < 3; k++) bar[k] += p[k]! / 600;
    const t = g.uniform();
    const lvl = (t < p[0]! ? 1 : t < p[0]! + p[1]! ? 2 : 3) as 1 | 2 | 3;
    // raw units: density kg/m^3, moisture %, size class, grain, Brinell hardness
    X.push([470 + 40 * z[0]!, 25 + 2 * z[1]!, z[2]!, z[3]!, 20 + 3 * z[4]!]);
    groups.push(grp);
    labels.push(lvl);
    r.push(mu[lvl - 1]! + sigma * g.normal());
  }
  const t12 = levelBoundary(bar[0]!, mu[0]!, sigma, bar[1]!, mu[1]!, sigma);
  const t23 = levelBoundary(bar[1]!, mu[1]!, sigma, bar[2]!, mu[2]!, sigma);
  return { r, X, groups, labels, names: ["density", "moisture", "size=large", "grain=radial", "hardness"], truth: { beta, groupEta, mu, sigma, t12, t23 } };
}
