// GEMM benchmark: @wc/tensor (WASM SIMD, 1 and 2 threads; pure-TS fallback) side by side with
// ml-matrix, @tensorflow/tfjs-backend-wasm (XNNPACK) and NumPy/OpenBLAS (python3, when present),
// square C = A B at 256..2048, float32 and float64. Median wall time of repeated calls after
// warm-up; GFLOP/s = 2 n^3 / t. Ratios are to NumPy with the same thread count.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gemm, gemmBlocked, setThreads, wasmGemmVariant, type GemmArgs } from "../src/index";
import { threadsSupported } from "../src/gemm/threads";

export interface BenchOptions {
  json: boolean;
  quick: boolean;
}

/** One benchmark cell. */
export interface GemmBenchRow {
  impl: string;
  dtype: "float32" | "float64";
  threads: number;
  n: number;
  /** Median seconds per call. */
  seconds: number | null;
  /** Fastest call (less sensitive to other processes on a shared machine). */
  bestSeconds: number | null;
  gflops: number | null;
  bestGflops: number | null;
  /** Our / NumPy GFLOP/s with the same thread count (NumPy rows: 1). */
  ratioNumpy: number | null;
  note?: string;
}

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
}

/** Median and fastest seconds of `fn` after warm-up (>= 2 calls and >= 0.3 s unless one call exceeds 1 s). */
function time(fn: () => void, budget: number): [number, number] {
  let t0 = performance.now();
  fn();
  let calls = 1;
  const first = performance.now() - t0;
  if (first < 1000) {
    while (calls < 2 || performance.now() - t0 < 300) {
      fn();
      calls++;
    }
  }
  const ts: number[] = [];
  t0 = performance.now();
  while (ts.length < 1 || (ts.length < 15 && performance.now() - t0 < budget * 1000)) {
    const t = performance.now();
    fn();
    ts.push((performance.now() - t) / 1000);
  }
  ts.sort((a, b) => a - b);
  return [ts[ts.length >> 1]!, ts[0]!];
}

function args(T: Ctor, n: number): GemmArgs {
  const r = lcg(n);
  const a = new T(n * n);
  const b = new T(n * n);
  for (let i = 0; i < n * n; i++) {
    a[i] = r();
    b[i] = r();
  }
  return { m: n, n, k: n, alpha: 1, a, aOff: 0, aRs: n, aCs: 1, b, bOff: 0, bRs: n, bCs: 1, beta: 0, c: new T(n * n), cOff: 0, cRs: n, cCs: 1 };
}

const NUMPY_SCRIPT = `
import json, sys, time
import numpy as np
sizes = json.loads(sys.argv[1]); budget = float(sys.argv[2]); out = []
for dt in ("float32", "float64"):
    for n in sizes:
        rng = np.random.default_rng(n)
        a = rng.uniform(-1, 1, (n, n)).astype(dt); b = rng.uniform(-1, 1, (n, n)).astype(dt)
        t0 = time.perf_counter(); a @ b; calls = 1
        while calls < 2 or time.perf_counter() - t0 < 0.3:
            a @ b; calls += 1
        ts = []; t0 = time.perf_counter()
        while len(ts) < 1 or (len(ts) < 15 and time.perf_counter() - t0 < budget):
            t = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t)
        ts.sort(); out.append({"dtype": dt, "n": n, "seconds": ts[len(ts) // 2], "best": ts[0]})
print(json.dumps({"version": np.__version__, "rows": out}))
`;

