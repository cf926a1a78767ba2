// Reproduction example for @wc/cje: `pnpm bench` (tsx bench/index.ts [reps]).
// A seeded world shaped like the paper's Arena setting: 5 policies, 5,000 prompts, a judge whose raw
// score is a monotone non-linear (policy-dependent) distortion of the oracle, 250 oracle labels (5 % of
// prompts). Prints ranking accuracy and the coverage of 95 % intervals; then an off-policy world with
// poor overlap comparing SNIPS, calibrated IPS, DR-CPO and stacked DR (dr-cpo + tmle + mrdr) rankings.
// The refit cluster bootstrap (B = BOOT_B) runs on the first BOOT_REPS on-policy replications.
import { normalCdf, studentTQuantile } from "@wc/stats";
import { rng, type Rng } from "@wc/tensor";
import { autoCalR, directBootstrap, directEstimate, drEstimate, ipsEstimate, stackedDrEstimate, type Sample } from "../src/index";

const reps = Number(process.argv[2] ?? 200);
const BOOT_REPS = Math.min(reps, Number(process.argv[3] ?? 100));
const BOOT_B = Number(process.argv[4] ?? 200);
const N = 5000;
const MU = [-0.3, -0.15, 0, 0.1, 0.25]; // oracle Y = Phi(mu_p + z): true value Phi(mu_p / sqrt 2)
const TRUE = MU.map((m) => normalCdf(m / Math.SQRT2));
const VERBOSITY = [0, 0.01, 0.02, 0.0, 0.01]; // policy-dependent judge offset (raw scale)
const judge = (g: Rng, y: number, p: number) => 1 + 9 * Math.pow(y, 1.8) + 9 * VERBOSITY[p]! + 0.4 * g.normal(); // 1..10-ish

function pairAcc(est: number[], truth: number[]): number {
  let ok = 0;
  let tot = 0;
  for (let i = 0; i < truth.length; i++) for (let j = i + 1; j < truth.length; j++) {
    tot++;
    if (Math.sign(est[i]! - est[j]!) === Math.sign(truth[i]! - truth[j]!)) ok++;
  }
  return ok / tot;
}

function onPolicy() {
  const cover = { naive: 0, noOua: 0, oua: 0, boot: 0 };
  let acc = 0;
  let accBoot = 0;
  let widthBoot = 0;
  let bootMs = 0;
  let widthNo = 0;
  let widthOua = 0;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    const g = rng(1000 + r);
    const fresh: Record<string, Sample[]> = {};
    const all: Sample[] = [];
    const raw: number[][] = MU.map(() => []);
    MU.forEach((mu, p) => {
      fresh[`p${p}`] = [];
      for (let i = 0; i < N; i++) {
        const y = normalCdf(mu + g.normal());
        const s = { promptId: `q${i}`, judgeScore: judge(g, y, p), oracleLabel: y as number | null };
        raw[p]!.push(s.judgeScore);
        fresh[`p${p}`]!.push(s);
        all.push(s);
      }
    });
    // 250 oracle labels = 5 % of prompts, on random rows
    const keep = new Set(Array.from(g.choice(all.length, 250)));
    const labels = all.map((s, i) => (keep.has(i) ? s.oracleLabel! : null));
    const cal = autoCalR(all.map((s) => s.judgeScore), labels, all.map((s) => s.promptId)).calibrator;
    const withOua = directEstimate(fresh, cal);
    const without = directEstimate(fresh, cal, { ouaJackknife: false });
    let boot: ReturnType<typeof directBootstrap> | null = null;
    if (r < BOOT_REPS) {
      const masked: Record<string, Sample[]> = {};
      let off = 0;
      for (const [p, xs] of Object.entries(fresh)) {
        masked[p] = xs.map((s, i) => ({ ...s, oracleLabel: labels[off + i] }));
        off += xs.length;
      }
      const tb = performance.now();
      boot = directBootstrap(masked, { nBootstrap: BOOT_B, seed: r });
      bootMs += performance.now() - tb;
      accBoot += pairAcc(MU.map((_, p) => boot![`p${p}`]!.value), TRUE);
    }
    const est: number[] = [];
    MU.forEach((_, p) => {
      const truth = TRUE[p]!;
      const a = withOua[`p${p}`]!;
      const b = without[`p${p}`]!;
      est.push(a.value);
      if (a.ci[0] <= truth && truth <= a.ci[1]) cover.oua++;
      if (b.ci[0] <= truth && truth <= b.ci[1]) cover.noOua++;
      widthOua += a.ci[1] - a.ci[0];
      widthNo += b.ci[1] - b.ci[0];
      if (boot) {
        const c = boot[`p${p}`]!;
        if (c.ci[0] <= truth && truth <= c.ci[1]) cover.boot++;
        widthBoot += c.ci[1] - c.ci[0];
      }
      // naive: raw judge mean rescaled from [1, 10] to [0, 1], iid t interval
      const xs = raw[p]!.map((v) => (v - 1) / 9);
      const m = xs.reduce((u, v) => u + v, 0) / N;
      const sd = Math.sqrt(xs.reduce((u, v) => u + (v - m) ** 2, 0) / (N - 1));
      const h = studentTQuantile(0.975, N - 1) * (sd / Math.sqrt(N));
      if (m - h <= truth && truth <= m + h) cover.naive++;
    });
    acc += pairAcc(est, TRUE);
  }
  const k = reps * MU.length;
  console.log(`on-policy, ${reps} replications x 5 policies, n = ${N} prompts, 250 oracle labels (${((performance.now() - t0) / reps).toFixed(0)} ms per replication)`);
  console.log(`  pairwise ranking accuracy (calibrated Direct): ${(100 * acc / reps).toFixed(1)} %`);
  console.log(`  95 % CI coverage: naive raw-judge ${(100 * cover.naive / k).toFixed(1)} %, calibrated Direct without OUA ${(100 * cover.noOua / k).toFixed(1)} % (mean width ${(widthNo / k).toFixed(4)}), with OUA ${(100 * cover.oua / k).toFixed(1)} % (mean width ${(widthOua / k).toFixed(4)})`);
  const kb = BOOT_REPS * MU.length;
  console.log(`  refit cluster bootstrap (theta_aug, B = ${BOOT_B}, first ${BOOT_REPS} replications, ${(bootMs / Math.max(1, BOOT_REPS)).toFixed(0)} ms each): coverage ${(100 * cover.boot / kb).toFixed(1)} % (mean width ${(widthBoot / kb).toFixed(4)}), pairwise ranking accuracy ${(100 * accBoot / BOOT_REPS).toFixed(1)} %`);
}

