import { describe, expect, it } from "vitest";
import { StateDict } from "@wc/io";
import { Rng, eye, fromNested, matmul, tensor, type Matrix } from "@wc/tensor";
import {
  allocateResidualRanks,
  attentionCompression,
  compressLlamaCheckpoint,
  compressPretrained,
  compressionRate,
  groupBlocksByDrift,
  layerDrift,
  masaParamCount,
  whitenedLowRank,
} from "../src/index";
import ref from "./fixtures/reference.json";
import { code } from "./helpers";

const m = (rows: number[][]): Matrix => fromNested(rows, { dtype: "float64" }) as Matrix;
const sqNorm = (d: ArrayLike<number>): number => Array.from(d).reduce((a, v) => a + v * v, 0);
/** ||(dW - A B) X||_F² */
function whitenedError(dW: Matrix, A: Matrix, B: Matrix, X: Matrix): number {
  const AB = matmul(A, B);
  const D = new Float64Array(dW.shape[0]! * dW.shape[1]!);
  for (let i = 0; i < dW.shape[0]!; i++) for (let j = 0; j < dW.shape[1]!; j++) D[i * dW.shape[1]! + j] = dW.get(i, j) - AB.get(i, j);
  return sqNorm(matmul(tensor(D, dW.shape), X).data);
}

describe("whitenedLowRank (spec §6 check 3)", () => {
  const dW = m(ref.residual);
  const X = m(ref.X);
  it("with H = I it is the plain truncated SVD", () => {
    const { A, B, whitenedSqError, shift } = whitenedLowRank(dW, eye(6, { dtype: "float64" }) as Matrix, 2);
    expect(shift).toBe(0);
    const AB = matmul(A, B);
    // truncatedRank2 = (U[:, :2] * s[:2]) @ Vt[:2] of np.linalg.svd(dW)
    ref.truncatedRank2.forEach((row, i) => row.forEach((v, j) => expect(AB.get(i, j)).toBeCloseTo(v, 10)));
    expect(whitenedSqError).toBeCloseTo(ref.residualSingularValues.slice(2).reduce((a, s) => a + s * s, 0), 10);
  });
  it("with H = X Xᵀ, ||(ΔW - AB) X||² = whitenedSqError = Σ_{i>=r} σ_i(ΔW·chol(H))², and random rank-r corrections do worse", () => {
    const H = matmul(X, X, { transB: true });
    const rng = new Rng(3);
    for (const r of [1, 2, 4]) {
      const { A, B, whitenedSqError } = whitenedLowRank(dW, H, r);
      const tail = ref.whitenedSingularValues.slice(r).reduce((a, s) => a + s * s, 0);
      expect(Math.abs(whitenedSqError - tail) / tail).toBeLessThan(1e-8);
      const e = whitenedError(dW, A, B, X);
      expect(Math.abs(e - tail) / tail).toBeLessThan(1e-8);
      for (let t = 0; t < 5; t++) {
        const Ap = tensor(Float64Array.from(A.data, (v) => v + 0.05 * rng.standardNormal()), A.shape);
        const Bp = tensor(Float64Array.from(B.data, (v) => v + 0.05 * rng.standardNormal()), B.shape);
        expect(whitenedError(dW, Ap, Bp, X)).toBeGreaterThan(e);
      }
      // the unwhitened SVD of the same rank is no better on the calibration inputs
      const plain = whitenedLowRank(dW, eye(6, { dtype: "float64" }) as Matrix, r);
      expect(whitenedError(dW, plain.A, plain.B, X)).toBeGreaterThanOrEqual(e * (1 - 1e-12));
    }
  });
  it("shifts a singular Gram (N < in) before the Cholesky factorisation", () => {
    const X2 = m(ref.X.map((row) => row.slice(0, 3))); // 6 x 3: rank 3
    const H = matmul(X2, X2, { transB: true });
    const { shift, A } = whitenedLowRank(dW, H, 2);
    expect(shift).toBeGreaterThan(0);
    expect(A.data.every(Number.isFinite)).toBe(true);
  });
  it("rejects bad input", () => {
    expect(code(() => whitenedLowRank(dW, eye(5, { dtype: "float64" }) as Matrix, 1))).toBe("E_SHAPE");
    expect(code(() => whitenedLowRank(dW, eye(6, { dtype: "float64" }) as Matrix, 0))).toBe("E_RANGE");
    expect(code(() => whitenedLowRank(dW, eye(6, { dtype: "float64" }) as Matrix, 7))).toBe("E_RANGE");
    expect(code(() => whitenedLowRank(m([[NaN]]), m([[1]]), 1))).toBe("E_RANGE");
  });
});

