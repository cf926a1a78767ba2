import { getThreads, setThreads } from "./threads";
import { resetWasmGemm, wasmGemmInstance, type WasmGemmVariant } from "./wasm-module";

/**
 * Which WebAssembly GEMM kernels this runtime uses: `"relaxed-simd"` (fused multiply-add, picked
 * when `WebAssembly.validate` accepts it, e.g. Node 22+ or Node 20 with
 * `--experimental-wasm-relaxed-simd`), `"simd"` (plain SIMD128, the common case), or `null` where
 * WebAssembly SIMD is missing and the TypeScript kernel runs instead.
 *
 * @param options `relaxed: false` forces the plain SIMD kernels from now on (`true`, the default,
 *   re-enables relaxed SIMD where available), for the worker threads of {@link setThreads} too
 *   (a running pool is restarted); omitted, the current choice is kept.
 * @returns the variant in use after applying `options`.
 * @example
 * wasmGemmVariant(); // "simd" on Node 20
 */
export function wasmGemmVariant(options?: { relaxed?: boolean }): WasmGemmVariant | null {
  if (options && options.relaxed !== undefined) {
    resetWasmGemm({ relaxed: options.relaxed });
    // Restart a running thread pool so every thread uses the same kernels (same bits as 1 thread).
    const n = getThreads();
    if (n > 1) {
      setThreads(1);
      setThreads(n);
    }
  }
  return wasmGemmInstance()?.variant ?? null;
}
