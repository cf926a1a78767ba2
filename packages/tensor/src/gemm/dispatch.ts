import type { GemmArgs } from "./contract";
import { gemmBlocked } from "./blocked";
import { gemmVector } from "./gemv";
import { activePool, THREAD_MIN_WORK } from "./threads";
import { gemmWasm, wasmGemmAvailable, type Resident } from "./wasm";
import { gemmWasmThreaded } from "./wasm-threaded";

/**
 * Products with at least this many multiply-adds (m*n*k) go to the WASM kernel; below it packing
 * into wasm memory does not pay (measured crossover on Zen 4: about 16^3 for both dtypes).
 */
export const WASM_MIN_WORK = 16 * 16 * 16;

/**
 * Runs one GEMM (`C = alpha * op(A) op(B) + beta * C`, see {@link GemmArgs}) with the fastest
 * kernel for its shape: unit-stride matrix-vector kernels ({@link gemmVector}) for one row or
 * column of C, the WebAssembly SIMD kernel when the runtime has SIMD and the product has at least
 * {@link WASM_MIN_WORK} multiply-adds, the pure-TypeScript blocked kernel otherwise. With {@link setThreads}(n > 1), WASM products of at
 * least {@link THREAD_MIN_WORK} multiply-adds (and 16+ rows) are split by rows over worker threads.
 * All kernels honour the full contract (any strides, `beta === 0` never reads C).
 *
 * @param args the operands, extents, strides and scalars; C is written in place.
 * @example
 * gemm({ m: 2, n: 2, k: 1, alpha: 1, a, aOff: 0, aRs: 1, aCs: 1, b, bOff: 0, bRs: 2, bCs: 1,
 *   beta: 0, c, cOff: 0, cRs: 2, cCs: 1 }); // c = outer product of a and b
 */
export function gemm(args: GemmArgs): void {
  gemmWith(args, {});
}

/**
 * {@link gemm} that lets the single-threaded WebAssembly path pack a resident operand (see
 * `residentOperand` in wasm.ts) from the wasm memory; every other path ignores it. @internal
 */
export function gemmWith(args: GemmArgs, resident: Resident): void {
  const { m, n, k } = args;
  if (m === 0 || n === 0) return;
  if (m === 1 || n === 1) gemmVector(args);
  else if (m * n * k >= WASM_MIN_WORK && wasmGemmAvailable()) {
    const pool = m >= 16 && m * n * k >= THREAD_MIN_WORK ? activePool() : null;
    if (pool) gemmWasmThreaded(args, pool);
    else gemmWasm(args, resident);
  } else gemmBlocked(args);
}
