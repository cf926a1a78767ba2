import { WcError } from "@wc/tensor";
import { checkCallback, checkInt } from "../internal/checks";
import { toRandomSource, type RandomSource, type SeedOrRng } from "../internal/rng";
import { buildTree, clonePoint, criterion, hamiltonian, leapfrog, logAdd, sharp, sumOf, type Point, type TreeContext } from "./nuts-tree";

/** Log density with gradient: returns log p(q) and writes d log p / dq into `grad`. */
export type LogDensityFn = (q: Float64Array, grad: Float64Array) => number;

/** Options of {@link nuts}; defaults follow Stan. */
export interface NutsOptions {
  /** Warmup (adaptation) iterations, discarded (default 1000). */
  numWarmup?: number;
  /** Draws kept after warmup (default 1000). */
  numDraws?: number;
  /** Seed or random source (default 0). */
  seed?: SeedOrRng;
  /** Target mean acceptance statistic delta of dual averaging (default 0.8). */
  targetAccept?: number;
  /** Maximum tree depth (default 10, i.e. at most 1023 leapfrog steps). */
  maxTreeDepth?: number;
  /** Initial step size before the doubling/halving heuristic (default 1). */
  initStepSize?: number;
  /** Initial diagonal inverse metric (default all 1). */
  initInvMetric?: ArrayLike<number>;
  /** Adapt the diagonal metric in Stan's windows (default true). */
  adaptMetric?: boolean;
  /** Energy error that flags a divergence (default 1000). */
  maxDeltaH?: number;
  /** Dual averaging gamma (0.05), t0 (10), kappa (0.75). */
  gamma?: number;
  t0?: number;
  kappa?: number;
  /** Stan warmup windows: initial fast buffer (75), first slow window (25), terminal fast buffer (50). */
  initBuffer?: number;
  baseWindow?: number;
  termBuffer?: number;
  /**
   * Called after every iteration, warmup included, with `(done, total)`, `done` running 1..`total`
   * = numWarmup + numDraws (default none; for progress bars; never changes the draws).
   */
  onIteration?: (done: number, total: number) => void;
}

/** Result of {@link nuts}: draws and per-draw sampler diagnostics. */
export interface NutsResult {
  /** numDraws x dim draws, row-major. */
  readonly draws: Float64Array;
  /** Dimension of the parameter vector. */
  readonly dim: number;
  /** Number of kept draws. */
  readonly numDraws: number;
  /** Log density at each draw. */
  readonly logDensity: Float64Array;
  /** Mean Metropolis acceptance over the trajectory, per draw. */
  readonly acceptStat: Float64Array;
  /** Tree depth per draw. */
  readonly treeDepth: Int32Array;
  /** Hamiltonian (energy) per draw, for E-BFMI. */
  readonly energy: Float64Array;
  /** Number of divergent transitions after warmup. */
  readonly divergences: number;
  /** Adapted step size. */
  readonly stepSize: number;
  /** Adapted diagonal inverse metric (posterior variance estimates). */
  readonly invMetric: Float64Array;
}

interface TransitionOut {
  z: Point;
  accept: number;
  depth: number;
  divergent: boolean;
  energy: number;
}

function samplePoint(z: Point, invM: Float64Array, rng: RandomSource): void {
  for (let i = 0; i < z.p.length; i++) z.p[i] = rng.normal() / Math.sqrt(invM[i] as number);
}

