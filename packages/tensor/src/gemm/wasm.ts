import { WcError } from "../errors";
import type { FloatArray } from "../types";
import type { GemmArgs } from "./contract";
import { gemmBlocked } from "./blocked";
import { scaleC } from "./scale";
import { WASM_SHAPES } from "../wasm/gemm-wasm.generated";
import { ensureWasmBytes, packers, wasmGemmInstance, type Packers, type WasmGemmInstance } from "./wasm-module";

/** Register tile per dtype (generated with the kernels), k padding and cache blocks, in elements. */
export const TILE = {
  f32: { MR: WASM_SHAPES.f32.mr, NR: WASM_SHAPES.f32.nr, MC: 128 - (128 % WASM_SHAPES.f32.mr) },
  f64: { MR: WASM_SHAPES.f64.mr, NR: WASM_SHAPES.f64.nr, MC: 128 - (128 % WASM_SHAPES.f64.mr) },
} as const;
export const KU = WASM_SHAPES.unroll;
export const KC = 256;
/** Cap on the padded C block kept in wasm memory (elements): wider products are split over N. */
const C_CAP = 1 << 21;

/** `x` rounded up to a multiple of `r`. */
export const up = (x: number, r: number): number => Math.ceil(x / r) * r;

/** Width of the column blocks for an m x n product: all of n unless the padded C block exceeds C_CAP. */
export function columnBlock(m: number, n: number, MR: number, NR: number): number {
  const mPad = up(m, MR);
  const nPad = up(n, NR);
  if (mPad * nPad <= C_CAP) return n;
  const blocks = Math.ceil((mPad * nPad) / C_CAP);
  return up(Math.ceil(n / blocks), NR);
}

/**
 * GEMM through the WebAssembly SIMD128 kernels: the same BLIS loops as the TS kernel, with op(B)
 * slabs (KC x NC) and op(A) blocks (MC x KC) packed by TypeScript into the wasm memory (zero-padded
 * to whole register tiles and to a multiple of 4 in k), a wasm macro-kernel that sweeps the 8 x 8
 * (f32) or 6 x 4 (f64) micro-kernel over the block into a padded C block in wasm memory, and a
 * final copy of that block into C as `alpha * AB + beta * C` (C not read when `beta === 0`).
 * Follows {@link GemmArgs}. Extra memory: the packed panels plus an `m x NC` block of C, where NC
 * keeps that block under 2^21 elements.
 *
 * With `resident`, an operand already copied into the wasm memory by `residentOperand` (internal) is
 * packed from there instead of being copied in again (used when op(A) or op(B) is exactly that
 * operand, untransposed; otherwise ignored).
 *
 * @throws {WcError} `E_UNSUPPORTED` where WebAssembly SIMD is unavailable (check
 *   {@link wasmGemmAvailable} first).
 */
