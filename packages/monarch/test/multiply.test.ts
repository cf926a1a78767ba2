import { describe, expect, test } from "vitest";
import { Rng, isWcError, randn, slice, tensor, transpose } from "@wc/tensor";
import { assertFactors, linearShape, monarchInit, monarchMultiply, monarchToDense, squareShape, type MonarchShape } from "../src/index";
import { denseByFormula, maxAbsDiff, normalFactors } from "./helpers";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : `not WcError: ${String(e)}`;
  }
  return undefined;
}

/** x · Mᵀ with M from the element formula (test-only loops). */
function reference(x: number[][], M: number[][]): number[] {
  return x.flatMap((row) => M.map((mrow) => mrow.reduce((acc, m, j) => acc + m * row[j]!, 0)));
}

describe("monarchToDense", () => {
  test("matches P L Pᵀ R built from permutation matrices in NumPy", () => {
    const shape = { k: 2, q: 3, p: 2, l: 3, s: 2, r: 2 };
    const w1 = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    const w2 = Float64Array.from({ length: 12 }, (_, i) => (i - 5) * 0.5);
    // R=block_diag(*w1); L=block_diag(*w2); Pt=eye(6)[arange(6).reshape(2,3).T.reshape(-1)];
    // Pout=eye(6)[arange(6).reshape(3,2).T.reshape(-1)]; (Pout@L@Pt@R).tolist()  (test/fixtures/literals.py)
    const expected = [
      [-2.5, -5.0, -14.0, -16.0],
      [-1.5, -2.0, 0.0, 0.0],
      [7.5, 9.0, 22.0, 24.0],
      [-1.5, -3.0, -7.0, -8.0],
      [1.5, 2.0, 9.0, 10.0],
      [12.5, 15.0, 33.0, 36.0],
    ];
    const M = monarchToDense({ shape, w1, w2 });
    expect(M.shape).toEqual([6, 4]);
    expect([...M.data]).toEqual(expected.flat());
  });
  test("agrees with the element formula of spec §3.2 for every shape family", () => {
    for (const shape of [squareShape(16), squareShape(15), linearShape(24, 40, 4), linearShape(40, 24, 4), { k: 3, q: 5, p: 2, l: 5, s: 2, r: 3 }]) {
      const f = normalFactors(shape, 5);
      expect(maxAbsDiff(monarchToDense(f).data, denseByFormula(f).flat())).toBeLessThan(1e-12);
    }
  });
  test("float32 factors give a float32 matrix", () => {
    const f = monarchInit(squareShape(16), new Rng(0));
    expect(monarchToDense(f).data).toBeInstanceOf(Float32Array);
  });
});

