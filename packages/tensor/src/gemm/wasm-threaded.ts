import type { FloatArray } from "../types";
import type { GemmArgs } from "./contract";
import { scaleC } from "./scale";
import { abandonPool, P, type ThreadPool } from "./threads";
import { packers } from "./wasm-module";
import { KC, KU, TILE, columnBlock, copyOut, gemmWasm, packABlock, packBSlab, up } from "./wasm";

/** How long the main thread waits for a worker to start (ms) or to finish one job, at most (ms). */
const READY_TIMEOUT_MS = 10_000;
const JOB_TIMEOUT_MS = 120_000;

/**
 * The WASM GEMM split over the thread pool by rows of C. The main thread packs all of op(A) (every
 * k-slice) and, per column block, all of op(B) into the shared wasm memory once; each thread (the
 * caller included) then sweeps the macro-kernel over its own rows, and the caller copies C out.
 * If a worker is not ready, fails or times out, the pool is dropped and the product is computed
 * single-threaded instead, so a call never hangs. Follows {@link GemmArgs}.
 */
export function gemmWasmThreaded(g: GemmArgs, pool: ThreadPool): void {
  const { m, n, k } = g;
  if (m === 0 || n === 0) return;
  if (k === 0 || g.alpha === 0) {
    scaleC(g);
    return;
  }
  for (const w of pool.workers) {
    if (Atomics.load(w.ctrl, 3) === 0) Atomics.wait(w.ctrl, 3, 0, READY_TIMEOUT_MS);
    if (Atomics.load(w.ctrl, 3) !== 1) {
      abandonPool();
      gemmWasm(g);
      return;
    }
  }
  const f64 = g.c instanceof Float64Array;
  const es = f64 ? 8 : 4;
  const { MR, NR, MC } = f64 ? TILE.f64 : TILE.f32;
  const mPad = up(m, MR);
  const NC = columnBlock(m, n, MR, NR);
  const ncMax = up(Math.min(NC, n), NR);
  const kTot = up(k, KU); // every slice but the last is KC (a multiple of KU) long
  const offA = 0;
  const offB = up(offA + mPad * kTot * es, 64);
  const offC = up(offB + kTot * ncMax * es, 64);
  const offS = up(offC + mPad * ncMax * es, 64);
  const need = offS + Math.max(MC, KC) * Math.max(KC, ncMax) * es;
  const have = pool.memory.buffer.byteLength;
  if (need > 2 ** 31 - 65536) {
    gemmWasm(g); // beyond i32 addressing of the shared memory: run single-threaded
    return;
  }
  if (have < need) {
    try {
      pool.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      gemmWasm(g); // the shared memory cannot grow that far: run single-threaded
      return;
    }
  }
  if (pool.f32.buffer.byteLength !== pool.memory.buffer.byteLength) {
    pool.f32 = new Float32Array(pool.memory.buffer);
    pool.f64 = new Float64Array(pool.memory.buffer);
  }
  const view: FloatArray = f64 ? pool.f64 : pool.f32;
  const macro = f64 ? pool.macroF64 : pool.macroF32;
  const kA = packers(pool.ex, f64 ? "f64" : "f32", MR);
  const kB = packers(pool.ex, f64 ? "f64" : "f32", NR);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    const kcPad = up(kc, KU);
    for (let ic = 0; ic < m; ic += MC) {
      packABlock(g, ic, Math.min(MC, m - ic), pc, kc, kcPad, MR, view, (offA + es * mPad * pc) / es + ic * kcPad, offS / es, kA);
    }
  }
  const parts = pool.workers.length + 1;
  const rowsPer = up(Math.ceil(mPad / parts), MR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const ncPad = up(nc, NR);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packBSlab(g, pc, kc, up(kc, KU), jc, nc, NR, view, (offB + es * ncPad * pc) / es, offS / es, kB);
    }
    // Post the workers' row ranges (rows [rowsPer * (w + 1), ...)), then do rows [0, rowsPer) here.
    pool.workers.forEach((w, i) => {
      const c = w.ctrl;
      c[P.f64] = f64 ? 1 : 0;
      c[P.row0] = Math.min(mPad, rowsPer * (i + 1));
      c[P.row1] = Math.min(mPad, rowsPer * (i + 2));
      c[P.ncPad] = ncPad;
      c[P.offC] = offC;
      c[P.offA] = offA;
      c[P.offB] = offB;
      c[P.k] = k;
      c[P.mPad] = mPad;
      c[P.kc] = KC;
      c[P.mc] = MC;
      w.seq++;
      Atomics.store(c, 0, w.seq);
      Atomics.notify(c, 0);
    });
    const myRows = Math.min(mPad, rowsPer);
    for (let pc = 0, s = 0; pc < k; pc += KC, s++) {
      const kcPad = up(Math.min(KC, k - pc), KU);
      const pa = offA + es * mPad * pc;
      const pb = offB + es * ncPad * pc;
      for (let ic = 0; ic < myRows; ic += MC) {
        const mc = Math.min(MC, myRows - ic);
        macro(pa + ic * kcPad * es, pb, offC + ic * ncPad * es, mc, ncPad, kcPad, ncPad, s === 0 ? 1 : 0);
      }
    }
    let ok = true;
    for (const w of pool.workers) {
      const deadline = Date.now() + JOB_TIMEOUT_MS;
      while (Atomics.load(w.ctrl, 1) !== w.seq && Date.now() < deadline) {
        Atomics.wait(w.ctrl, 1, w.seq - 1, 1000);
      }
      if (Atomics.load(w.ctrl, 1) !== w.seq || Atomics.load(w.ctrl, 2) !== 0) ok = false;
    }
    if (!ok) {
      // Columns before jc are final in C; compute the rest single-threaded.
      abandonPool();
      gemmWasm({ ...g, n: n - jc, bOff: g.bOff + jc * g.bCs, cOff: g.cOff + jc * g.cCs });
      return;
    }
    copyOut(g, view, offC / es, ncPad, jc, nc);
  }
}
