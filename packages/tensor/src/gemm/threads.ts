import { WcError } from "../errors";
import { GEMM_WASM_RELAXED_SHARED, GEMM_WASM_SIMD_SHARED } from "../wasm/gemm-wasm.generated";
import { decodeBase64, relaxedPreferred, type KernelExports, type MacroKernel } from "./wasm-module";

/**
 * Control block of one worker (Int32Array over a SharedArrayBuffer):
 * [0] job sequence number posted by the main thread (-1 = quit), [1] last finished job,
 * [2] status of the last job (0 ok, 1 failed), [3] ready flag, [4..] job parameters.
 */
export const CTRL_WORDS = 16;
export const P = { f64: 4, row0: 5, row1: 6, ncPad: 7, offC: 8, offA: 9, offB: 10, k: 11, mPad: 12, kc: 13, mc: 14, nr: 15 } as const;

/**
 * The worker program is `gemm-worker.cjs` beside this module (copied next to the bundles in dist
 * by the build): plain CommonJS, so it runs as is from the sources and from the package. It
 * instantiates the shared-memory kernels and then waits on its control block; for each job it sweeps
 * the macro-kernel over its row range and every k-slice of the packed operands (laid out by
 * wasm-threaded.ts), then reports completion. The control-block layout {@link P} travels in the
 * first message.
 */
const workerUrl = (): URL => new URL("./gemm-worker.cjs", import.meta.url);

interface NodeWorker {
  postMessage(value: unknown): void;
  unref(): void;
  terminate(): Promise<number>;
  on(event: string, listener: (...args: unknown[]) => void): void;
}

/** A pool of workers sharing one wasm memory with the main thread. */
export interface ThreadPool {
  memory: WebAssembly.Memory;
  ex: KernelExports;
  macroF32: MacroKernel;
  macroF64: MacroKernel;
  f32: Float32Array;
  f64: Float64Array;
  workers: { worker: NodeWorker; ctrl: Int32Array; seq: number }[];
  broken: boolean;
}

/** Products with fewer multiply-adds (m*n*k) than this stay on one thread even when threads > 1. */
export const THREAD_MIN_WORK = 1 << 21;

let threads = 1;
let pool: ThreadPool | null = null;

function workerThreadsModule(): { Worker: new (file: URL) => NodeWorker } | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:worker_threads") as { Worker?: unknown } | undefined;
  return mod && typeof mod.Worker === "function" ? (mod as never) : null;
}

/** Whether this runtime can run the threaded GEMM (Node worker_threads + shared wasm memory + SIMD). */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object" || !workerThreadsModule()) return false;
  return typeof WebAssembly === "object" && WebAssembly.validate(decodeBase64(GEMM_WASM_SIMD_SHARED));
}

function createPool(n: number): ThreadPool {
  const wt = workerThreadsModule()!;
  // The same variant as the single-threaded kernels, so 1 and n threads give the same bits.
  const relaxed = relaxedPreferred() ? decodeBase64(GEMM_WASM_RELAXED_SHARED) : null;
  const bytes = relaxed && WebAssembly.validate(relaxed) ? relaxed : decodeBase64(GEMM_WASM_SIMD_SHARED);
  const module = new WebAssembly.Module(bytes);
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const p: ThreadPool = {
    memory,
    ex,
    macroF32: ex.macro_f32,
    macroF64: ex.macro_f64,
    f32: new Float32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
    workers: [],
    broken: false,
  };
  for (let i = 0; i < n - 1; i++) {
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_WORDS * 4));
    const worker = new wt.Worker(workerUrl());
    worker.on("error", () => {
      p.broken = true;
    });
    worker.on("exit", () => {
      p.broken = true;
    });
    worker.unref();
    worker.postMessage({ module, memory, ctrl: ctrl.buffer, P });
    p.workers.push({ worker, ctrl, seq: 0 });
  }
  return p;
}

function destroyPool(): void {
  if (!pool) return;
  for (const w of pool.workers) {
    Atomics.store(w.ctrl, 0, -1);
    Atomics.notify(w.ctrl, 0);
    void w.worker.terminate().catch(() => undefined);
  }
  pool = null;
}

/**
 * Sets how many threads large GEMMs use (default 1). With `n > 1`, `n - 1` Node `worker_threads`
 * are started now and kept (unref'd, so they never keep the process alive); products of at least
 * {@link THREAD_MIN_WORK} multiply-adds are split by rows of C between them and the calling thread,
 * over one SharedArrayBuffer-backed wasm memory holding the packed operands. `setThreads(1)` stops
 * the workers. Browsers (and Node without worker_threads) support only 1.
 *
 * @param n thread count, an integer in [1, 64]; more threads than cores only slows things down.
 * @throws {WcError} `E_RANGE` when `n` is not an integer in [1, 64].
 * @throws {WcError} `E_UNSUPPORTED` when `n > 1` and worker threads or shared wasm memory are unavailable.
 * @example
 * setThreads(2); // use both cores of a 2-core machine for big matmuls
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new WcError("E_RANGE", `setThreads: expected an integer in [1, 64], got ${n}`);
  }
  if (n > 1 && !threadsSupported()) {
    throw new WcError(
      "E_UNSUPPORTED",
      "setThreads: threads need Node worker_threads, SharedArrayBuffer and WebAssembly SIMD; this runtime lacks one, so only 1 thread is available",
    );
  }
  if (n === threads && (n === 1 || (pool && !pool.broken))) return;
  destroyPool();
  threads = n;
  if (n > 1) pool = createPool(n);
}

/**
 * The thread count set by {@link setThreads} (1 by default).
 * @returns the number of threads large GEMMs use.
 * @example
 * getThreads(); // 1
 */
export function getThreads(): number {
  return threads;
}

/** The live pool when threads > 1 and it is healthy; otherwise null (and a broken pool is dropped). */
export function activePool(): ThreadPool | null {
  if (threads <= 1 || !pool) return null;
  if (pool.broken) {
    destroyPool();
    threads = 1;
    return null;
  }
  return pool;
}

/** Marks the pool unusable (a worker failed or timed out) and falls back to 1 thread. */
export function abandonPool(): void {
  destroyPool();
  threads = 1;
}
