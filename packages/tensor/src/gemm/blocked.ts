import type { GemmArgs } from "./contract";
import { scaleC } from "./scale";

/** Micro-tile rows / columns, and the cache blocks (in elements) of the pure-TS kernel. */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
const NC = 2048;

// Module-level scratch, grown on demand and reused by every call (no allocation per call once warm).
// Both dtypes are packed as float64: V8 computes in doubles anyway, so this also accumulates in f64.
let packA = /* @__PURE__ */ new Float64Array(0);
let packB = /* @__PURE__ */ new Float64Array(0);
let edge = /* @__PURE__ */ new Float64Array(0);

/**
 * The pure-TypeScript blocked GEMM (BLIS loop order): for each NC column block and KC slice of
 * `k`, pack a KC x NC slab of `op(B)` into NR-wide panels; for each MC row block pack `op(A)` into
 * MR-high panels (edges zero-padded), then run an MR x NR register-blocked micro-kernel whose
 * 16 accumulators are locals. Follows {@link GemmArgs} exactly (any strides; `beta === 0` never
 * reads C). Reaches ~4 GFLOP/s on one Zen 4 core for both dtypes: V8 emits scalar code, so this
 * is the fallback where WebAssembly SIMD is missing.
 */
export function gemmBlocked(g: GemmArgs): void {
  const { m, n, k } = g;
  if (m === 0 || n === 0) return;
  if (k === 0 || g.alpha === 0) {
    scaleC(g);
    return;
  }
  if (edge.length === 0) {
    edge = new Float64Array(MR * NR);
    packA = new Float64Array(MC * KC);
  }
  const nb = Math.min(NC, n);
  const needB = Math.ceil(nb / NR) * NR * Math.min(KC, k);
  if (packB.length < needB) packB = new Float64Array(needB);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const beta = pc === 0 ? g.beta : 1;
      packPanelsB(g, pc, kc, jc, nc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelsA(g, ic, mc, pc, kc, packA);
        macro(g, packA, packB, ic, mc, jc, nc, kc, beta);
      }
    }
  }
}

/** Packs rows `i0..i0+mc` x cols `p0..p0+kc` of op(A) as MR-high panels, k-major inside. */
function packPanelsA(g: GemmArgs, i0: number, mc: number, p0: number, kc: number, dst: Float64Array): void {
  const a = g.a;
  const rs = g.aRs;
  const cs = g.aCs;
  let d = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    for (let r = 0; r < MR; r++) {
      let q = d + r;
      if (r < rows) {
        let s = g.aOff + (i0 + ir + r) * rs + p0 * cs;
        for (let p = 0; p < kc; p++) {
          dst[q] = a[s]!;
          s += cs;
          q += MR;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          dst[q] = 0;
          q += MR;
        }
      }
    }
    d += MR * kc;
  }
}

/** Packs rows `p0..p0+kc` x cols `j0..j0+nc` of op(B) as NR-wide panels, k-major inside. */
function packPanelsB(g: GemmArgs, p0: number, kc: number, j0: number, nc: number, dst: Float64Array): void {
  const b = g.b;
  const rs = g.bRs;
  const cs = g.bCs;
  let d = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      const s = g.bOff + (p0 + p) * rs + (j0 + jr) * cs;
      if (cols === NR) {
        dst[d] = b[s]!;
        dst[d + 1] = b[s + cs]!;
        dst[d + 2] = b[s + 2 * cs]!;
        dst[d + 3] = b[s + 3 * cs]!;
      } else {
        for (let j = 0; j < NR; j++) dst[d + j] = j < cols ? b[s + j * cs]! : 0;
      }
      d += NR;
    }
  }
}

function macro(
  g: GemmArgs,
  pa: Float64Array,
  pb: Float64Array,
  ic: number,
  mc: number,
  jc: number,
  nc: number,
  kc: number,
  beta: number,
): void {
  const alpha = g.alpha;
  const c = g.c;
  const cRs = g.cRs;
  const cCs = g.cCs;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const bBase = jr * kc;
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir);
      const cBase = g.cOff + (ic + ir) * cRs + (jc + jr) * cCs;
      micro(kc, pa, ir * kc, pb, bBase, c, cBase, cRs, cCs, alpha, beta, rows, cols);
    }
  }
}

function micro(
  kc: number,
  A: Float64Array,
  pa: number,
  B: Float64Array,
  pb: number,
  c: GemmArgs["c"],
  ci: number,
  cRs: number,
  cCs: number,
  alpha: number,
  beta: number,
  rows: number,
  cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = pa + kc * MR;
  while (pa < end) {
    const a0 = A[pa]!, a1 = A[pa + 1]!, a2 = A[pa + 2]!, a3 = A[pa + 3]!;
    const b0 = B[pb]!, b1 = B[pb + 1]!, b2 = B[pb + 2]!, b3 = B[pb + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    pa += MR;
    pb += NR;
  }
  const t = edge;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
  t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
  t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let r = 0; r < rows; r++) {
    let q = ci + r * cRs;
    const o = r * NR;
    if (beta === 0) {
      for (let j = 0; j < cols; j++, q += cCs) c[q] = alpha * t[o + j]!;
    } else {
      for (let j = 0; j < cols; j++, q += cCs) c[q] = alpha * t[o + j]! + beta * c[q]!;
    }
  }
}