export function gemmWasm(g: GemmArgs, resident: Resident = {}): void {
  const w = wasmGemmInstance();
  if (!w) throw new WcError("E_UNSUPPORTED", "gemmWasm: WebAssembly SIMD is not available here; use gemm() which falls back to TypeScript");
  const { m, n, k } = g;
  if (m === 0 || n === 0) return;
  if (k === 0 || g.alpha === 0) {
    scaleC(g);
    return;
  }
  const f64 = g.c instanceof Float64Array;
  const es = f64 ? 8 : 4;
  const { MR, NR, MC } = f64 ? TILE.f64 : TILE.f32;
  const mPad = up(m, MR);
  const NC = columnBlock(m, n, MR, NR);
  const ncMax = up(Math.min(NC, n), NR);
  const kcMax = Math.min(KC, up(k, KU));
  const resA = resident.a && matchesResident(resident.a, w, g.a, g.aOff, g.aRs, g.aCs, m, k) ? resident.a : undefined;
  const resB = resident.b && matchesResident(resident.b, w, g.b, g.bOff, g.bRs, g.bCs, k, n) ? resident.b : undefined;
  // Unit-stride operands up to STAGE_MAX elements are copied into the wasm memory whole, with one
  // TypedArray.set when contiguous (row by row otherwise), instead of row segment by row segment
  // per block: thousands of small copies cost ~5% of a 512^3 product.
  const stageA = !resA && g.aCs === 1 && m * k <= STAGE_MAX;
  const stageB = !resB && g.bCs === 1 && k * n <= STAGE_MAX;
  // Byte layout: [resident | whole A | whole B | A block | B slab | C block | staging], 64-byte aligned.
  const offWA = w.reserved;
  const offWB = up(offWA + (stageA ? m * k * es : 0), 64);
  const offA = up(offWB + (stageB ? k * n * es : 0), 64);
  const offB = up(offA + up(Math.min(MC, mPad), MR) * kcMax * es, 64);
  const offC = up(offB + kcMax * ncMax * es, 64);
  const offS = up(offC + mPad * ncMax * es, 64);
  if (!ensureWasmBytes(w, offS + Math.max(MC, kcMax) * Math.max(kcMax, ncMax) * es)) {
    gemmBlocked(g); // the panels do not fit in a wasm memory: C is still untouched
    return;
  }
  const view: FloatArray = f64 ? w.f64 : w.f32;
  const macro = f64 ? w.macroF64 : w.macroF32;
  const kA = packers(w.ex, f64 ? "f64" : "f32", MR);
  const kB = packers(w.ex, f64 ? "f64" : "f32", NR);
  if (stageA) stageRows(view, offWA / es, g.a, g.aOff, g.aRs, m, k);
  if (stageB) stageRows(view, offWB / es, g.b, g.bOff, g.bRs, k, n);
  // Where whole row-major copies of op(A) / op(B) live in the memory (byte address, row length).
  const srcA = resA ? { at: resA.base, ld: resA.cols } : stageA ? { at: offWA, ld: k } : null;
  const srcB = resB ? { at: resB.base, ld: resB.cols } : stageB ? { at: offWB, ld: n } : null;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const ncPad = up(nc, NR);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const kcPad = up(kc, KU);
      if (srcB) packWholeB(g, srcB.at, srcB.ld, pc, kc, kcPad, jc, nc, NR, view, offB / es, kB);
      else packBSlab(g, pc, kc, kcPad, jc, nc, NR, view, offB / es, offS / es, kB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        if (srcA) packWholeA(g, srcA.at, srcA.ld, ic, mc, pc, kc, kcPad, MR, view, offA / es, kA);
        else packABlock(g, ic, mc, pc, kc, kcPad, MR, view, offA / es, offS / es, kA);
        macro(offA, offB, offC + ic * ncPad * es, up(mc, MR), ncPad, kcPad, ncPad, pc === 0 ? 1 : 0);
      }
    }
    copyOut(g, view, offC / es, ncPad, jc, nc);
  }
}

/** Operands with at most this many elements are staged whole in the wasm memory (see gemmWasm). */
export const STAGE_MAX = 1 << 20;

/** Copies the `rows x cols` matrix with unit column stride into `view` at element `at`, row-major. */
function stageRows(view: FloatArray, at: number, d: FloatArray, off: number, rs: number, rows: number, cols: number): void {
  if (rs === cols) view.set(d.subarray(off, off + rows * cols), at);
  else for (let i = 0; i < rows; i++) view.set(d.subarray(off + i * rs, off + i * rs + cols), at + i * cols);
}

/**
 * Packs op(A)[i0.., p0..] like {@link packA}. When one of op(A)'s strides is 1, its rows (or
 * columns) are first copied with TypedArray.set into the staging area at element `stage`, and
 * the whole panels are packed by the wasm packers (5-9x faster than element-wise JS); the ragged
 * edge and general strides are packed in JS.
 */
export function packABlock(
  g: GemmArgs, i0: number, mc: number, p0: number, kc: number, kcPad: number, MR: number,
  view: FloatArray, base: number, stage: number, k: Packers,
): void {
  const full = Math.floor(mc / MR);
  const w = full * MR;
  const a = g.a;
  const es = view.BYTES_PER_ELEMENT;
  if (full > 0 && g.aCs === 1) {
    for (let r = 0; r < w; r++) {
      const s = g.aOff + (i0 + r) * g.aRs + p0;
      view.set(a.subarray(s, s + kc), stage + r * kc);
    }
    k.gather(stage * es, kc, base * es, kc, kcPad, full);
  } else if (full > 0 && g.aRs === 1) {
    for (let p = 0; p < kc; p++) {
      const s = g.aOff + i0 + (p0 + p) * g.aCs;
      view.set(a.subarray(s, s + w), stage + p * w);
    }
    k.copy(stage * es, w, base * es, kc, kcPad, full);
  } else {
    packA(g, i0, mc, p0, kc, kcPad, MR, view, base);
    return;
  }
  if (w < mc) packA(g, i0 + w, mc - w, p0, kc, kcPad, MR, view, base + w * kcPad);
}

