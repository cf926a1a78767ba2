import { describe, expect, it } from "vitest";
import {
  gemm,
  gemmBlocked,
  gemmReference,
  gemmVector,
  gemmWasm,
  wasmGemmAvailable,
  wasmGemmVariant,
  loadWasmGemm,
  type FloatArray,
  type GemmArgs,
  type GemmKernel,
} from "../src/index";
import { releaseResident, residentOperand } from "../src/gemm/wasm";
import { CASES, LAYOUTS, maxAbs, maxAbsDiff, runCase, type Ctor } from "./fixtures/gemm-helpers";

const kernels: [string, GemmKernel][] = [
  ["dispatch", gemm],
  ["ts-blocked", gemmBlocked],
];
if (wasmGemmAvailable()) kernels.push(["wasm", gemmWasm]);


describe("GEMM kernels against the reference triple loop", () => {
  it("the WASM SIMD kernels load in this runtime", () => {
    // Node 20 has WebAssembly SIMD128 on by default; relaxed SIMD only behind a flag.
    expect(wasmGemmAvailable()).toBe(true);
    expect(["simd", "relaxed-simd"]).toContain(wasmGemmVariant());
  });

  for (const T of [Float32Array, Float64Array] as Ctor[]) {
    const tol = T === Float32Array ? 1e-5 : 1e-12;
    for (const cs of CASES) {
      it(`${T.name} ${cs.m}x${cs.k} * ${cs.k}x${cs.n}, all layouts, alpha/beta`, () => {
        let seed = cs.m * 1000 + cs.n * 10 + cs.k;
        for (const lay of LAYOUTS) {
          for (const [alpha, beta] of [[1, 0], [-0.5, 2]] as const) {
            const { base, C0, ref } = runCase(T, cs, lay, alpha, beta, seed++);
            const scale = maxAbs(ref);
            expect(scale).toBeGreaterThan(0);
            const list: [string, GemmKernel][] = cs.m === 1 || cs.n === 1 ? [...kernels, ["vector", gemmVector]] : kernels;
            for (const [name, kern] of list) {
              const c = C0.slice();
              kern({ ...base, c });
              const err = maxAbsDiff(c, ref);
              expect(err / scale, `${name} ${lay.join("/")} alpha=${alpha} beta=${beta}`).toBeLessThanOrEqual(tol);
            }
          }
        }
      });
    }
  }

  it("splits wide products over N blocks (C block cap) and still matches", () => {
    // m * n above 2^21 forces the WASM driver to loop over column blocks; n > 2048 does for TS.
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      const { base, C0, ref } = runCase(T, { m: 1030, n: 2100, k: 5 }, ["row", "row", "row"], 1, 0.5, 7);
      for (const [name, kern] of kernels) {
        const c = C0.slice();
        kern({ ...base, c });
        expect(maxAbsDiff(c, ref) / maxAbs(ref), name).toBeLessThanOrEqual(T === Float32Array ? 1e-5 : 1e-12);
      }
    }
  });

  it("beta = 0 never reads C (NaN in C is overwritten); beta != 0 does", () => {
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      for (const [name, kern] of [...kernels, ["vector", gemmVector] as [string, GemmKernel]]) {
        const m = name === "vector" ? 1 : 20;
        const { base } = runCase(T, { m, n: 19, k: 33 }, ["row", "row", "row"], 1, 0, 3);
        const c = new T(base.c.length).fill(NaN);
        kern({ ...base, c });
        const at = (i: number, j: number) => c[base.cOff + i * base.cRs + j * base.cCs]!;
        for (let i = 0; i < m; i++) for (let j = 0; j < 19; j++) expect(Number.isFinite(at(i, j))).toBe(true);
        // Elements outside the C view are untouched.
        expect(Number.isNaN(c[0]!)).toBe(true);
        c.fill(NaN);
        kern({ ...base, c, beta: 1 });
        expect(Number.isNaN(at(0, 0)), name).toBe(true);
      }
    }
  });

  it("k = 0 scales C by beta (zero when beta = 0) and m = 0 / n = 0 touch nothing", () => {
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      for (const [name, kern] of [...kernels, ["vector", gemmVector] as [string, GemmKernel]]) {
        const args = (m: number, n: number, k: number, beta: number, c: FloatArray): GemmArgs => ({
          m, n, k, alpha: 1, beta,
          a: new T(0), aOff: 0, aRs: k, aCs: 1, b: new T(0), bOff: 0, bRs: n, bCs: 1,
          c, cOff: 0, cRs: n, cCs: 1,
        });
        const c = T.from([NaN, NaN, NaN, NaN]);
        kern(args(2, 2, 0, 0, c));
        expect(Array.from(c), name).toEqual([0, 0, 0, 0]);
        const c2 = T.from([1, 2, 3, 4]);
        kern(args(2, 2, 0, 3, c2));
        expect(Array.from(c2), name).toEqual([3, 6, 9, 12]);
        const c3 = T.from([1, 2]);
        kern(args(0, 2, 4, 0, c3));
        kern(args(2, 0, 4, 0, c3));
        expect(Array.from(c3), name).toEqual([1, 2]);
      }
    }
  });

  it("matches a NumPy literal exactly (small integers)", () => {
    // np.array([[1,2,3],[4,5,6]]) @ np.array([[7,8],[9,10],[11,12]]) -> [[58, 64], [139, 154]]
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      for (const [name, kern] of kernels) {
        const c = new T(4);
        kern({
          m: 2, n: 2, k: 3, alpha: 1, beta: 0,
          a: T.from([1, 2, 3, 4, 5, 6]), aOff: 0, aRs: 3, aCs: 1,
          b: T.from([7, 8, 9, 10, 11, 12]), bOff: 0, bRs: 2, bCs: 1,
          c, cOff: 0, cRs: 2, cCs: 1,
        });
        expect(Array.from(c), name).toEqual([58, 64, 139, 154]);
      }
    }
  });

  it("the plain SIMD and the relaxed-SIMD variants can be switched", () => {
    expect(wasmGemmVariant({ relaxed: false })).toBe("simd");
    const { base, C0, ref } = runCase(Float32Array, { m: 33, n: 29, k: 40 }, ["row", "row", "row"], 1, 0, 11);
    const c = C0.slice();
    gemmWasm({ ...base, c });
    expect(maxAbsDiff(c, ref) / maxAbs(ref)).toBeLessThanOrEqual(1e-5);
    expect(["simd", "relaxed-simd"]).toContain(wasmGemmVariant({ relaxed: true }));
  });

  it("falls back to TS and compiles asynchronously where synchronous compilation is refused", async () => {
    const Orig = WebAssembly.Module;
    const W = WebAssembly as unknown as { Module: unknown };
    W.Module = function () {
      throw new RangeError("WebAssembly.Module is disallowed on the main thread for > 4 KB");
    };
    try {
      expect(wasmGemmVariant({ relaxed: false })).toBeNull(); // reset: the sync compile fails
      expect(wasmGemmAvailable()).toBe(false);
      const { base, C0, ref } = runCase(Float32Array, { m: 40, n: 30, k: 20 }, ["row", "row", "row"], 1, 0, 5);
      const c = C0.slice();
      gemm({ ...base, c }); // runs on the TS kernel meanwhile
      expect(maxAbsDiff(c, ref) / maxAbs(ref)).toBeLessThanOrEqual(1e-5);
    } finally {
      W.Module = Orig;
    }
    expect(await loadWasmGemm()).toBe(true);
    expect(wasmGemmVariant()).toBe("simd");
    wasmGemmVariant({ relaxed: true });
  });
});

