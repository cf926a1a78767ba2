import { GEMM_WASM_RELAXED, GEMM_WASM_SIMD } from "../wasm/gemm-wasm.generated";

/** Which compiled variant of the WASM GEMM kernels is in use. */
export type WasmGemmVariant = "simd" | "relaxed-simd";

/** Signature of the exported macro-kernels (all byte addresses / element counts, see gemm-wat.mjs). */
export type MacroKernel = (
  pa: number,
  pb: number,
  c: number,
  mc: number,
  nc: number,
  kc: number,
  ldc: number,
  first: number,
) => void;

/** Signature of the exported packers: (src, ld, dst, kc, kcPad, panels), addresses in bytes. */
export type PackKernel = (src: number, ld: number, dst: number, kc: number, kcPad: number, panels: number) => void;

/** The exports of the kernel module. */
export interface KernelExports {
  macro_f32: MacroKernel;
  macro_f64: MacroKernel;
  pack_a_f32: PackKernel;
  pack_b_f32: PackKernel;
  pack_a_f64: PackKernel;
  pack_b_f64: PackKernel;
}

/** A live instance of the kernels with its own linear memory and typed views on it. */
export interface WasmGemmInstance {
  variant: WasmGemmVariant;
  memory: WebAssembly.Memory;
  ex: KernelExports;
  macroF32: MacroKernel;
  macroF64: MacroKernel;
  f32: Float32Array;
  f64: Float64Array;
}

let instance: WasmGemmInstance | null | undefined;
let preferRelaxed = true;

/** Decodes base64 without Node's Buffer (atob exists in browsers and Node >= 16). */
export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The bytes of the best kernel module this runtime validates: relaxed-SIMD (fused multiply-add)
 * when accepted and preferred, else plain SIMD128; null when WebAssembly or SIMD is missing.
 */
export function pickWasmBytes(allowRelaxed: boolean): { bytes: Uint8Array<ArrayBuffer>; variant: WasmGemmVariant } | null {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") return null;
  if (allowRelaxed) {
    const r = decodeBase64(GEMM_WASM_RELAXED);
    if (WebAssembly.validate(r)) return { bytes: r, variant: "relaxed-simd" };
  }
  const s = decodeBase64(GEMM_WASM_SIMD);
  return WebAssembly.validate(s) ? { bytes: s, variant: "simd" } : null;
}

/**
 * Instantiates the kernels on first use (synchronously: the module is ~3 KB) and returns them,
 * or null where WebAssembly SIMD is unavailable. Nothing runs at import time.
 */
export function wasmGemmInstance(): WasmGemmInstance | null {
  if (instance !== undefined) return instance;
  try {
    const picked = pickWasmBytes(preferRelaxed);
    if (!picked) return (instance = null);
    const memory = new WebAssembly.Memory({ initial: 16 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(picked.bytes), { env: { memory } });
    const ex = inst.exports as unknown as KernelExports;
    instance = {
      variant: picked.variant,
      memory,
      ex,
      macroF32: ex.macro_f32,
      macroF64: ex.macro_f64,
      f32: new Float32Array(memory.buffer),
      f64: new Float64Array(memory.buffer),
    };
  } catch {
    instance = null;
  }
  return instance;
}

/** Grows the instance's memory to at least `bytes` and refreshes its typed views. */
export function ensureWasmBytes(w: WasmGemmInstance, bytes: number): void {
  const have = w.memory.buffer.byteLength;
  if (have < bytes) w.memory.grow(Math.ceil((bytes - have) / 65536));
  if (w.f32.buffer !== w.memory.buffer || w.f32.length === 0) {
    w.f32 = new Float32Array(w.memory.buffer);
    w.f64 = new Float64Array(w.memory.buffer);
  }
}

/**
 * Selects the kernel variant for later calls and drops the current instance (and its memory).
 * `relaxed: false` forces the plain SIMD128 kernels even where relaxed SIMD validates.
 */
export function resetWasmGemm(options: { relaxed?: boolean } = {}): void {
  preferRelaxed = options.relaxed ?? true;
  instance = undefined;
}