function transition(z0: Point, eps: number, invM: Float64Array, maxDepth: number, maxDeltaH: number, ld: LogDensityFn, rng: RandomSource): TransitionOut {
  const z = clonePoint(z0);
  samplePoint(z, invM, rng);
  const h0 = hamiltonian(z, invM);
  const ctx: TreeContext = { logDensity: ld, invMetric: invM, eps, h0, maxDeltaH, uniform: () => rng.uniform(), nLeapfrog: 0, sumMetroProb: 0, divergent: false };
  const zFwd = clonePoint(z);
  const zBck = clonePoint(z);
  let sample = clonePoint(z);
  const s0 = sharp(z.p, invM);
  let pFwdFwd: Float64Array = z.p.slice();
  let pFwdBck: Float64Array = z.p.slice();
  let pBckFwd: Float64Array = z.p.slice();
  let pBckBck: Float64Array = z.p.slice();
  let sFwdFwd: Float64Array = s0.slice();
  let sFwdBck: Float64Array = s0.slice();
  let sBckFwd: Float64Array = s0.slice();
  let sBckBck: Float64Array = s0.slice();
  let rho: Float64Array = z.p.slice();
  let logW = 0;
  let depth = 0;
  while (depth < maxDepth) {
    let rhoFwd: Float64Array;
    let rhoBck: Float64Array;
    let sub;
    if (rng.uniform() > 0.5) {
      rhoBck = rho;
      pBckFwd = pFwdBck;
      sBckFwd = sFwdBck;
      sub = buildTree(depth, zFwd, 1, ctx);
      rhoFwd = sub.rho;
      pFwdBck = sub.pBeg;
      pFwdFwd = sub.pEnd;
      sFwdBck = sub.sBeg;
      sFwdFwd = sub.sEnd;
    } else {
      rhoFwd = rho;
      pFwdBck = pBckFwd;
      sFwdBck = sBckFwd;
      sub = buildTree(depth, zBck, -1, ctx);
      rhoBck = sub.rho;
      pBckFwd = sub.pBeg;
      pBckBck = sub.pEnd;
      sBckFwd = sub.sBeg;
      sBckBck = sub.sEnd;
    }
    if (!sub.valid) break;
    depth++;
    if (sub.logW > logW) sample = sub.propose;
    else if (rng.uniform() < Math.exp(sub.logW - logW)) sample = sub.propose;
    logW = logAdd(logW, sub.logW);
    rho = sumOf(rhoBck, rhoFwd);
    let persist = criterion(sBckBck, sFwdFwd, rho);
    persist = persist && criterion(sBckBck, sFwdBck, sumOf(rhoBck, pFwdBck));
    persist = persist && criterion(sBckFwd, sFwdFwd, sumOf(rhoFwd, pBckFwd));
    if (!persist) break;
  }
  return { z: sample, accept: ctx.nLeapfrog > 0 ? ctx.sumMetroProb / ctx.nLeapfrog : 0, depth, divergent: ctx.divergent, energy: hamiltonian(sample, invM) };
}

/** Stan's step size heuristic: double or halve until the one-step acceptance crosses 0.8. */
function initStepSize(z0: Point, eps0: number, invM: Float64Array, ld: LogDensityFn, rng: RandomSource): number {
  let eps = eps0;
  const ctx = { logDensity: ld, invMetric: invM } as TreeContext;
  const trial = (): number => {
    const z = clonePoint(z0);
    samplePoint(z, invM, rng);
    const h0 = hamiltonian(z, invM);
    leapfrog(z, eps, ctx);
    let h = hamiltonian(z, invM);
    if (Number.isNaN(h)) h = Infinity;
    return h0 - h;
  };
  const dir = trial() > Math.log(0.8) ? 1 : -1;
  for (let it = 0; it < 200; it++) {
    const dh = trial();
    if (dir === 1 && !(dh > Math.log(0.8))) break;
    if (dir === -1 && !(dh < Math.log(0.8))) break;
    eps = dir === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7) throw new WcError("E_NOT_CONVERGED", "nuts: step size grew past 1e7; the posterior is probably improper");
    if (eps === 0) throw new WcError("E_NOT_CONVERGED", "nuts: step size underflowed to 0; check the log density and its gradient");
  }
  return eps;
}

