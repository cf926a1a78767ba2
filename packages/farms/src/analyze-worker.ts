// Worker entry of analyzeModel({ threads > 1 }): analyses one weight per message. Loaded only by
// worker-pool.ts inside a Node worker thread; never imported by the package entry.
import { parentPort } from "node:worker_threads";
import { isWcError, tensor } from "@wc/tensor";
import { analyzeWeight } from "./analyze-model";
import type { WorkerJob, WorkerReply } from "./worker-pool";

parentPort?.on("message", (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const W = tensor(job.data, job.shape);
    const r = analyzeWeight(job.name, W, { ...job.options, keepEigs: job.keep });
    reply = typeof r === "string" ? { id: job.id, skip: r } : { id: job.id, report: r };
  } catch (e) {
    reply = isWcError(e) ? { id: job.id, error: { code: e.code, message: e.message } } : { id: job.id, error: { code: "", message: String((e as Error)?.stack ?? e) } };
  }
  const transfer: ArrayBuffer[] = [];
  if ("report" in reply && reply.report.eigs) {
    for (const a of [reply.report.eigs.full, reply.report.eigs.farms]) if (a) transfer.push(a.buffer as ArrayBuffer);
  }
  parentPort!.postMessage(reply, transfer);
});
