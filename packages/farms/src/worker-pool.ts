import { WcError, contiguous, type FloatArray, type Tensor, type WcErrorCode } from "@wc/tensor";
import type { AnalyzeOptions, LayerReport } from "./analyze-model";

/** A message to the analysis worker (internal). */
export interface WorkerJob {
  id: number;
  name: string;
  shape: number[];
  data: FloatArray;
  keep: boolean;
  options: Pick<AnalyzeOptions, "fit" | "farms" | "full" | "conv" | "minEigs">;
}

/** A worker's answer (internal). */
export type WorkerReply =
  | { id: number; report: LayerReport }
  | { id: number; skip: string }
  | { id: number; error: { code: WcErrorCode | ""; message: string } };

interface NodeWorker {
  postMessage(m: unknown, transfer?: ArrayBuffer[]): void;
  on(event: "message", f: (m: WorkerReply) => void): void;
  on(event: "error", f: (e: Error) => void): void;
  on(event: "exit", f: (code: number) => void): void;
  terminate(): Promise<number>;
}

type WorkerCtor = new (url: URL | string, opts: { eval?: boolean; workerData?: unknown }) => NodeWorker;

/** Node's Worker, found without a static import so that browser bundles of the package stay clean. */
function workerCtor(): WorkerCtor {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  if (typeof mod?.Worker !== "function") {
    throw new WcError("E_UNSUPPORTED", "analyzeModel: threads > 1 needs Node worker_threads; pass threads: 1 in this runtime");
  }
  return mod.Worker;
}

/**
 * A pool of `n` Node worker threads that run `analyzeWeight` (internal). Jobs are answered in
 * completion order; `run` resolves per job. From TypeScript sources (tests, tsx) the workers load
 * the `.ts` entry through tsx; from the built package they load `analyze-worker.js`.
 */
export class AnalyzePool {
  private readonly workers: NodeWorker[] = [];
  private readonly idle: NodeWorker[] = [];
  private readonly waiting: ((w: NodeWorker) => void)[] = [];
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private broken: Error | undefined;
  private closing = false;

  private constructor() {}

  static async create(n: number): Promise<AnalyzePool> {
    const Worker = workerCtor();
    const here = import.meta.url;
    const ts = here.endsWith(".ts");
    const url = new URL(ts ? "./analyze-worker.ts" : "./analyze-worker.js", here);
    // From sources (tests, tsx) the worker registers tsx's loader before importing the .ts entry.
    const boot = `import("tsx/esm/api").then((t) => { t.register(); return import(require("node:worker_threads").workerData); });`;
    const pool = new AnalyzePool();
    for (let i = 0; i < n; i++) {
      const w = ts ? new Worker(boot, { eval: true, workerData: url.href }) : new Worker(url, {});
      w.on("message", (m) => {
        const p = pool.pending.get(m.id);
        pool.pending.delete(m.id);
        pool.release(w);
        p?.resolve(m);
      });
      const fail = (e: Error): void => {
        pool.broken ??= e;
        for (const p of pool.pending.values()) p.reject(e);
        pool.pending.clear();
        for (const waiter of pool.waiting.splice(0)) waiter(w);
      };
      w.on("error", fail);
      w.on("exit", (code) => {
        if (!pool.closing) fail(new WcError("E_STATE", `analyzeModel: a worker thread exited (code ${code}) before finishing`));
      });
      pool.workers.push(w);
      pool.idle.push(w);
    }
    return pool;
  }

  private release(w: NodeWorker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private acquire(): Promise<NodeWorker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((r) => this.waiting.push(r));
  }

  /** Waits for a free worker, then sends one weight; `done` resolves with the worker's reply. */
  async submit(name: string, W: Tensor, keep: boolean, options: WorkerJob["options"]): Promise<{ done: Promise<WorkerReply> }> {
    const w = await this.acquire();
    if (this.broken) throw this.broken;
    const c = contiguous(W);
    const src = c.data as FloatArray;
    // A private copy of exactly the tensor's elements, transferred (the caller's tensor is untouched).
    const data = src.slice(c.offset, c.offset + c.size) as FloatArray;
    const id = this.nextId++;
    const done = new Promise<WorkerReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const job: WorkerJob = { id, name, shape: [...W.shape], data, keep, options };
    w.postMessage(job, [data.buffer as ArrayBuffer]);
    return { done };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