/** Packs op(B)[p0.., j0..] like {@link packB}, through the staging area and wasm when a stride is 1. */
export function packBSlab(
  g: GemmArgs, p0: number, kc: number, kcPad: number, j0: number, nc: number, NR: number,
  view: FloatArray, base: number, stage: number, k: Packers,
): void {
  const full = Math.floor(nc / NR);
  const w = full * NR;
  const b = g.b;
  const es = view.BYTES_PER_ELEMENT;
  if (full > 0 && g.bCs === 1) {
    for (let p = 0; p < kc; p++) {
      const s = g.bOff + (p0 + p) * g.bRs + j0;
      view.set(b.subarray(s, s + w), stage + p * w);
    }
    k.copy(stage * es, w, base * es, kc, kcPad, full);
  } else if (full > 0 && g.bRs === 1) {
    for (let j = 0; j < w; j++) {
      const s = g.bOff + (j0 + j) * g.bCs + p0;
      view.set(b.subarray(s, s + kc), stage + j * kc);
    }
    k.gather(stage * es, kc, base * es, kc, kcPad, full);
  } else {
    packB(g, p0, kc, kcPad, j0, nc, NR, view, base);
    return;
  }
  if (w < nc) packB(g, p0, kc, kcPad, j0 + w, nc - w, NR, view, base + w * kcPad);
}

/**
 * A matrix copied once, row-major and contiguous, to the start of the wasm memory, so a series of
 * products with it (a randomized SVD's sketch and power iterations) pack it from there instead of
 * copying it in from JavaScript every time (that copy is ~15% of a 4096 x 4096 x 74 product).
 */
export interface ResidentOperand {
  /** The instance whose memory holds it (a reset instance invalidates it). */
  w: WasmGemmInstance;
  /** Byte address and extent in that memory. */
  base: number;
  bytes: number;
  rows: number;
  cols: number;
  /** The JavaScript source it was copied from, to recognise it in a product. */
  data: FloatArray;
  off: number;
  rs: number;
  cs: number;
}

/** Resident operands a product may use as its A and/or B. */
export interface Resident {
  a?: ResidentOperand;
  b?: ResidentOperand;
}

/**
 * Copies the `rows x cols` matrix (`data`, offset, strides) into the start of the wasm memory and
 * reserves that space until `releaseResident`; later {@link gemmWasm} calls place their
 * working area after it. Returns null (nothing reserved) where the wasm kernels are unavailable,
 * another operand is resident, or the memory cannot grow enough: callers then run plain products.
 */
export function residentOperand(data: FloatArray, off: number, rs: number, cs: number, rows: number, cols: number): ResidentOperand | null {
  const w = wasmGemmInstance();
  if (!w || w.reserved !== 0) return null;
  const f64 = data instanceof Float64Array;
  const es = f64 ? 8 : 4;
  const bytes = up(rows * cols * es, 64);
  if (!ensureWasmBytes(w, bytes)) return null;
  const view: FloatArray = f64 ? w.f64 : w.f32;
  if (cs === 1) stageRows(view, 0, data, off, rs, rows, cols);
  else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) view[i * cols + j] = data[off + i * rs + j * cs]!;
  w.reserved = bytes;
  return { w, base: 0, bytes, rows, cols, data, off, rs, cs };
}

/** Frees the space of a resident operand (a no-op when its instance was reset meanwhile). */
export function releaseResident(r: ResidentOperand): void {
  if (r.w.reserved === r.bytes) r.w.reserved = 0;
}

function matchesResident(r: ResidentOperand, w: WasmGemmInstance, d: FloatArray, off: number, rs: number, cs: number, rows: number, cols: number): boolean {
  return r.w === w && w.reserved === r.bytes && r.data === d && r.off === off && r.rs === rs && r.cs === cs && r.rows === rows && r.cols === cols;
}

/**
 * {@link packABlock} from a whole row-major op(A) already in the memory (byte address `at`, row
 * length `ld`): whole panels by the wasm gather, the ragged edge in JS.
 */