describe("accounting (spec §6 check 4)", () => {
  it("matches the spec's rates and counts", () => {
    // 1 - (4*768*768 + 12*4) / (12*768*768)
    expect(compressionRate({ L: 12, out: 768, in: 768, S: 4 })).toBeCloseTo(0.666659885, 9);
    expect(compressionRate({ L: 24, out: 1536, in: 1536, S: 8 })).toBeCloseTo(0.666663276, 9);
    // abstract: 226.5M -> 75M attention parameters at L=24, d=1536, S=8
    expect(4 * masaParamCount({ L: 24, out: 1536, in: 1536, S: 8 })).toBe(75_498_240);
    expect(code(() => masaParamCount({ L: 0, out: 1, in: 1, S: 1 }))).toBe("E_RANGE");
    expect(code(() => compressionRate({ L: 2, out: 1, in: 1.5, S: 1 }))).toBe("E_RANGE");
  });
  it("Table 2: MASA-QKV with S = 2/4/6/8 of 12 keeps O dense: 3(1 - S/12)/4 (up to the coefficients)", () => {
    for (const S of [2, 4, 6, 8]) {
      const shared = (["q", "k", "v"] as const).map((name) => ({ name, out: 768, in: 768, L: 12, groups: [[...Array(12).keys()]], atoms: [S] }));
      const { rate } = attentionCompression(shared, [{ out: 768, in: 768, L: 12 }]);
      expect(Math.abs(rate - (3 * (1 - S / 12)) / 4)).toBeLessThan(1e-4);
    }
  });
  it("counts residual factors", () => {
    const { params, denseParams } = attentionCompression([{ name: "q", out: 8, in: 4, L: 3, groups: [[0, 1], [2]], atoms: [1, 1], residualRank: 2 }]);
    expect(denseParams).toBe(96);
    expect(params).toBe(32 + 2 + 32 + 1 + 3 * 2 * 12);
  });
  it("allocateResidualRanks splits by min(out, in)", () => {
    // q: floor(4000*64/80 / 128) = 25; k: floor(4000*16/80 / 80) = 10
    expect(allocateResidualRanks([{ name: "q", out: 64, in: 64 }, { name: "k", out: 16, in: 64 }], 4000)).toEqual({ q: 25, k: 10, v: 0, o: 0 });
    expect(code(() => allocateResidualRanks([{ name: "q", out: 4, in: 4 }, { name: "q", out: 4, in: 4 }], 10))).toBe("E_ARGUMENT");
    expect(code(() => allocateResidualRanks([{ name: "q", out: 4, in: 4 }], -1))).toBe("E_RANGE");
  });
});

describe("grouping (spec §6 check 4)", () => {
  const dist = (hot: number): Float64Array => Float64Array.from({ length: 4 }, (_, i) => (i === hot ? 0.85 : 0.05));
  it("cuts at the two obvious jumps", () => {
    const p = [dist(0), dist(0), dist(0), dist(1), dist(1), dist(2), dist(2), dist(2)];
    expect(groupBlocksByDrift(p, 3)).toEqual([[0, 1, 2], [3, 4], [5, 6, 7]]);
    expect(groupBlocksByDrift(p, 1)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
    // ties go to the smaller index
    expect(groupBlocksByDrift(p, 2)).toEqual([[0, 1, 2], [3, 4, 5, 6, 7]]);
  });
  it("layerDrift is KL(p_l || p_{l+1})", () => {
    // 0.5*log(0.5/0.9) + 0.5*log(0.5/0.1)
    expect(layerDrift([Float64Array.of(0.5, 0.5), Float64Array.of(0.9, 0.1)])[0]).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), 14);
    expect(code(() => groupBlocksByDrift([dist(0)], 2))).toBe("E_RANGE");
    expect(code(() => layerDrift([dist(0), Float64Array.of(1)]))).toBe("E_SHAPE");
    expect(code(() => layerDrift([dist(0), Float64Array.of(NaN, 0, 0, 1)]))).toBe("E_RANGE");
  });
});

