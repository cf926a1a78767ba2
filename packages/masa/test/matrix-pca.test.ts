import { describe, expect, it } from "vitest";
import { fromNested, tensor, type Matrix } from "@wc/tensor";
import { matrixPCA, reconstruct } from "../src/index";
import ref from "./fixtures/reference.json";
import { code } from "./helpers";

const m = (rows: number[][]): Matrix => fromNested(rows, { dtype: "float64" }) as Matrix;
const flat = (x: Matrix): number[] => Array.from({ length: x.shape[0]! * x.shape[1]! }, (_, k) => x.get(Math.floor(k / x.shape[1]!), k % x.shape[1]!));
const inner = (a: Matrix, b: Matrix): number => flat(a).reduce((s, v, k) => s + v * flat(b)[k]!, 0);

function layers(noise: boolean): Matrix[] {
  const { base, mix } = ref;
  return mix.map((c, l) => {
    const w = new Float64Array(16 * 8);
    for (let s = 0; s < 4; s++) for (let i = 0; i < 16; i++) for (let j = 0; j < 8; j++) w[i * 8 + j] += c[s]! * base[s]![i]![j]!;
    if (noise) for (let i = 0; i < 16; i++) for (let j = 0; j < 8; j++) w[i * 8 + j] += ref.noise[l]![i]![j]!;
    return tensor(w, [16, 8]);
  });
}

describe("matrixPCA (spec §6 check 1: the toy)", () => {
  const ws = [m([[1, 0], [0, 1]]), m([[2, 0], [0, 2]]), m([[0, 1], [1, 0]])];
  it("S=1: D_0 = I/√2, C = [√2, 2√2, 0], sqError = 2, eigenvalues (10, 2, 0)", () => {
    const r = matrixPCA(ws, 1);
    expect(Array.from(r.eigenvalues).map((v) => +v.toFixed(12))).toEqual([10, 2, 0]);
    expect(r.atoms).toHaveLength(1);
    const d = flat(r.atoms[0]!);
    [Math.SQRT1_2, 0, 0, Math.SQRT1_2].forEach((v, k) => expect(d[k]).toBeCloseTo(v, 12));
    [Math.SQRT2, 2 * Math.SQRT2, 0].forEach((v, k) => expect(r.coeffs[k]).toBeCloseTo(v, 12));
    expect(r.sqError).toBeCloseTo(2, 12);
    expect(r.relError).toBeCloseTo(Math.sqrt(2 / 12), 12);
    expect(Array.from(r.layerSqError).map((v) => +v.toFixed(12))).toEqual([0, 0, 2]);
  });
  it("S=2 adds D_1 = W_2/√2 with c_21 = √2 and zero error", () => {
    const r = matrixPCA(ws, 2);
    const d = flat(r.atoms[1]!);
    [0, Math.SQRT1_2, Math.SQRT1_2, 0].forEach((v, k) => expect(d[k]).toBeCloseTo(v, 12));
    expect(r.coeffs[2 * 2 + 1]).toBeCloseTo(Math.SQRT2, 12);
    expect(r.sqError).toBeLessThan(1e-24);
    for (let l = 0; l < 3; l++) flat(reconstruct(r, l)).forEach((v, k) => expect(v).toBeCloseTo(flat(ws[l]!)[k]!, 12));
  });
  it("S=3 drops the zero-eigenvalue atom", () => {
    expect(matrixPCA(ws, 3).atoms).toHaveLength(2);
  });
  it("does not modify its inputs and accepts float32 and transposed views", () => {
    const w32 = [fromNested([[1, 2], [3, 4]], { dtype: "float32" }) as Matrix, fromNested([[0, 1], [1, 0]], { dtype: "float32" }) as Matrix];
    const before = w32.map(flat);
    const r1 = matrixPCA(w32, 1);
    expect(w32.map(flat)).toEqual(before);
    const r2 = matrixPCA(w32.map((w) => w.transpose(1, 0)), 1);
    expect(r2.sqError).toBeCloseTo(r1.sqError, 10);
    expect(flat(r2.atoms[0]!)[1]).toBeCloseTo(flat(r1.atoms[0]!)[2]!, 10);
  });
});