function offPolicy(reps2: number) {
  const BETA = [0.1, 0.3, 0.5, 0.7, 0.9]; // target value Phi(beta / sqrt 2)
  const SIGMA = [3.0, 2.5, 2.0, 3.5, 1.5]; // reward-unrelated log-ratio noise: poor, uneven overlap
  const truth = BETA.map((b) => normalCdf(b / Math.SQRT2));
  const n = 2000;
  const acc = { snips: 0, calibrated: 0, dr: 0, stacked: 0 };
  const cover = { snips: 0, calibrated: 0, dr: 0, stacked: 0 };
  const t0 = performance.now();
  for (let r = 0; r < reps2; r++) {
    const g = rng(5000 + r);
    const logged: Sample[] = [];
    for (let i = 0; i < n; i++) {
      const z = g.normal();
      const y = normalCdf(z);
      const targetLogprobs: Record<string, number> = {};
      BETA.forEach((b, p) => (targetLogprobs[`p${p}`] = -30 + b * z - (b * b) / 2 + SIGMA[p]! * g.normal() - SIGMA[p]! ** 2 / 2));
      logged.push({ promptId: `q${i}`, judgeScore: judge(g, y, 0), oracleLabel: y, baseLogprob: -30, targetLogprobs });
    }
    const fresh: Record<string, Sample[]> = {};
    BETA.forEach((b, p) => (fresh[`p${p}`] = logged.map((s) => ({ promptId: s.promptId, judgeScore: judge(g, normalCdf(b + g.normal()), 0) }))));
    const keep = new Set(Array.from(g.choice(n, 250)));
    const fit = autoCalR(logged.map((s) => s.judgeScore), logged.map((s, i) => (keep.has(i) ? s.oracleLabel! : null)), logged.map((s) => s.promptId));
    const est = { snips: [] as number[], calibrated: [] as number[], dr: [] as number[], stacked: [] as number[] };
    BETA.forEach((_, p) => {
      const e = {
        snips: ipsEstimate(logged, `p${p}`, fit.rewards, { mode: "snips", cal: fit.calibrator }),
        calibrated: ipsEstimate(logged, `p${p}`, fit.rewards, { cal: fit.calibrator }),
        dr: drEstimate(logged, fresh[`p${p}`]!, `p${p}`, fit.calibrator),
        stacked: stackedDrEstimate(logged, fresh[`p${p}`]!, `p${p}`, fit.calibrator),
      };
      for (const k of ["snips", "calibrated", "dr", "stacked"] as const) {
        est[k].push(e[k].value);
        if (e[k].ci[0] <= truth[p]! && truth[p]! <= e[k].ci[1]) cover[k]++;
      }
    });
    for (const k of ["snips", "calibrated", "dr", "stacked"] as const) acc[k] += pairAcc(est[k], truth);
  }
  const k5 = reps2 * 5;
  console.log(`off-policy (poor overlap), ${reps2} replications x 5 policies, n = ${n} logged, 250 oracle labels (${((performance.now() - t0) / reps2).toFixed(0)} ms per replication)`);
  for (const k of ["snips", "calibrated", "dr", "stacked"] as const) {
    console.log(`  ${k.padEnd(10)} pairwise ranking accuracy ${(100 * acc[k] / reps2).toFixed(1)} %, 95 % CI coverage ${(100 * cover[k] / k5).toFixed(1)} %`);
  }
}

onPolicy();
offPolicy(Math.max(10, Math.round(reps / 4)));
