// One worker thread of @wc/tensor's threaded GEMM (started by src/gemm/threads.ts; plain CommonJS
// so it runs unchanged from the sources and from the built package). The first message brings the
// compiled shared-memory kernel module, the shared memory, this worker's control block and its
// layout P (see threads.ts): [0] job sequence number (-1 = quit), [1] last finished job, [2] status
// of the last job (0 ok, 1 failed), [3] ready flag (1 ready, 2 failed to start), [P.*] job parameters.
"use strict";
const { parentPort } = require("node:worker_threads");

parentPort.once("message", ({ module, memory, ctrl, P }) => {
  const c = new Int32Array(ctrl);
  let ex;
  try {
    ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch {
    Atomics.store(c, 3, 2);
    Atomics.notify(c, 3);
    return;
  }
  Atomics.store(c, 3, 1);
  Atomics.notify(c, 3);
  let seen = 0;
  for (;;) {
    Atomics.wait(c, 0, seen);
    const seq = Atomics.load(c, 0);
    if (seq < 0) return;
    seen = seq;
    let status = 0;
    try {
      const f64 = c[P.f64] === 1;
      const es = f64 ? 8 : 4;
      const macro = f64 ? ex.macro_f64 : ex.macro_f32;
      const row0 = c[P.row0], row1 = c[P.row1], ncPad = c[P.ncPad], offC = c[P.offC];
      const offA = c[P.offA], offB = c[P.offB], k = c[P.k], mPad = c[P.mPad];
      const KC = c[P.kc], MC = c[P.mc];
      // Every k-slice of the packed operands over this worker's rows (the layout of wasm-threaded.ts).
      for (let pc = 0, s = 0; pc < k; pc += KC, s++) {
        const kcPad = Math.ceil(Math.min(KC, k - pc) / 4) * 4;
        const pa = offA + es * mPad * pc;
        const pb = offB + es * ncPad * pc;
        for (let ic = row0; ic < row1; ic += MC) {
          const mc = Math.min(MC, row1 - ic);
          macro(pa + ic * kcPad * es, pb, offC + ic * ncPad * es, mc, ncPad, kcPad, ncPad, s === 0 ? 1 : 0);
        }
      }
    } catch {
      status = 1;
    }
    Atomics.store(c, 2, status);
    Atomics.store(c, 1, seq);
    Atomics.notify(c, 1);
  }
});