describe("resident operands (a matrix kept in the wasm memory across products)", () => {
  it("products packing a resident A or B give the same bits as plain ones; the space is reserved until released", () => {
    if (!wasmGemmAvailable()) return;
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      // A strided 70 x 50 operand (so the resident copy is a real relayout), used as A and as B.
      const { base } = runCase(T, { m: 70, n: 60, k: 50 }, ["strided", "row", "row"], 1, 0, 21);
      const r = residentOperand(base.a, base.aOff, base.aRs, base.aCs, 70, 50)!;
      expect(r).not.toBeNull();
      expect(residentOperand(base.a, base.aOff, base.aRs, base.aCs, 70, 50)).toBeNull(); // one at a time
      try {
        const plain = base.c.slice();
        gemmWasm({ ...base, c: plain });
        const viaRes = base.c.slice();
        gemmWasm({ ...base, c: viaRes }, { a: r });
        expect(Array.from(viaRes)).toEqual(Array.from(plain));
        // As B: C2 (30 x 50) = X (30 x 70) A (70 x 50).
        const x = new T(30 * 70);
        for (let i = 0; i < x.length; i++) x[i] = ((i * 37) % 11) - 5;
        const gB: GemmArgs = {
          m: 30, n: 50, k: 70, alpha: 1, beta: 0, a: x, aOff: 0, aRs: 70, aCs: 1,
          b: base.a, bOff: base.aOff, bRs: base.aRs, bCs: base.aCs, c: new T(30 * 50), cOff: 0, cRs: 50, cCs: 1,
        };
        const p2 = new T(30 * 50);
        gemmWasm({ ...gB, c: p2 });
        gemmWasm(gB, { b: r });
        expect(Array.from(gB.c)).toEqual(Array.from(p2));
        // A product with other operands ignores the resident one and does not overwrite it.
        const other = runCase(T, { m: 90, n: 80, k: 70 }, ["row", "row", "row"], 1, 0, 5);
        const c = other.C0.slice();
        gemmWasm({ ...other.base, c }, { a: r });
        expect(maxAbsDiff(c, other.ref) / maxAbs(other.ref)).toBeLessThanOrEqual(T === Float32Array ? 1e-5 : 1e-12);
        const again = base.c.slice();
        gemmWasm({ ...base, c: again }, { a: r });
        expect(Array.from(again)).toEqual(Array.from(plain));
      } finally {
        releaseResident(r);
      }
      const r2 = residentOperand(base.a, base.aOff, base.aRs, base.aCs, 70, 50);
      expect(r2).not.toBeNull();
      releaseResident(r2!);
    }
  });
});