/**
 * No-U-Turn sampler (Hoffman and Gelman 2014) in Stan's form: multinomial sampling of the trajectory
 * (biased progressive between subtrees, uniform within), the generalized no-U-turn criterion with
 * extra checks across subtree boundaries, dual-averaging step size adaptation and a diagonal mass
 * matrix estimated in Stan's windows (fast 75 / slow 25, 50, 100, ... / fast 50), with the variance
 * shrunk toward 1e-3 by weight 5/(n + 5).
 *
 * @param logDensity - log density (up to a constant) that writes its gradient into `grad`.
 * @param init - starting point (finite log density required).
 * @param options - see {@link NutsOptions}; Stan defaults.
 * @returns {@link NutsResult}.
 * @throws {WcError} `E_RANGE` for a non-finite initial log density or bad options; `E_NOT_CONVERGED` if the step size heuristic fails.
 * @example
 * const r = nuts((q, g) => { g[0] = -q[0]; return -0.5 * q[0] * q[0]; }, Float64Array.of(0), { numDraws: 500, seed: 1 });
 * r.draws.length; // 500
 */
export function nuts(logDensity: LogDensityFn, init: ArrayLike<number>, options: NutsOptions = {}): NutsResult {
  const where = "nuts";
  const numWarmup = options.numWarmup ?? 1000;
  const numDraws = options.numDraws ?? 1000;
  checkInt(numWarmup, 0, where, "numWarmup");
  checkInt(numDraws, 1, where, "numDraws");
  const maxDepth = options.maxTreeDepth ?? 10;
  checkInt(maxDepth, 1, where, "maxTreeDepth");
  const delta = options.targetAccept ?? 0.8;
  if (!(delta > 0 && delta < 1)) throw new WcError("E_RANGE", `${where}: targetAccept must be in (0, 1), got ${delta}`);
  const maxDeltaH = options.maxDeltaH ?? 1000;
  const gamma = options.gamma ?? 0.05;
  const t0 = options.t0 ?? 10;
  const kappa = options.kappa ?? 0.75;
  const rng = toRandomSource(options.seed ?? 0, where);
  const onIteration = checkCallback(options.onIteration, where);
  const d = init.length;
  if (d === 0) throw new WcError("E_SHAPE", `${where}: init is empty`);
  const invM = new Float64Array(d).fill(1);
  if (options.initInvMetric) {
    if (options.initInvMetric.length !== d) throw new WcError("E_SHAPE", `${where}: initInvMetric has length ${options.initInvMetric.length}, expected ${d}`);
    for (let i = 0; i < d; i++) {
      const v = options.initInvMetric[i] as number;
      if (!(v > 0) || v === Infinity) throw new WcError("E_RANGE", `${where}: initInvMetric[${i}] = ${v} must be positive and finite`);
      invM[i] = v;
    }
  }
  let z: Point = { q: Float64Array.from(init), p: new Float64Array(d), g: new Float64Array(d), logp: 0 };
  z.logp = logDensity(z.q, z.g);
  if (!Number.isFinite(z.logp)) throw new WcError("E_RANGE", `${where}: the log density at init is ${z.logp}; start from a point with finite density`);
  for (let i = 0; i < d; i++) if (!Number.isFinite(z.g[i] as number)) throw new WcError("E_RANGE", `${where}: gradient[${i}] at init is ${z.g[i]}`);

  let eps = initStepSize(z, options.initStepSize ?? 1, invM, logDensity, rng);
  // dual averaging state
  let mu = Math.log(10 * eps);
  let counter = 0;
  let sBar = 0;
  let xBar = 0;
  // Stan windows
  let initBuffer = options.initBuffer ?? 75;
  let termBuffer = options.termBuffer ?? 50;
  let baseWindow = options.baseWindow ?? 25;
  const adaptMetric = (options.adaptMetric ?? true) && numWarmup >= 20;
  if (initBuffer + baseWindow + termBuffer > numWarmup) {
    initBuffer = Math.floor(0.15 * numWarmup);
    termBuffer = Math.floor(0.1 * numWarmup);
    baseWindow = numWarmup - (initBuffer + termBuffer);
  }
  let windowSize = baseWindow;
  let nextWindow = initBuffer + windowSize - 1;
  let wN = 0;
  const wMean = new Float64Array(d);
  const wM2 = new Float64Array(d);

  const draws = new Float64Array(numDraws * d);
  const lp = new Float64Array(numDraws);
  const acc = new Float64Array(numDraws);
  const depthOut = new Int32Array(numDraws);
  const energy = new Float64Array(numDraws);
  let divergences = 0;
  for (let it = 0; it < numWarmup + numDraws; it++) {
    const t = transition(z, eps, invM, maxDepth, maxDeltaH, logDensity, rng);
    z = t.z;
    if (it < numWarmup) {
      counter++;
      const a = Math.min(1, t.accept);
      const eta = 1 / (counter + t0);
      sBar = (1 - eta) * sBar + eta * (delta - a);
      const x = mu - (sBar * Math.sqrt(counter)) / gamma;
      const xEta = Math.pow(counter, -kappa);
      xBar = (1 - xEta) * xBar + xEta * x;
      eps = Math.exp(x);
      if (adaptMetric) {
        if (it >= initBuffer && it < numWarmup - termBuffer) {
          wN++;
          for (let i = 0; i < d; i++) {
            const dd = (z.q[i] as number) - (wMean[i] as number);
            wMean[i] = (wMean[i] as number) + dd / wN;
            wM2[i] = (wM2[i] as number) + dd * ((z.q[i] as number) - (wMean[i] as number));
          }
        }
        if (it === nextWindow && it !== numWarmup) {
          // compute the next window boundary (Stan's compute_next_window)
          if (nextWindow !== numWarmup - termBuffer - 1) {
            windowSize *= 2;
            nextWindow = it + windowSize;
            if (nextWindow !== numWarmup - termBuffer - 1 && nextWindow + 2 * windowSize >= numWarmup - termBuffer) nextWindow = numWarmup - termBuffer - 1;
          }
          for (let i = 0; i < d; i++) {
            const v = wN > 1 ? (wM2[i] as number) / (wN - 1) : 1;
            invM[i] = (wN / (wN + 5)) * v + 1e-3 * (5 / (wN + 5));
          }
          wN = 0;
          wMean.fill(0);
          wM2.fill(0);
          eps = initStepSize(z, eps, invM, logDensity, rng);
          mu = Math.log(10 * eps);
          counter = 0;
          sBar = 0;
          xBar = 0;
        }
      }
      if (it === numWarmup - 1) eps = Math.exp(xBar);
    } else {
      const k = it - numWarmup;
      draws.set(z.q, k * d);
      lp[k] = z.logp;
      acc[k] = t.accept;
      depthOut[k] = t.depth;
      energy[k] = t.energy;
      if (t.divergent) divergences++;
    }
    onIteration?.(it + 1, numWarmup + numDraws);
  }
  return { draws, dim: d, numDraws, logDensity: lp, acceptStat: acc, treeDepth: depthOut, energy, divergences, stepSize: eps, invMetric: invM };
}

/**
 * Runs {@link nuts} on several chains, chain c seeded with `seed + c` (a numeric seed is required so
 * chains are independent and reproducible).
 *
 * @param logDensity - log density with gradient.
 * @param inits - one starting point per chain.
 * @param options - {@link NutsOptions}; `seed` must be a number here (default 0).
 * @returns one {@link NutsResult} per chain.
 * @throws {WcError} `E_ARGUMENT` for a non-numeric seed; as {@link nuts} otherwise.
 * @example
 * const chains = nutsChains((q, g) => { g[0] = -q[0]; return -0.5 * q[0] ** 2; }, [[0], [1]], { seed: 3, numDraws: 200 });
 */
export function nutsChains(logDensity: LogDensityFn, inits: readonly ArrayLike<number>[], options: NutsOptions = {}): NutsResult[] {
  const seed = options.seed ?? 0;
  if (typeof seed !== "number") throw new WcError("E_ARGUMENT", "nutsChains: pass a numeric seed; chain c uses seed + c");
  return inits.map((q0, c) => nuts(logDensity, q0, { ...options, seed: seed + c }));
}

