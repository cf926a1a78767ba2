import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { gemm, gemmWasm, setThreads, wasmGemmVariant } from "../src/index";
import { CASES, LAYOUTS, maxAbs, maxAbsDiff, runCase, type Ctor } from "./fixtures/gemm-helpers";

// Node 22+ validates relaxed SIMD out of the box; Node 20 keeps it behind a V8 flag, which this test
// process turns on (vitest runs each test file in its own process) so that the fused-multiply-add
// kernels, the ones browsers and newer Node pick, are checked against the reference here too.
setFlagsFromString("--experimental-wasm-relaxed-simd");

describe("relaxed-SIMD (fused multiply-add) GEMM kernels against the reference triple loop", () => {
  it("the relaxed variant validates and is picked", () => {
    expect(wasmGemmVariant({ relaxed: true })).toBe("relaxed-simd");
  });
  for (const T of [Float32Array, Float64Array] as Ctor[]) {
    const tol = T === Float32Array ? 1e-5 : 1e-12;
    it(`${T.name}: every case and layout, alpha/beta`, () => {
      expect(wasmGemmVariant({ relaxed: true })).toBe("relaxed-simd");
      let seed = 1;
      for (const cs of CASES) {
        for (const lay of LAYOUTS) {
          for (const [alpha, beta] of [[1, 0], [-0.5, 2]] as const) {
            const { base, C0, ref } = runCase(T, cs, lay, alpha, beta, seed++);
            const c = C0.slice();
            gemmWasm({ ...base, c });
            const err = maxAbsDiff(c, ref) / maxAbs(ref);
            expect(err, `${cs.m}x${cs.k}x${cs.n} ${lay.join("/")} alpha=${alpha} beta=${beta}`).toBeLessThanOrEqual(tol);
          }
        }
      }
    });
  }
  it("the threaded path (shared memory module) uses the same kernels and matches", () => {
    expect(wasmGemmVariant({ relaxed: true })).toBe("relaxed-simd");
    setThreads(2);
    try {
      for (const T of [Float32Array, Float64Array] as Ctor[]) {
        const { base, C0, ref } = runCase(T, { m: 300, n: 280, k: 260 }, ["row", "row", "row"], 1, 0.5, 99);
        const c = C0.slice();
        gemm({ ...base, c });
        expect(maxAbsDiff(c, ref) / maxAbs(ref)).toBeLessThanOrEqual(T === Float32Array ? 1e-5 : 1e-12);
      }
    } finally {
      setThreads(1);
    }
  });
});

describe("variant switching with a thread pool", () => {
  it("plain SIMD chosen after the flag is on gives 1 and 2 threads the same bits (the pool follows the choice)", () => {
    setThreads(2);
    try {
      expect(wasmGemmVariant({ relaxed: false })).toBe("simd");
      const { base, C0 } = runCase(Float32Array, { m: 300, n: 280, k: 260 }, ["row", "row", "row"], 1, 0, 7);
      const two = C0.slice();
      gemm({ ...base, c: two });
      setThreads(1);
      const one = C0.slice();
      gemm({ ...base, c: one });
      expect(Array.from(two)).toEqual(Array.from(one));
    } finally {
      setThreads(1);
      wasmGemmVariant({ relaxed: true });
    }
  });
});