function numpy(sizes: number[], threads: number, budget: number): { version: string; rows: { dtype: string; n: number; seconds: number; best: number }[] } | string {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const r = spawnSync("python3", ["-c", NUMPY_SCRIPT, JSON.stringify(sizes), String(budget)], { env, encoding: "utf8", timeout: 600_000 });
  if (r.error || r.status !== 0) return `NumPy skipped: ${r.error ? r.error.message : (r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

async function tfjsWasm(): Promise<((n: number) => () => void) | string> {
  try {
    const require = createRequire(import.meta.url);
    const tf = await import("@tensorflow/tfjs-core");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
    wasm.setWasmPaths(join(dist, "/"));
    await tf.setBackend("wasm");
    await tf.ready();
    return (n: number) => {
      const g = args(Float32Array, n);
      const A = tf.tensor2d(g.a as Float32Array, [n, n]);
      const B = tf.tensor2d(g.b as Float32Array, [n, n]);
      return () => {
        const C = tf.matMul(A, B);
        C.dataSync();
        C.dispose();
      };
    };
  } catch (e) {
    return `tfjs-backend-wasm skipped: ${(e as Error).message}`;
  }
}

/**
 * Runs the GEMM benchmark and prints a table (unless `json`, then the caller prints the rows).
 * `quick`: sizes 256 and 512 with a 1 s budget per cell; otherwise 256..2048 with 3 s.
 */
export async function runGemmBench(o: BenchOptions): Promise<GemmBenchRow[]> {
  const sizes = o.quick ? [256, 512] : [256, 512, 1024, 2048];
  const budget = o.quick ? 1 : 3;
  const log = (s: string) => (o.json ? process.stderr.write(s + "\n") : console.log(s));
  const rows: GemmBenchRow[] = [];
  const threadCounts = threadsSupported() ? [1, 2] : [1];
  const notes: string[] = [`WASM kernel variant of the "WASM SIMD" rows: ${wasmGemmVariant() ?? "none (TS fallback)"}`];

  // NumPy first (separate processes, one per thread count).
  const np: Record<string, number> = {};
  for (const th of threadCounts) {
    const r = numpy(sizes, th, budget);
    if (typeof r === "string") {
      notes.push(r);
      break;
    }
    if (th === 1) notes.push(`NumPy ${r.version} via python3, OPENBLAS_NUM_THREADS per row`);
    for (const x of r.rows) {
      np[`${x.dtype}:${th}:${x.n}`] = x.seconds;
      rows.push({
        impl: `NumPy (OpenBLAS), ${th} thread${th > 1 ? "s" : ""}`, dtype: x.dtype as GemmBenchRow["dtype"], threads: th, n: x.n,
        seconds: x.seconds, bestSeconds: x.best, gflops: (2 * x.n ** 3) / x.seconds / 1e9, bestGflops: (2 * x.n ** 3) / x.best / 1e9, ratioNumpy: 1,
      });
    }
  }
  const push = (impl: string, dtype: GemmBenchRow["dtype"], threads: number, n: number, t: [number, number] | null, note?: string) => {
    const ref = np[`${dtype}:${threads}:${n}`];
    const seconds = t ? t[0] : null;
    rows.push({
      impl, dtype, threads, n, seconds, bestSeconds: t ? t[1] : null,
      gflops: seconds === null ? null : (2 * n ** 3) / seconds / 1e9,
      bestGflops: t ? (2 * n ** 3) / t[1] / 1e9 : null,
      ratioNumpy: seconds === null || ref === undefined ? null : ref / seconds,
      ...(note ? { note } : {}),
    });
    log(`  ${impl} ${dtype} n=${n}: ${seconds === null ? note : ((2 * n ** 3) / seconds / 1e9).toFixed(2) + " GFLOP/s"}`);
  };

  const tfjs = await tfjsWasm();
  if (typeof tfjs === "string") notes.push(tfjs);
  const { Matrix } = await import("ml-matrix");

  for (const dtype of ["float32", "float64"] as const) {
    const T: Ctor = dtype === "float32" ? Float32Array : Float64Array;
    for (const n of sizes) {
      const g = args(T, n);
      for (const th of threadCounts) {
        setThreads(th);
        push(`@wc/tensor WASM SIMD, ${th} thread${th > 1 ? "s" : ""}`, dtype, th, n, time(() => gemm(g), budget));
      }
      setThreads(1);
      if (wasmGemmVariant({ relaxed: true }) === "relaxed-simd") {
        push("@wc/tensor WASM relaxed SIMD (FMA; Node 22+ default), 1 thread", dtype, 1, n, time(() => gemm(g), budget));
      }
      wasmGemmVariant({ relaxed: false });
      push("@wc/tensor pure-TS blocked", dtype, 1, n, time(() => gemmBlocked(g), n >= 2048 ? 0 : budget));
      if (dtype === "float32" && typeof tfjs !== "string") push("tfjs-backend-wasm (XNNPACK)", dtype, 1, n, time(tfjs(n), budget));
      if (dtype === "float64") {
        if (n <= 1024) {
          const A = new Matrix(n, n);
          const B = new Matrix(n, n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            A.set(i, j, g.a[i * n + j]!);
            B.set(i, j, g.b[i * n + j]!);
          }
          push("ml-matrix mmul", dtype, 1, n, time(() => A.mmul(B), n >= 1024 ? 0 : budget));
        } else push("ml-matrix mmul", dtype, 1, n, null, "skipped (about 25 s per call)");
      }
    }
  }
  if (!o.json) printTable(rows, sizes, notes);
  else for (const s of notes) log(s);
  return rows;
}

function printTable(rows: GemmBenchRow[], sizes: number[], notes: string[]): void {
  for (const dtype of ["float32", "float64"] as const) {
    const sel = rows.filter((r) => r.dtype === dtype);
    const impls = [...new Set(sel.map((r) => r.impl))];
    console.log(`\n${dtype}: median GFLOP/s (ratio of medians to NumPy with the same threads) [fastest call]`);
    console.log(`| implementation | ${sizes.map((n) => `n=${n}`).join(" | ")} |`);
    console.log(`| --- | ${sizes.map(() => "---").join(" | ")} |`);
    for (const impl of impls) {
      const cells = sizes.map((n) => {
        const r = sel.find((x) => x.impl === impl && x.n === n);
        if (!r || r.gflops === null) return r?.note ? "–" : "";
        return `${r.gflops.toFixed(1)}${r.ratioNumpy === null ? "" : ` (${r.ratioNumpy.toFixed(2)})`} [${r.bestGflops!.toFixed(1)}]`;
      });
      console.log(`| ${impl} | ${cells.join(" | ")} |`);
    }
  }
  console.log("");
  for (const s of notes) console.log(s);
}