function packWholeA(
  g: GemmArgs, at: number, ld: number, i0: number, mc: number, p0: number, kc: number, kcPad: number, MR: number,
  view: FloatArray, base: number, k: Packers,
): void {
  const full = Math.floor(mc / MR);
  const w = full * MR;
  const es = view.BYTES_PER_ELEMENT;
  if (full > 0) k.gather(at + (i0 * ld + p0) * es, ld, base * es, kc, kcPad, full);
  if (w < mc) packA(g, i0 + w, mc - w, p0, kc, kcPad, MR, view, base + w * kcPad);
}

/** {@link packBSlab} from a whole row-major op(B) in the memory, like {@link packWholeA}. */
function packWholeB(
  g: GemmArgs, at: number, ld: number, p0: number, kc: number, kcPad: number, j0: number, nc: number, NR: number,
  view: FloatArray, base: number, k: Packers,
): void {
  const full = Math.floor(nc / NR);
  const w = full * NR;
  const es = view.BYTES_PER_ELEMENT;
  if (full > 0) k.copy(at + (p0 * ld + j0) * es, ld, base * es, kc, kcPad, full);
  if (w < nc) packB(g, p0, kc, kcPad, j0 + w, nc - w, NR, view, base + w * kcPad);
}

/** Packs op(A)[i0.., p0..] (mc x kc) as MR-high panels of kcPad steps, zero-padded. */
export function packA(g: GemmArgs, i0: number, mc: number, p0: number, kc: number, kcPad: number, MR: number, dst: FloatArray, base: number): void {
  const a = g.a;
  const rs = g.aRs;
  const cs = g.aCs;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const d0 = base + (ir / MR) * MR * kcPad;
    for (let r = 0; r < MR; r++) {
      let q = d0 + r;
      if (r < rows) {
        let s = g.aOff + (i0 + ir + r) * rs + p0 * cs;
        for (let p = 0; p < kc; p++, s += cs, q += MR) dst[q] = a[s]!;
      }
      for (let p = r < rows ? kc : 0; p < kcPad; p++, q += MR) dst[q] = 0;
    }
  }
}

/** Packs op(B)[p0.., j0..] (kc x nc) as NR-wide panels of kcPad steps, zero-padded. */
export function packB(g: GemmArgs, p0: number, kc: number, kcPad: number, j0: number, nc: number, NR: number, dst: FloatArray, base: number): void {
  const b = g.b;
  const rs = g.bRs;
  const cs = g.bCs;
  let d = base;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      let s = g.bOff + (p0 + p) * rs + (j0 + jr) * cs;
      let j = 0;
      for (; j < cols; j++, s += cs) dst[d + j] = b[s]!;
      for (; j < NR; j++) dst[d + j] = 0;
      d += NR;
    }
    for (let p = kc; p < kcPad; p++) {
      for (let j = 0; j < NR; j++) dst[d + j] = 0;
      d += NR;
    }
  }
}

/** C[:, j0..j0+nc] = alpha * T + beta * C (C unread when beta is 0), T the padded block at `base`. */
export function copyOut(g: GemmArgs, src: FloatArray, base: number, ldt: number, j0: number, nc: number): void {
  const { m, alpha, beta, c, cRs, cCs } = g;
  if (beta === 0 && alpha === 1 && cCs === 1 && cRs === nc && ldt === nc) {
    // C's rows are contiguous and the block has no padding: one copy.
    c.set(src.subarray(base, base + m * nc), g.cOff + j0);
    return;
  }
  for (let i = 0; i < m; i++) {
    let q = g.cOff + i * cRs + j0 * cCs;
    let s = base + i * ldt;
    if (beta === 0) {
      if (alpha === 1 && cCs === 1) {
        c.set(src.subarray(s, s + nc), q);
      } else {
        for (let j = 0; j < nc; j++, q += cCs) c[q] = alpha * src[s + j]!;
      }
    } else {
      for (let j = 0; j < nc; j++, q += cCs) c[q] = alpha * src[s + j]! + beta * c[q]!;
    }
    s += ldt;
  }
}

/** Whether the WebAssembly SIMD GEMM kernels can run in this runtime (instantiates them once). */
export function wasmGemmAvailable(): boolean {
  return wasmGemmInstance() !== null;
}
