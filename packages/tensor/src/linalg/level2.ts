import { LEVEL2_WASM } from "./level2-wasm.generated";

/**
 * Matrix-vector products for the Householder reductions, run by WebAssembly SIMD128 kernels
 * (`level2-wasm.generated.ts`, assembled from `src/wasm/level2-wat.mjs` by `scripts/gen-wasm.mjs`) on a copy of the trailing block.
 *
 * Within one panel of a blocked reduction (dsytrd/dlatrd, dgebrd/dlabrd) the trailing block is
 * only read; every step multiplies a shrinking corner of it by a vector. So the block is copied
 * once per panel into wasm memory (zero-padded so the kernels have no edge cases), and each step
 * only moves one vector in and one out. Where WebAssembly SIMD is missing (or the block would need
 * more than {@link MAX_BYTES}), {@link loadBlock} returns null and callers use their TS loops.
 */
interface Kernels {
  memory: WebAssembly.Memory;
  f64: Float64Array;
  gemvN: (a: number, ld: number, mr: number, nc: number, x: number, y: number) => void;
  gemvT: (a: number, ld: number, mr: number, nc: number, x: number, y: number) => void;
  symvL: (a: number, ld: number, mr: number, x: number, y: number) => void;
}

/** Blocks larger than this (bytes of wasm memory) use the TS fallback. */
const MAX_BYTES = 2 ** 31;

let kernels: Kernels | null | undefined;
let enabled = true;

/** Turns the WASM level-2 kernels on or off (off: the TS loops run); for tests and benchmarks. */
export function setLevel2Wasm(on: boolean): void {
  enabled = on;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = decode(LEVEL2_WASM);
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    kernels = {
      memory,
      f64: new Float64Array(memory.buffer),
      gemvN: ex.gemv_n as Kernels["gemvN"],
      gemvT: ex.gemv_t as Kernels["gemvT"],
      symvL: ex.symv_l as Kernels["symvL"],
    };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** A row-major matrix inside wasm memory: element `(r, c)` at `f64[base + r * ld + c]`. */
export interface Region {
  base: number;
  ld: number;
}

/**
 * A block copied into wasm memory, plus zeroed scratch matrices: `f64` views the memory; the input
 * vector of a product goes at `f64[x ..]` and its results appear at `f64[y ..]`.
 */
export interface Block {
  f64: Float64Array;
  /** The copied block. */
  a: Region;
  /** The scratch matrices requested with {@link loadBlock} (zeroed). */
  extra: Region[];
  x: number;
  y: number;
  k: Kernels;
}

const up4 = (v: number): number => (v + 3) & ~3;

/**
 * Copies the `h x w` block at `src[off + r * lds + c]` into wasm memory with at least 3 zero rows
 * and columns of padding, and reserves zeroed `rows x cols` scratch matrices (each also padded by
 * 3 zero rows) for every `[rows, cols]` in `extra`. Returns null when the kernels are unavailable
 * (callers then use their TS loops). With `lower`, only the lower triangle (`c <= r`) is copied;
 * the rest of the block is left undefined (for {@link blockSymvL}).
 */
export function loadBlock(
  src: Float64Array,
  off: number,
  lds: number,
  h: number,
  w: number,
  extra: [number, number][] = [],
  lower = false,
): Block | null {
  if (!enabled || h <= 0 || w <= 0) return null;
  const k = load();
  if (!k) return null;
  const H = up4(h + 3);
  const W = up4(w + 3);
  let vec = Math.max(H, W) + 4;
  for (const [r, c] of extra) vec = Math.max(vec, up4(r + 3) + 4, up4(c) + 4);
  let total = 2 * vec + H * W;
  const regions: Region[] = [];
  for (const [r, c] of extra) {
    regions.push({ base: total, ld: up4(c) });
    total += up4(r + 3) * up4(c);
  }
  if (total * 8 > MAX_BYTES) return null;
  const have = k.memory.buffer.byteLength;
  if (have < total * 8) {
    try {
      k.memory.grow(Math.ceil((total * 8 - have) / 65536));
    } catch {
      return null;
    }
  }
  if (k.f64.buffer !== k.memory.buffer || k.f64.length === 0) k.f64 = new Float64Array(k.memory.buffer);
  const f = k.f64;
  const base = 2 * vec;
  for (let r = 0; r < h; r++) {
    const dst = base + r * W;
    if (lower) f.set(src.subarray(off + r * lds, off + r * lds + Math.min(r + 1, w)), dst);
    else {
      f.set(src.subarray(off + r * lds, off + r * lds + w), dst);
      f.fill(0, dst + w, dst + W);
    }
  }
  f.fill(0, base + h * W, total);
  return { f64: f, a: { base, ld: W }, extra: regions, x: 0, y: vec, k };
}

/**
 * `y[i] = sum_j R[r0 + i, c0 + j] x[j]` for `i < h`, `j < w`, with `x` already written at
 * `f64[x .. x + w)`. Results at `f64[y .. y + h)`. `R` must have 3 zero-padding rows and columns
 * beyond the part read (as {@link loadBlock} leaves them); `w` may also be short of `R.ld` by
 * up to 3 columns of any finite values.
 */
export function blockGemvN(B: Block, R: Region, r0: number, c0: number, h: number, w: number): void {
  if (h <= 0) return;
  if (w <= 0) {
    B.f64.fill(0, B.y, B.y + h);
    return;
  }
  B.f64.fill(0, B.x + w, B.x + up4(w));
  B.k.gemvN((R.base + r0 * R.ld + c0) * 8, R.ld * 8, up4(h), up4(w), B.x * 8, B.y * 8);
}

/**
 * `y[j] = sum_i x[i] R[r0 + i, c0 + j]` for `i < h`, `j < w`, with `x` already written at
 * `f64[x .. x + h)`. Results at `f64[y .. y + w)` (padding rules as {@link blockGemvN}).
 */
export function blockGemvT(B: Block, R: Region, r0: number, c0: number, h: number, w: number): void {
  if (w <= 0) return;
  if (h <= 0) {
    B.f64.fill(0, B.y, B.y + w);
    return;
  }
  B.f64.fill(0, B.x + h, B.x + up4(h));
  B.k.gemvT((R.base + r0 * R.ld + c0) * 8, R.ld * 8, up4(h), up4(w), B.x * 8, B.y * 8);
}

/**
 * Symmetric `y = S x` for the `h x h` corner `S = R[r0 .., r0 ..]`, reading only its lower
 * triangle (half the memory traffic of {@link blockGemvN}), with `x` already at `f64[x .. x + h)`.
 * Results at `f64[y .. y + h)`. The zero padding rows below the corner must exist.
 */
export function blockSymvL(B: Block, R: Region, r0: number, h: number): void {
  if (h <= 0) return;
  const f = B.f64;
  const { x, y } = B;
  f.fill(0, x + h, x + up4(h));
  const base = R.base + r0 * R.ld + r0;
  B.k.symvL(base * 8, R.ld * 8, up4(h), x * 8, y * 8);
  // The 4 x 4 diagonal blocks.
  for (let g = 0; g < h; g += 4) {
    const ge = Math.min(g + 4, h);
    for (let i = g; i < ge; i++) {
      const row = base + i * R.ld;
      const xi = f[x + i]!;
      let s = f[y + i]!;
      for (let c = g; c < i; c++) {
        const v = f[row + c]!;
        s += v * f[x + c]!;
        f[y + c] += v * xi;
      }
      f[y + i] = s + f[row + i]! * xi;
    }
  }
}