describe("whole-operand staging and the single-copy C write-back", () => {
  it("contiguous row-major operands and C (n a multiple of the tile) match the reference, beta 0 and not", () => {
    if (!wasmGemmAvailable()) return;
    for (const T of [Float32Array, Float64Array] as Ctor[]) {
      const [m, n, k] = [37, 24, 29];
      const a = new T(m * k);
      const b = new T(k * n);
      for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 23) / 11 - 1;
      for (let i = 0; i < b.length; i++) b[i] = ((i * 104729) % 19) / 9 - 1;
      for (const beta of [0, 0.5]) {
        const c0 = new T(m * n);
        for (let i = 0; i < c0.length; i++) c0[i] = (i % 5) - 2;
        const g: GemmArgs = { m, n, k, alpha: 1, beta, a, aOff: 0, aRs: k, aCs: 1, b, bOff: 0, bRs: n, bCs: 1, c: c0.slice(), cOff: 0, cRs: n, cCs: 1 };
        const ref = { ...g, c: c0.slice() };
        gemmReference(ref);
        gemmWasm(g);
        expect(maxAbsDiff(g.c, ref.c) / maxAbs(ref.c), `${T.name} beta ${beta}`).toBeLessThanOrEqual(T === Float32Array ? 1e-6 : 1e-14);
      }
    }
  });
});