describe("check 4: fast path = dense path", () => {
  const shapes: [string, MonarchShape][] = [
    ["square 16", squareShape(16)],
    ["square 15 (b = 3)", squareShape(15)],
    ["linearShape(64, 256, 4)", linearShape(64, 256, 4)],
    ["linearShape(24, 40, 4)", linearShape(24, 40, 4)],
    ["linearShape(40, 24, 4)", linearShape(40, 24, 4)],
    ["rectangular k*q = l*r with l = q", { k: 3, q: 5, p: 2, l: 5, s: 2, r: 3 }],
  ];
  for (const [name, shape] of shapes) {
    test(name, () => {
      const f = normalFactors(shape, 9);
      const nIn = shape.k * shape.p;
      const x = randn(new Rng(2), [3, nIn]);
      const y = monarchMultiply(x, f);
      expect(y.shape).toEqual([3, shape.l * shape.s]);
      const xs = [0, 1, 2].map((i) => Array.from(x.data.subarray(i * nIn, (i + 1) * nIn)));
      expect(maxAbsDiff(y.data, reference(xs, denseByFormula(f)))).toBeLessThan(1e-10);
    });
  }
  test("strided input (a transposed view) and float32", () => {
    const shape = squareShape(16);
    const f = normalFactors(shape, 1);
    const xt = randn(new Rng(4), [16, 5]); // columns are the batch
    const x = transpose(xt);
    const y = monarchMultiply(x, f);
    const xs = Array.from({ length: 5 }, (_, b) => Array.from({ length: 16 }, (_, j) => xt.data[j * 5 + b]!));
    expect(maxAbsDiff(y.data, reference(xs, denseByFormula(f)))).toBeLessThan(1e-10);
    const f32 = { shape, w1: Float32Array.from(f.w1), w2: Float32Array.from(f.w2) };
    const x32 = tensor(Float32Array.from(xs.flat()), [5, 16]);
    const y32 = monarchMultiply(x32, f32);
    expect(y32.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(y32.data, y.data)).toBeLessThan(1e-4);
    // a sliced view with an offset
    const big = randn(new Rng(6), [4, 20]);
    const view = slice(big, [[1, 3], [2, 18]]);
    const rows = [1, 2].map((i) => Array.from({ length: 16 }, (_, j) => big.data[i * 20 + 2 + j]!));
    expect(maxAbsDiff(monarchMultiply(view, f).data, reference(rows, denseByFormula(f)))).toBeLessThan(1e-10);
  });
  test("batch of zero rows; inputs untouched", () => {
    const f = normalFactors(squareShape(16), 1);
    const w1 = f.w1.slice();
    expect(monarchMultiply(randn(1, [0, 16]), f).shape).toEqual([0, 16]);
    const x = randn(1, [2, 16]);
    const xd = x.data.slice();
    monarchMultiply(x, f);
    expect([...x.data]).toEqual([...xd]);
    expect([...f.w1]).toEqual([...w1]);
  });
  test("bad input gets WcError codes", () => {
    const f = normalFactors(squareShape(16), 1);
    expect(code(() => monarchMultiply(randn(1, [2, 15]), f))).toBe("E_SHAPE");
    expect(code(() => monarchMultiply(randn(1, [16]), f))).toBe("E_SHAPE");
    expect(code(() => monarchMultiply(tensor(new Int32Array(32), [2, 16]), f))).toBe("E_DTYPE");
    const xn = randn(1, [2, 16]);
    xn.data[5] = Number.NaN;
    expect(code(() => monarchMultiply(xn, f))).toBe("E_RANGE");
    expect(code(() => monarchMultiply(randn(1, [2, 16]), { ...f, w1: f.w1.subarray(1) }))).toBe("E_SHAPE");
    expect(code(() => monarchMultiply(randn(1, [2, 16]), { ...f, w2: new Int32Array(64) as never }))).toBe("E_DTYPE");
    const bad = f.w2.slice();
    bad[0] = Infinity;
    expect(code(() => assertFactors({ ...f, w2: bad }))).toBe("E_RANGE");
    expect(code(() => monarchToDense(null as never))).toBe("E_ARGUMENT");
  });
});

describe("monarchInit", () => {
  test("uniform(±1/sqrt(block fan-in)) per factor, deterministic per seed", () => {
    const s = linearShape(24, 40, 4); // w1 blocks 6x6 (fan-in 6), w2 blocks 10x6 (fan-in 6)
    const a = monarchInit(s, new Rng(5), { dtype: "float64" });
    const b = monarchInit(s, 5, { dtype: "float64" });
    expect([...a.w1]).toEqual([...b.w1]);
    expect(Math.max(...a.w1.map(Math.abs))).toBeLessThan(1 / Math.sqrt(6));
    const s2 = linearShape(40, 24, 4); // w1 (4,6,10): fan-in 10
    const c = monarchInit(s2, 1);
    expect(c.w1).toBeInstanceOf(Float32Array);
    const m1 = Math.max(...c.w1.map(Math.abs));
    expect(m1).toBeLessThan(1 / Math.sqrt(10));
    expect(m1).toBeGreaterThan(0.8 / Math.sqrt(10)); // 240 draws fill the range
    expect(code(() => monarchInit(s, 1, { dtype: "int32" as never }))).toBe("E_DTYPE");
  });
});