describe("matrixPCA (spec §6 check 2: exact recovery and Eckart-Young)", () => {
  it("12 layers that are combinations of 4 matrices are recovered exactly at S=4", () => {
    const ws = layers(false);
    const r = matrixPCA(ws, 4);
    expect(r.sqError).toBeLessThan(1e-20);
    for (const l of [0, 5, 11]) {
      const rec = flat(reconstruct(r, l));
      flat(ws[l]!).forEach((v, k) => expect(Math.abs(rec[k]! - v)).toBeLessThan(1e-10));
    }
  });
  it("with noise, sqError = Σ_{i>=S} σ_i² of the stacked 128 x 12 matrix = Σ_{s>=S} λ_s; atoms orthonormal", () => {
    const ws = layers(true);
    // sigma = np.linalg.svd(np.stack([w.ravel() for w in ws], 1), compute_uv=False) (test/fixtures/make-reference.py)
    const sigma = ref.noisySingularValues;
    for (const S of [1, 3, 4, 7]) {
      const r = matrixPCA(ws, S);
      const tail = sigma.slice(S).reduce((a, s) => a + s * s, 0);
      expect(Math.abs(r.sqError - tail) / tail).toBeLessThan(1e-9);
      const lamTail = Array.from(r.eigenvalues.slice(S)).reduce((a, b) => a + b, 0);
      expect(Math.abs(lamTail - tail) / tail).toBeLessThan(1e-9);
      sigma.forEach((s, i) => expect(Math.abs(r.eigenvalues[i]! - s * s) / (s * s)).toBeLessThan(1e-8));
      for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) expect(Math.abs(inner(r.atoms[i]!, r.atoms[j]!) - (i === j ? 1 : 0))).toBeLessThan(1e-10);
      // coefficients are the projections <D_s, W_l>, and each column sums to a positive number
      for (let s = 0; s < S; s++) {
        expect(r.coeffs[2 * S + s]).toBeCloseTo(inner(r.atoms[s]!, ws[2]!), 9);
        let sum = 0;
        for (let l = 0; l < 12; l++) sum += r.coeffs[l * S + s]!;
        expect(sum).toBeGreaterThan(0);
      }
    }
  });
});

describe("matrixPCA bad input", () => {
  const ws = [m([[1, 0], [0, 1]]), m([[2, 0], [0, 2]])];
  it("rejects with WcError codes", () => {
    expect(code(() => matrixPCA([], 1))).toBe("E_ARGUMENT");
    expect(code(() => matrixPCA(ws, 0))).toBe("E_RANGE");
    expect(code(() => matrixPCA(ws, 3))).toBe("E_RANGE");
    expect(code(() => matrixPCA(ws, 1.5))).toBe("E_RANGE");
    expect(code(() => matrixPCA([ws[0]!, m([[1, 2, 3]])], 1))).toBe("E_SHAPE");
    expect(code(() => matrixPCA([ws[0]!, m([[1, NaN], [0, 1]])], 1))).toBe("E_RANGE");
    expect(code(() => matrixPCA([ws[0]!, m([[1, Infinity], [0, 1]])], 1))).toBe("E_RANGE");
    expect(code(() => matrixPCA([tensor(new Int32Array(4), [2, 2]) as never], 1))).toBe("E_DTYPE");
    expect(code(() => matrixPCA([tensor(new Float64Array(4), [4]) as Matrix], 1))).toBe("E_SHAPE");
    expect(code(() => matrixPCA(ws, 1, { dropTolerance: -1 }))).toBe("E_RANGE");
    expect(code(() => reconstruct({ atoms: [], coeffs: new Float64Array(0) }, 0))).toBe("E_ARGUMENT");
    expect(code(() => reconstruct({ atoms: [ws[0]!], coeffs: Float64Array.of(1, 2) }, 2))).toBe("E_RANGE");
  });
  it("all-zero weights give no atoms and zero error", () => {
    const r = matrixPCA([m([[0, 0]]), m([[0, 0]])], 1);
    expect(r.atoms).toHaveLength(0);
    expect(r.relError).toBe(0);
  });
});
