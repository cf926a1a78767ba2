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

/** The exports of the kernel module: macro_<t>, and gather_<t>_<R> / copy_<t>_<R> packers. */
export interface KernelExports {
  macro_f32: MacroKernel;
  macro_f64: MacroKernel;
  [packer: string]: MacroKernel | PackKernel;
}

/** The two packers for R-wide panels of one dtype (see src/wasm/gemm-wat.mjs). */
export interface Packers {
  gather: PackKernel;
  copy: PackKernel;
}

/** Looks up the packers for dtype `t` and panel width `R`. */
export function packers(ex: KernelExports, t: "f32" | "f64", R: number): Packers {
  return { gather: ex[`gather_${t}_${R}`] as PackKernel, copy: ex[`copy_${t}_${R}`] as PackKernel };
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
  /**
   * Bytes at the start of the memory held by a resident operand (see `residentOperand` in
   * wasm.ts); every GEMM lays out its working area after them. 0 when none is held.
   */
  reserved: number;
}

let instance: WasmGemmInstance | null | undefined;
let preferRelaxed = true;

/** Whether relaxed-SIMD kernels are wanted where they validate (see {@link resetWasmGemm}). */
export function relaxedPreferred(): boolean {
  return preferRelaxed;
}

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

function instantiate(module: WebAssembly.Module, variant: WasmGemmVariant): WasmGemmInstance {
  const memory = new WebAssembly.Memory({ initial: 16 });
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  return {
    variant,
    memory,
    ex,
    macroF32: ex.macro_f32,
    macroF64: ex.macro_f64,
    f32: new Float32Array(memory.buffer),
    f64: new Float64Array(memory.buffer),
    reserved: 0,
  };
}

let pending: Promise<boolean> | null = null;
let generation = 0;

function compileAsync(bytes: Uint8Array<ArrayBuffer>, variant: WasmGemmVariant): Promise<boolean> {
  const gen = generation;
  pending = WebAssembly.compile(bytes).then(
    (module) => {
      if (gen === generation && instance === undefined) instance = instantiate(module, variant);
      pending = null;
      return instance != null;
    },
    () => {
      if (gen === generation) instance = null;
      pending = null;
      return false;
    },
  );
  return pending;
}

/**
 * Instantiates the kernels on first use and returns them, or null where WebAssembly SIMD is
 * unavailable. Compiles synchronously (Node, workers); where a runtime refuses synchronous
 * compilation (browsers' main thread limits it to 4 KB modules; ours is ~6 KB) it starts an
 * asynchronous compile and returns null until that finishes (callers then use the TS kernel).
 * Nothing runs at import time.
 */
export function wasmGemmInstance(): WasmGemmInstance | null {
  if (instance !== undefined) return instance;
  if (pending) return null;
  let picked: ReturnType<typeof pickWasmBytes>;
  try {
    picked = pickWasmBytes(preferRelaxed);
  } catch {
    picked = null;
  }
  if (!picked) return (instance = null);
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(picked.bytes);
  } catch {
    void compileAsync(picked.bytes, picked.variant);
    return null;
  }
  try {
    instance = instantiate(module, picked.variant);
  } catch {
    instance = null;
  }
  return instance;
}

/**
 * Makes the WebAssembly GEMM kernels ready, compiling them asynchronously where synchronous
 * compilation is not allowed (call it once at startup in browsers; in Node the first GEMM loads them
 * anyway). Until it resolves, GEMMs run on the pure-TypeScript kernel.
 *
 * @returns true when the WASM SIMD kernels are ready, false where WebAssembly SIMD is unavailable.
 * @example
 * await loadWasmGemm(); // in a browser app's startup
 */
export async function loadWasmGemm(): Promise<boolean> {
  if (wasmGemmInstance()) return true;
  if (pending) return pending;
  if (instance === null) return false;
  const picked = pickWasmBytes(preferRelaxed);
  return picked ? compileAsync(picked.bytes, picked.variant) : false;
}

/**
 * Grows the instance's memory to at least `bytes` and refreshes its typed views; false (memory
 * unchanged) when that is beyond 4 GiB or the runtime refuses to grow it.
 */
export function ensureWasmBytes(w: WasmGemmInstance, bytes: number): boolean {
  const have = w.memory.buffer.byteLength;
  if (bytes > 2 ** 32 - 65536) return false;
  if (have < bytes) {
    try {
      w.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
  }
  if (w.f32.buffer !== w.memory.buffer || w.f32.length === 0) {
    w.f32 = new Float32Array(w.memory.buffer);
    w.f64 = new Float64Array(w.memory.buffer);
  }
  return true;
}

/**
 * Selects the kernel variant for later calls and drops the current instance (and its memory).
 * `relaxed: false` forces the plain SIMD128 kernels even where relaxed SIMD validates.
 */
export function resetWasmGemm(options: { relaxed?: boolean } = {}): void {
  preferRelaxed = options.relaxed ?? true;
  instance = undefined;
  pending = null;
  generation++;
}
