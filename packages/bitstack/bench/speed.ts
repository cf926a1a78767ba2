import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng, tensor } from "@wc/tensor";
import { blockBytes, buildConfigs, decomposeMatrix, selectConfig } from "../src/index";

/** Decomposition of one n x n matrix (nIter, k) in TS (exact and randomized) vs the NumPy loop. */
export function decompositionSpeed(n: number, nIter: number, k: number): void {
  const rng = new Rng(0);
  const data = Float32Array.from({ length: n * n }, () => rng.normal());
  const W = tensor(data, [n, n]);
  const file = join(mkdtempSync(join(tmpdir(), "bitstack-bench-")), "w.f32");
  writeFileSync(file, new Uint8Array(data.buffer));
  // CPU seconds on both sides (one thread each), so a busy shared machine inflates neither side.
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let t = cpu();
  const ex = decomposeMatrix(W, { nIter, k });
  const tsExact = cpu() - t;
  t = cpu();
  const rn = decomposeMatrix(W, { nIter, k, svd: "randomized" });
  const tsRand = cpu() - t;
  const rel = (l: typeof ex) => l.residualNorms![nIter]! / l.residualNorms![0]!;
  const py = spawnSync("python3", [fileURLToPath(new URL("./avd_numpy.py", import.meta.url)), String(n), String(nIter), String(k), file], {
    encoding: "utf8",
    // One BLAS thread: the TS path is single-threaded, and threaded BLAS thrashes on a shared 2-core VM.
    env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
  });
  const np = py.status === 0 ? (JSON.parse(py.stdout) as { seconds: number; rel: number }) : undefined;
  console.log(`bitstack:decompose:${n}x${n}:niter${nIter}:k${k}:f32-in/f64-compute`);
  console.log(`  (CPU seconds, 1 thread each; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")})`);
  console.log(`  TS exact SVD      ${tsExact.toFixed(2)} s  ||R||/||W|| ${rel(ex).toFixed(6)}`);
  console.log(`  TS randomized SVD ${tsRand.toFixed(2)} s  ||R||/||W|| ${rel(rn).toFixed(6)}`);
  if (np) console.log(`  NumPy exact (f64, 1 thread) ${np.seconds.toFixed(2)} s  ||R||/||W|| ${np.rel.toFixed(6)}   ratio TS exact / NumPy = ${(tsExact / np.seconds).toFixed(2)}x, randomized / NumPy = ${(tsRand / np.seconds).toFixed(2)}x`);
  else console.log("  NumPy: python3 with numpy not available");
}

/** Budget lookup on a 7B-sized table: 224 linears x 15 extra blocks (3361 configs). */
export function lookupSpeed(): void {
  const shapes: [string, number, number][] = [];
  for (let i = 0; i < 32; i++) {
    for (const [p, m, n] of [["q", 4096, 4096], ["k", 1024, 4096], ["v", 1024, 4096], ["o", 4096, 4096], ["gate", 14336, 4096], ["up", 14336, 4096], ["down", 4096, 14336]] as const) shapes.push([`model.layers.${i}.${p}`, m, n]);
  }
  const bytes = Object.fromEntries(shapes.map(([n, m, c]) => [n, blockBytes(m, c, 16)]));
  const rng = new Rng(1);
  const order: string[] = [];
  for (let level = 0; level < 15; level++) {
    const names = shapes.map(([n]) => n);
    for (let i = names.length - 1; i > 0; i--) {
      const j = rng.integers(0, i + 1);
      [names[i], names[j]] = [names[j]!, names[i]!];
    }
    order.push(...names);
  }
  let t = performance.now();
  const configs = buildConfigs(order, bytes, 1_050_673_152);
  const build = performance.now() - t;
  const lo = configs[0]!.memory;
  const hi = configs[configs.length - 1]!.memory;
  const reps = 1000;
  t = performance.now();
  let sink = 0;
  for (let r = 0; r < reps; r++) sink += Object.keys(selectConfig(configs, lo + ((hi - lo) * r) / reps)).length;
  const per = (performance.now() - t) / reps;
  console.log(`bitstack:selectConfig:224x15:${configs.length} configs  build ${build.toFixed(1)} ms, lookup ${per.toFixed(3)} ms each (goal < 10 ms)  [${sink > 0 ? "ok" : ""}]`);
  console.log(`  smallest ${(lo / 2 ** 30).toFixed(2)} GiB, largest ${(hi / 2 ** 30).toFixed(2)} GiB (Llama-3.1-8B shapes, fp16 embeddings/head)`);
}