describe("compressPretrained", () => {
  const rng = new Rng(7);
  const rand = (r: number, c: number): Matrix => tensor(Float64Array.from({ length: r * c }, () => rng.standardNormal()), [r, c]);
  const layers = Array.from({ length: 6 }, () => ({ q: rand(8, 8), k: rand(4, 8), v: rand(4, 8), o: rand(8, 8) }));
  it("groups, atoms and budget add up; refinement lowers every layer's error", () => {
    const grams = layers.map(() => {
      const X = rand(8, 40);
      const H = matmul(X, X, { transB: true });
      return { q: H, k: H, v: H, o: H };
    });
    const r = compressPretrained(layers, { groups: [[0, 1, 2], [3, 4, 5]], atomsPerGroup: 1, residual: { grams, paramsPerLayer: 96 } });
    expect(r.groups).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(r.dicts.q).toHaveLength(2);
    // ranks: budget 96 split 8:4:4:8 -> q 32/16 = 2, k 16/12 = 1, v 1, o 2
    const rank = Object.fromEntries(r.report.layers.map((l) => [l.proj, l.residualRank]));
    expect(rank).toEqual({ q: 2, k: 1, v: 1, o: 2 });
    const params = 2 * (2 * (64 + 3)) + 2 * (2 * (32 + 3)) + 6 * (2 * 16 + 1 * 12 + 1 * 12 + 2 * 16);
    expect(r.report.params).toBe(params);
    expect(r.report.rate).toBeCloseTo(1 - params / (6 * (64 + 32 + 32 + 64)), 12);
    for (const l of r.report.layers) expect(l.refinedRelError).toBeLessThan(l.relError);
    expect(layers[0]!.q.get(0, 0)).toBe(layers[0]!.q.get(0, 0));
  });
  it("onProgress runs 0, 1..P x G (+ P x L with residual) without changing results", () => {
    const grams = layers.map(() => {
      const X = rand(8, 40);
      const H = matmul(X, X, { transB: true });
      return { q: H, k: H, v: H, o: H };
    });
    const cases = [
      [{ projections: ["k", "q"], groups: [[0, 1], [2, 3], [4, 5]], atomsPerGroup: 1 }, 2 * 3],
      [{ groups: [[0, 1, 2], [3, 4, 5]], atomsPerGroup: 1, residual: { grams, paramsPerLayer: 96 } }, 4 * (2 + 6)],
    ] as const;
    for (const [opts, total] of cases) {
      const plain = compressPretrained(layers, opts as never);
      const calls: [number, number][] = [];
      const withBar = compressPretrained(layers, { ...(opts as object), onProgress: (d: number, t: number) => calls.push([d, t]) });
      expect(calls).toEqual(Array.from({ length: total + 1 }, (_, d) => [d, total]));
      expect(withBar).toEqual(plain);
    }
    expect(code(() => compressPretrained(layers, { onProgress: 1 as never }))).toBe("E_ARGUMENT");
  });
  it("compressLlamaCheckpoint onProgress adds one step per (projection, layer) SVD baseline", () => {
    const named: Record<string, Matrix> = {};
    layers.forEach((ly, l) => {
      for (const p of ["q", "k", "v", "o"] as const) named[`model.layers.${l}.self_attn.${p}_proj.weight`] = ly[p];
    });
    const sd = StateDict.fromTensors(named);
    const opts = { projections: ["q", "v", "o"], groups: [[0, 1, 2], [3, 4, 5]], atomsPerGroup: 2 } as const;
    const plain = compressLlamaCheckpoint(sd, opts);
    const calls: [number, number][] = [];
    const withBar = compressLlamaCheckpoint(sd, { ...opts, onProgress: (d, t) => calls.push([d, t]) });
    const total = 3 * 2 + 3 * 6;
    expect(calls).toEqual(Array.from({ length: total + 1 }, (_, d) => [d, total]));
    expect(withBar.report).toEqual(plain.report);
    expect(withBar.svdRelError).toEqual(plain.svdRelError);
    expect([...withBar.factors].map(([n, e]) => [n, Array.from(e.tensor.data as Float32Array)])).toEqual([...plain.factors].map(([n, e]) => [n, Array.from(e.tensor.data as Float32Array)]));
  });
  it("one atom per layer (S = |G|) reproduces every layer", () => {
    const r = compressPretrained(layers, { projections: ["k"], groups: [[0, 1], [2, 3], [4, 5]], atomsPerGroup: (g) => g });
    expect(r.report.projections[0]!.relError).toBeLessThan(1e-12);
    expect(r.approximations.k![4]!.get(1, 2)).toBeCloseTo(layers[4]!.k.get(1, 2), 12);
  });
  it("rejects bad groups, atom counts and missing matrices", () => {
    expect(code(() => compressPretrained(layers, { groups: [[0, 1, 2], [3, 4]] }))).toBe("E_ARGUMENT");
    expect(code(() => compressPretrained(layers, { groups: [[0, 1, 2], [2, 3, 4, 5]] }))).toBe("E_ARGUMENT");
    expect(code(() => compressPretrained(layers, { atomsPerGroup: 7 }))).toBe("E_RANGE");
    expect(code(() => compressPretrained(layers, { projections: ["x" as never] }))).toBe("E_ARGUMENT");
    expect(code(() => compressPretrained([{ q: layers[0]!.q }], {}))).toBe("E_ARGUMENT");
    expect(code(() => compressPretrained([], {}))).toBe("E_ARGUMENT");
  });
});
