import { describe, expect, test } from "vitest";
import { Rng, fromNested, isWcError, tensor, transpose } from "@wc/tensor";
import { linearShape, monarchToDense, projectToMonarch, squareShape, type MonarchShape } from "../src/index";
import { denseByFormula, fromFn, hadamard, kron, maxAbsDiff, normalFactors } from "./helpers";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : `not WcError: ${String(e)}`;
  }
  return undefined;
}

const sumSq = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return s;
};

describe("check 1: exact recovery of Monarch matrices", () => {
  const shapes: [string, MonarchShape][] = [
    ["square m=4", squareShape(16)],
    ["linearShape(64, 256, 4)", linearShape(64, 256, 4)],
    ["linearShape(24, 40, 4)", linearShape(24, 40, 4)],
    ["linearShape(40, 24, 4)", linearShape(40, 24, 4)],
    ["general M^(4,32)", squareShape(32, { b: 4 })],
  ];
  for (const [name, shape] of shapes) {
    test(name, () => {
      const f = normalFactors(shape, 7);
      const A = monarchToDense(f);
      const g = projectToMonarch(A, shape);
      const B = monarchToDense(g.factors);
      expect(maxAbsDiff(B.data, A.data)).toBeLessThan(1e-9);
      expect(g.sqError).toBeLessThan(1e-18 * sumSq(A.data));
      expect(g.factors.w1).toBeInstanceOf(Float64Array);
    });
  }
});

describe("check 2: known transforms project exactly", () => {
  test("Sylvester Hadamard H16 and H64", () => {
    for (const n of [16, 64]) {
      const H = hadamard(n);
      const g = projectToMonarch(H, squareShape(n));
      expect(g.sqError).toBeLessThan(1e-20);
      expect(maxAbsDiff(monarchToDense(g.factors).data, H.data)).toBeLessThan(1e-12);
    }
  });
  test("Kronecker product B ⊗ C of two 5x5 matrices (n = 25)", () => {
    const rng = new Rng(3);
    const B = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const C = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const A = kron(B, C);
    const g = projectToMonarch(A, squareShape(25));
    expect(g.sqError).toBeLessThan(1e-20 * sumSq(A.data));
    expect(maxAbsDiff(monarchToDense(g.factors).data, A.data)).toBeLessThan(1e-12);
  });
});

describe("check 3: deterministic residuals (NumPy literals)", () => {
  test("n = 16, A[i][j] = ((7i + 3j) mod 11) - 5", () => {
    const A = fromFn(16, 16, (i, j) => ((7 * i + 3 * j) % 11) - 5);
    expect(sumSq(A.data)).toBe(2563);
    const g = projectToMonarch(A, squareShape(16));
    // T=A.reshape(4,4,4,4); sum((np.linalg.svd(T[:,j,k,:],compute_uv=False)[1:]**2).sum() for j in range(4) for k in range(4))
    expect(g.sqError).toBeCloseTo(927.3223976, 6);
    expect(g.relError).toBeCloseTo(0.60150753, 7);
    // the reported error is the true residual and the sum of the slice tails
    const M = monarchToDense(g.factors);
    let res = 0;
    for (let i = 0; i < 256; i++) res += (A.data[i]! - M.data[i]!) ** 2;
    expect(res).toBeCloseTo(927.3223976, 6);
    expect(g.sliceTailEnergy.length).toBe(16);
    expect(g.sliceTailEnergy.reduce((a, b) => a + b, 0)).toBeCloseTo(g.sqError, 10);
    // idempotence: projecting the projection changes nothing
    const again = projectToMonarch(M, squareShape(16));
    expect(again.sqError).toBeLessThan(1e-20 * sumSq(M.data));
    expect(maxAbsDiff(monarchToDense(again.factors).data, M.data)).toBeLessThan(1e-12);
  });
  // Independent NumPy projection (slice (g,a) = A.reshape(s,l,k,p)[:,g,a,:], keep rank #{b<q:(a*q+b)%l==g}), see test/fixtures/literals.py
  test("rectangular linearShape(24, 40, 4): 40 x 24, A = ((5i + 2j) mod 13) - 6", () => {
    const A = fromFn(40, 24, (i, j) => ((5 * i + 2 * j) % 13) - 6);
    const g = projectToMonarch(A, linearShape(24, 40, 4));
    expect(g.sqError).toBeCloseTo(5919.723105804401, 8);
    expect(g.relError).toBeCloseTo(0.6638164716319229, 12);
  });
  test("rectangular linearShape(40, 24, 4): 24 x 40", () => {
    const A = fromFn(24, 40, (i, j) => ((5 * i + 2 * j) % 13) - 6);
    const g = projectToMonarch(A, linearShape(40, 24, 4));
    expect(g.sqError).toBeCloseTo(4801.506207651878, 8);
    expect(g.relError).toBeCloseTo(0.5973747974721688, 12);
  });
  test("non-square-root block size: n = 15, b = 3", () => {
    const A = fromFn(15, 15, (i, j) => ((7 * i + 3 * j) % 11) - 5);
    const g = projectToMonarch(A, squareShape(15));
    expect(g.sqError).toBeCloseTo(678.5280126537849, 8);
    expect(g.relError).toBeCloseTo(0.5486645934789649, 12);
  });
});

