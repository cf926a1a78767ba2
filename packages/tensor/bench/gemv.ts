// Matrix-vector GEMM benchmark (m = 1 or n = 1): `gemm` (which routes these shapes to
// `gemmVector`) against the pre-optimisation vector kernel, kept below as `baselineVector`, in the
// same process. CPU time (process.cpuUsage, user + system) rather than wall time, because the
// 2-core machine is shared. GFLOP/s = 2 m n k / t.
// Run: ../../node_modules/.bin/tsx bench/gemv.ts [--quick] [--only f32|f64]
import { gemm, type GemmArgs } from "../src/index";

/** The vector kernel as it was before the per-layout kernels (strided, float64 accumulation). */
const scratch = { row: null as Float64Array | null };
function baselineVector(g: GemmArgs): void {
  const { m, n, k, alpha, beta, a, b, c } = g;
  if (n === 1) {
    for (let i = 0; i < m; i++) {
      let pa = g.aOff + i * g.aRs;
      let pb = g.bOff;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        s0 += a[pa]! * b[pb]!;
        s1 += a[pa + g.aCs]! * b[pb + g.bRs]!;
        pa += 2 * g.aCs;
        pb += 2 * g.bRs;
      }
      if (p < k) s0 += a[pa]! * b[pb]!;
      const q = g.cOff + i * g.cRs;
      c[q] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * c[q]!;
    }
    return;
  }
  if (!scratch.row || scratch.row.length < n) scratch.row = new Float64Array(n);
  const r = scratch.row;
  r.fill(0, 0, n);
  for (let p = 0; p < k; p++) {
    const av = a[g.aOff + p * g.aCs]!;
    let pb = g.bOff + p * g.bRs;
    for (let j = 0; j < n; j++, pb += g.bCs) r[j] = r[j]! + av * b[pb]!;
  }
  let q = g.cOff;
  for (let j = 0; j < n; j++, q += g.cCs) c[q] = beta === 0 ? alpha * r[j]! : alpha * r[j]! + beta * c[q]!;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Best-of-`rounds` CPU seconds per call, each round running enough calls for ~`target` s. */
function time(fn: () => void, flops: number, quick: boolean): number {
  const target = quick ? 0.01 : 0.03;
  const calls = Math.max(1, Math.round((target * 1e9) / flops)); // sized for ~1 GFLOP/s
  for (let i = 0; i < Math.min(calls, 50); i++) fn();
  let best = Infinity;
  for (let r = 0; r < (quick ? 2 : 4); r++) {
    const t0 = cpuSeconds();
    for (let i = 0; i < calls; i++) fn();
    best = Math.min(best, (cpuSeconds() - t0) / calls);
  }
  return best;
}

function fill(x: Float32Array | Float64Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
}

/** GEMM arguments for C[m x n] = op(A) op(B), row-major storage, with the given transposes. */
function args(dt: "f32" | "f64", m: number, k: number, n: number, tA: boolean, tB: boolean): GemmArgs {
  const T = dt === "f32" ? Float32Array : Float64Array;
  const a = new T(m * k);
  const b = new T(k * n);
  fill(a, 1);
  fill(b, 2);
  return {
    m, n, k, alpha: 1, beta: 0, a, aOff: 0, aRs: tA ? 1 : k, aCs: tA ? m : 1,
    b, bOff: 0, bRs: tB ? 1 : n, bCs: tB ? k : 1, c: new T(m * n), cOff: 0, cRs: n, cCs: 1,
  };
}

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
const sizes = [128, 344, 512, 1024];
console.log("shape (m x k x n)          layout  dtype  before GFLOP/s  after GFLOP/s  speed-up");
const ratios: number[] = [];
for (const dt of ["f32", "f64"] as const) {
  if (only && only !== dt) continue;
  for (const vecSide of ["m=1", "n=1"] as const) {
    for (const trans of [true, false]) {
      for (const k of sizes) {
        for (const len of sizes) {
          const [m, n] = vecSide === "m=1" ? [1, len] : [len, 1];
          const g = vecSide === "m=1" ? args(dt, m, k, n, false, trans) : args(dt, m, k, n, trans, false);
          const flops = 2 * m * n * k;
          const before = flops / time(() => baselineVector(g), flops, quick) / 1e9;
          const after = flops / time(() => gemm(g), flops, quick) / 1e9;
          ratios.push(after / before);
          const layout = vecSide === "m=1" ? (trans ? "transB" : "B") : trans ? "transA" : "A";
          console.log(
            `${`${m} x ${k} x ${n}`.padEnd(26)} ${layout.padEnd(7)} ${dt}   ${before.toFixed(2).padStart(8)}  ${after.toFixed(2).padStart(12)}  ${(after / before).toFixed(1).padStart(8)}x`,
          );
        }
      }
    }
  }
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric-mean speed-up: ${geo.toFixed(2)}x over ${ratios.length} shapes`);