describe("optimality, inputs and options", () => {
  test("the projection beats every random Monarch matrix and its own perturbations", () => {
    const A = fromFn(16, 16, (i, j) => Math.sin(i * 1.7 + j * j * 0.3));
    const g = projectToMonarch(A, squareShape(16));
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const w1 = g.factors.w1.map((v) => v + 0.01 * rng.normal());
      const w2 = g.factors.w2.map((v) => v + 0.01 * rng.normal());
      const M = denseByFormula({ shape: g.factors.shape, w1, w2 }).flat();
      let err = 0;
      for (let i = 0; i < 256; i++) err += (A.data[i]! - M[i]!) ** 2;
      expect(err).toBeGreaterThanOrEqual(g.sqError);
    }
  });
  test("strided (transposed) float32 input, float32 factors", () => {
    const A = fromFn(16, 16, (i, j) => ((7 * j + 3 * i) % 11) - 5); // A^T of the check-3 matrix
    const At32 = transpose(tensor(Float32Array.from(A.data), [16, 16]));
    const g = projectToMonarch(At32, squareShape(16), { dtype: "float32" });
    expect(g.factors.w1).toBeInstanceOf(Float32Array);
    expect(g.sqError).toBeCloseTo(927.3223976, 4);
  });
  test("input is not modified; zero matrix gives zero error", () => {
    const A = fromFn(16, 16, (i, j) => i - j);
    const before = A.data.slice();
    projectToMonarch(A, squareShape(16));
    expect([...A.data]).toEqual([...before]);
    const Z = projectToMonarch(fromFn(16, 16, () => 0), squareShape(16));
    expect(Z.sqError).toBe(0);
    expect(Z.relError).toBe(0);
  });
  test("bad input gets WcError codes", () => {
    const s = squareShape(16);
    expect(code(() => projectToMonarch(fromFn(16, 15, () => 1), s))).toBe("E_SHAPE");
    expect(code(() => projectToMonarch(tensor(new Float64Array(16), [16]), s))).toBe("E_SHAPE");
    expect(code(() => projectToMonarch(tensor(new Int32Array(256), [16, 16]), s))).toBe("E_DTYPE");
    expect(code(() => projectToMonarch(fromFn(16, 16, (i) => (i === 3 ? Number.NaN : 1)), s))).toBe("E_RANGE");
    expect(code(() => projectToMonarch(fromFn(16, 16, (i) => (i === 3 ? Infinity : 1)), s))).toBe("E_RANGE");
    expect(code(() => projectToMonarch(fromFn(16, 16, () => 1), s, { dtype: "float16" as never }))).toBe("E_DTYPE");
    expect(code(() => projectToMonarch(fromFn(16, 16, () => 1), { ...s, r: 3 }))).toBe("E_SHAPE");
    expect(code(() => projectToMonarch(fromNested([[1]]), squareShape(4)))).toBe("E_SHAPE");
  });
});
