import { describe, expect, it } from "vitest";
import {
  abs, add, addInPlace, argmax, argsort, axpy, axpyInPlace, clamp, colNorms, concat, cumsum, div, dot, dtypeOf, equal, exp,
  fromNested, greater, kthValue, less, log, map, max, mean, median, min, mul, mulInPlace, neg, notEqual, quantile, rowNorms,
  scale, scaleInPlace, sign, slice, sort, sqrt, square, stack, std, sub, subInPlace, sum, tensor, toNested, topk, transpose,
  variance, vectorNorm, where, WcError, zeros, greaterEqual, lessEqual, divInPlace, prod, argmin, frobeniusNorm, cumprod,
  type FloatTensor,
} from "../src/index";
import { close, flat } from "./ops-helpers";

const A = (): FloatTensor => fromNested([[1, -2, 3], [4, 5, -6]]) as FloatTensor;
const f32 = (t: FloatTensor): FloatTensor => fromNested(toNested(t), { dtype: "float32" }) as FloatTensor;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof WcError ? e.code : `not WcError: ${String(e)}`;
  }
  return undefined;
};

describe("elementwise arithmetic with broadcasting (literals from NumPy)", () => {
  for (const [name, mk] of [["f64", A], ["f32", () => f32(A())]] as const) {
    it(`row, column and scalar broadcasting (${name})`, () => {
      const a = mk();
      const r = name === "f64" ? fromNested([10, 20, 30]) : fromNested([10, 20, 30], { dtype: "float32" });
      const c = name === "f64" ? fromNested([[2], [-1]]) : fromNested([[2], [-1]], { dtype: "float32" });
      close(add(a, r as FloatTensor), [[11, 18, 33], [14, 25, 24]]); // A + r
      close(sub(a, c as FloatTensor), [[-1, -4, 1], [5, 6, -5]]); // A - c
      close(mul(a, c as FloatTensor), [[2, -4, 6], [-4, -5, 6]]); // A * c
      close(div(a, r as FloatTensor), [[0.1, -0.1, 0.1], [0.4, 0.25, -0.2]]); // A / r
      close(sub(2, a), [[1, 4, -1], [-2, -3, 8]]); // 2 - A
      close(axpy(0.5, a, r as FloatTensor), [[10.5, 19, 31.5], [12, 22.5, 27]]); // 0.5*A + r
      close(scale(a, -1), [[-1, 2, -3], [-4, -5, 6]]);
      expect(dtypeOf(add(a, 1))).toBe(name === "f64" ? "float64" : "float32");
      expect(toNested(a)).toEqual([[1, -2, 3], [4, 5, -6]]); // inputs untouched
    });
  }
  it("transposed and sliced views", () => {
    // A.T * [1, -1]
    close(mul(transpose(A()), fromNested([1, -1]) as FloatTensor), [[1, -4], [-2, -5], [3, 6]]);
    const s = slice(A(), [null, [1, 3]]); // A[:, 1:3]
    // A[:, 1:3] + A[:, 0:2].T.T
    close(add(s, transpose(transpose(slice(A(), [null, [0, 2]])))), [[-1, 1], [9, -1]]);
    // np.arange(24.).reshape(2,3,4) + [[1],[2],[3]]  -> [1][2] row = [23, 24, 25, 26]
    const B = tensor(Float64Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    expect(toNested(add(B, fromNested([[1], [2], [3]]) as FloatTensor))).toEqual(
      [[[1, 2, 3, 4], [6, 7, 8, 9], [11, 12, 13, 14]], [[13, 14, 15, 16], [18, 19, 20, 21], [23, 24, 25, 26]]],
    );
  });
  it("empty and 1x1", () => {
    expect(add(zeros([0, 3]) as FloatTensor, fromNested([1, 2, 3]) as FloatTensor).shape).toEqual([0, 3]);
    close(mul(fromNested([[3]]) as FloatTensor, fromNested([[4]]) as FloatTensor), [[12]]);
  });
  it("in-place variants write only their target (also a strided view)", () => {
    const base = A();
    const col = slice(base, [null, [1, 2]]); // A[:, 1:2], shape [2, 1]
    addInPlace(col, 100);
    expect(toNested(base)).toEqual([[1, 98, 3], [4, 105, -6]]);
    const w = A();
    const g = fromNested([1, 1, 1]) as FloatTensor;
    axpyInPlace(-2, g, w);
    expect(toNested(w)).toEqual([[-1, -4, 1], [2, 3, -8]]);
    expect(toNested(g)).toEqual([1, 1, 1]);
    subInPlace(w, 1);
    mulInPlace(w, fromNested([[1], [-1]]) as FloatTensor);
    divInPlace(w, 2);
    scaleInPlace(w, 4);
    expect(toNested(w)).toEqual([[-4, -10, 0], [-2, -4, 18]]);
    expect(codeOf(() => addInPlace(fromNested([1, 2]) as FloatTensor, fromNested([[1], [2]]) as FloatTensor))).toBe("E_SHAPE");
  });
  it("errors: shapes, dtypes, arguments", () => {
    expect(codeOf(() => add(A(), fromNested([1, 2]) as FloatTensor))).toBe("E_SHAPE");
    expect(codeOf(() => add(A(), f32(A())))).toBe("E_DTYPE");
    expect(codeOf(() => add(A(), tensor(new Int32Array(3)) as unknown as FloatTensor))).toBe("E_DTYPE");
    expect(codeOf(() => add(1, 2))).toBe("E_ARGUMENT");
    expect(codeOf(() => scale(A(), Number.NaN))).toBe("E_RANGE");
  });
});

describe("unary ops (literals from NumPy)", () => {
  it("abs, sign, neg, exp, log, sqrt, square, clamp, map", () => {
    const x = fromNested([-1.5, 0, 2, -0, Number.NaN]) as FloatTensor;
    expect(flat(sign(x)).slice(0, 4)).toEqual([-1, 0, 1, -0]); // np.sign([-1.5, 0, 2, -0.0, nan])
    expect(flat(sign(x))[4]).toBeNaN();
    expect(flat(abs(fromNested([-1.5, 2]) as FloatTensor))).toEqual([1.5, 2]);
    expect(flat(neg(fromNested([1, -2]) as FloatTensor))).toEqual([-1, 2]);
    // np.exp([-1., 0, 1, 2.5]); float32: np.exp(np.float32 array)
    close(exp(fromNested([-1, 0, 1, 2.5]) as FloatTensor), [0.36787944117144233, 1, 2.718281828459045, 12.182493960703473], 1e-15);
    close(exp(fromNested([-1, 0, 1, 2.5], { dtype: "float32" }) as FloatTensor), [0.3678794205188751, 1, 2.7182819843292236, 12.182493209838867], 0, 1.2e-7);
    close(log(fromNested([0.5, 1, 10]) as FloatTensor), [-0.6931471805599453, 0, 2.302585092994046], 1e-15); // np.log
    expect(flat(log(fromNested([0, -1]) as FloatTensor))[0]).toBe(-Infinity);
    expect(flat(log(fromNested([0, -1]) as FloatTensor))[1]).toBeNaN();
    close(sqrt(fromNested([2, 9]) as FloatTensor), [1.4142135623730951, 3], 1e-16); // np.sqrt
    expect(flat(square(transpose(fromNested([[1, 2], [3, 4]]) as FloatTensor)))).toEqual([1, 9, 4, 16]);
    expect(flat(clamp(fromNested([-2, 0.5, 3, 7]) as FloatTensor, { min: 0, max: 5 }))).toEqual([0, 0.5, 3, 5]); // np.clip
    expect(flat(clamp(fromNested([-2, 7]) as FloatTensor, { max: 1 }))).toEqual([-2, 1]);
    expect(codeOf(() => clamp(x, { min: 2, max: 1 }))).toBe("E_RANGE");
    expect(flat(map(transpose(A()), (v, i) => v * 10 + i))).toEqual([10, 41, -18, 53, 34, -55]);
    expect(codeOf(() => exp(tensor(new Uint8Array(2)) as unknown as FloatTensor))).toBe("E_DTYPE");
  });
});

describe("comparisons and where", () => {
  it("uint8 masks with broadcasting; NaN compares false", () => {
    const x = fromNested([[1, Number.NaN, 3], [4, 0, -1]]) as FloatTensor;
    const m = greater(x, fromNested([2, 0, 0]) as FloatTensor);
    expect(dtypeOf(m)).toBe("uint8");
    expect(toNested(m)).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(toNested(less(x, 1))).toEqual([[0, 0, 0], [0, 1, 1]]);
    expect(toNested(greaterEqual(x, 1))).toEqual([[1, 0, 1], [1, 0, 0]]);
    expect(toNested(lessEqual(0, x))).toEqual([[1, 0, 1], [1, 1, 0]]);
    expect(toNested(equal(x, x))).toEqual([[1, 0, 1], [1, 1, 1]]);
    expect(toNested(notEqual(x, 0))).toEqual([[1, 1, 1], [1, 0, 1]]);
  });
  it("where(cond, a, b) as np.where", () => {
    // np.where(A > 0, A, [[-1], [-2]])
    expect(toNested(where(greater(A(), 0), A(), fromNested([[-1], [-2]]) as FloatTensor))).toEqual([[1, -1, 3], [4, 5, -2]]);
    expect(toNested(where(greater(A(), 0), 1, 0))).toEqual([[1, 0, 1], [1, 1, 0]]);
    expect(codeOf(() => where(A() as never, 1, 0))).toBe("E_DTYPE");
  });
});

describe("reductions, norms, dot: small literals and edge cases", () => {
  it("over all and along axes of a transposed matrix", () => {
    const t = transpose(A()); // [[1, 4], [-2, 5], [3, -6]]
    expect(sum(t)).toBe(5);
    expect(toNested(sum(t, { axis: 0 }))).toEqual([2, 3]); // A.T.sum(0)
    expect(toNested(mean(t, { axis: 1, keepdims: true }))).toEqual([[2.5], [1.5], [-1.5]]);
    close(variance(fromNested([1, 2, 3, 4]) as FloatTensor, { ddof: 1 }), 1.6666666666666667); // np.var([1,2,3,4], ddof=1)
    close(std(t, { axis: 0 }), [2.0548046676563256, 4.96655480858378]); // A.T.std(0)
    expect(min(t)).toBe(-6);
    expect(max(t)).toBe(5);
    expect(argmax(t)).toBe(3); // A.T.argmax()
    expect(argmin(t)).toBe(5);
    expect(prod(t)).toBe(720);
    expect(toNested(argmax(t, { axis: 1 }))).toEqual([1, 1, 0]);
  });
  it("NaN policy: sum/mean propagate, min/max NaN, argmax first NaN", () => {
    const x = fromNested([1, Number.NaN, 5, Number.NaN]) as FloatTensor;
    expect(sum(x)).toBeNaN();
    expect(max(x)).toBeNaN();
    expect(min(x)).toBeNaN();
    expect(argmax(x)).toBe(1); // np.argmax([1, nan, 5, nan]) == 1
    expect(argmin(x)).toBe(1);
  });
  it("empty and 1x1", () => {
    const e = zeros([0, 3]) as FloatTensor;
    expect(sum(e)).toBe(0);
    expect(prod(e)).toBe(1);
    expect(toNested(sum(e, { axis: 0 }))).toEqual([0, 0, 0]);
    expect(sum(e, { axis: 1 }).shape).toEqual([0]);
    expect(codeOf(() => mean(e))).toBe("E_SHAPE");
    expect(codeOf(() => max(e, { axis: 0 }))).toBe("E_SHAPE");
    expect(codeOf(() => variance(fromNested([1]) as FloatTensor, { ddof: 1 }))).toBe("E_RANGE");
    expect(codeOf(() => sum(A(), { axis: 2 }))).toBe("E_SHAPE");
    const one = fromNested([[7]]) as FloatTensor;
    expect(mean(one)).toBe(7);
    expect(variance(one)).toBe(0);
    expect(toNested(sort(one))).toEqual([[7]]);
    expect(median(one)).toBe(7);
  });
  it("norms and dot", () => {
    const m = fromNested([[3, -4], [0, 1]]) as FloatTensor;
    expect(frobeniusNorm(m)).toBe(Math.sqrt(26));
    expect(toNested(rowNorms(m))).toEqual([5, 1]);
    expect(toNested(colNorms(m, { ord: 1 }))).toEqual([3, 5]);
    expect(toNested(rowNorms(m, { ord: Infinity, keepdims: true }))).toEqual([[4], [1]]);
    expect(vectorNorm(m, { ord: 1 })).toBe(8);
    // overflow/underflow-safe 2-norm: np.linalg.norm([3e200, 4e200]) = 5e200; [3e-200, 4e-200] -> 5e-200
    close(vectorNorm(fromNested([3e200, 4e200]) as FloatTensor), 5e200, 1e-15);
    close(vectorNorm(fromNested([3e-200, 4e-200]) as FloatTensor), 5e-200, 1e-15);
    expect(vectorNorm(zeros([0]) as FloatTensor)).toBe(0);
    expect(codeOf(() => vectorNorm(m, { ord: 3 as 2 }))).toBe("E_ARGUMENT");
    expect(codeOf(() => rowNorms(fromNested([1, 2]) as FloatTensor))).toBe("E_SHAPE");
    expect(dot(fromNested([1, 2, 3]) as FloatTensor, fromNested([4, 5, 6]) as FloatTensor)).toBe(32);
    expect(dot(transpose(m), m)).toBe(3 * 3 + -4 * 0 + 0 * -4 + 1 * 1); // vdot(m.T, m)
    // compensated: [1e16, 1, -1e16] . [1, 1, 1] = 1 exactly (naive double sum gives 0)
    expect(dot(fromNested([1e16, 1, -1e16]) as FloatTensor, fromNested([1, 1, 1]) as FloatTensor)).toBe(1);
    expect(codeOf(() => dot(m, fromNested([1, 2]) as FloatTensor))).toBe("E_SHAPE");
  });
});

describe("sort, top-k, quantile, cumulative: small cases and errors", () => {
  it("sort descending, NaN last in both orders", () => {
    const x = fromNested([2, Number.NaN, -1, 2, 0]) as FloatTensor;
    expect(flat(sort(x, { descending: true })).slice(0, 4)).toEqual([2, 2, 0, -1]);
    expect(flat(argsort(x, { descending: true }))).toEqual([0, 3, 4, 2, 1]);
    expect(flat(argsort(x))).toEqual([2, 4, 0, 3, 1]); // np.argsort([2, nan, -1, 2, 0], kind="stable")
    expect(codeOf(() => sort(tensor(new Float64Array(1), []) as FloatTensor))).toBe("E_SHAPE");
  });
  it("long lanes sort correctly (merge passes beyond the 32-element runs)", () => {
    const n = 1000;
    const v = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    const s = flat(sort(tensor(v) as FloatTensor));
    for (let i = 1; i < n; i++) expect(s[i]! >= s[i - 1]!).toBe(true);
    const idx = flat(argsort(tensor(v) as FloatTensor));
    for (let i = 1; i < n; i++) if (v[idx[i]!] === v[idx[i - 1]!]) expect(idx[i]! > idx[i - 1]!).toBe(true); // stable
  });
  it("topk/kthValue errors; NaN rejected", () => {
    const x = fromNested([1, Number.NaN, 3]) as FloatTensor;
    expect(codeOf(() => topk(x, 1))).toBe("E_RANGE");
    expect(codeOf(() => kthValue(x, 1))).toBe("E_RANGE");
    expect(codeOf(() => topk(fromNested([1, 2]) as FloatTensor, 3))).toBe("E_RANGE");
    expect(codeOf(() => kthValue(fromNested([1, 2]) as FloatTensor, 0))).toBe("E_RANGE");
    expect(topk(fromNested([1, 2]) as FloatTensor, 0).values.shape).toEqual([0]);
  });
  it("quantile and median literals, errors", () => {
    expect(quantile(fromNested([1, 2, 3, 4]) as FloatTensor, 0.25)).toBe(1.75); // np.quantile([1,2,3,4], .25)
    expect(median(fromNested([3, 1, 4, 2]) as FloatTensor)).toBe(2.5);
    expect(quantile(fromNested([[1, 2], [3, 4]]) as FloatTensor, [0.5], { axis: 1, keepdims: true }).shape).toEqual([1, 2, 1]);
    expect(codeOf(() => quantile(fromNested([1, 2]) as FloatTensor, 1.5))).toBe("E_RANGE");
    expect(codeOf(() => quantile(fromNested([1, Number.NaN]) as FloatTensor, 0.5))).toBe("E_RANGE");
    expect(codeOf(() => quantile(fromNested([1, 2]) as FloatTensor, 0.5, { method: "bogus" as "linear" }))).toBe("E_ARGUMENT");
    expect(codeOf(() => median(zeros([0]) as FloatTensor))).toBe("E_SHAPE");
  });
  it("cumsum/cumprod over the flattened tensor and along an axis", () => {
    const m = fromNested([[1, 2], [3, 4]]) as FloatTensor;
    expect(toNested(cumsum(m))).toEqual([1, 3, 6, 10]); // np.cumsum
    expect(toNested(cumsum(transpose(m), { axis: 1 }))).toEqual([[1, 4], [2, 6]]);
    expect(toNested(cumprod(m, { axis: 0 }))).toEqual([[1, 2], [3, 8]]);
    // compensated running sum: [1e16, 1, 1, -1e16] -> last element exactly 2
    expect(flat(cumsum(fromNested([1e16, 1, 1, -1e16]) as FloatTensor))[3]).toBe(2);
  });
});

describe("concat and stack", () => {
  it("match np.concatenate / np.stack, with strided inputs", () => {
    const a = A();
    // np.concatenate([A, A[:, :2]*10], axis=1)
    const b = scale(slice(a, [null, [0, 2]]), 10);
    expect(toNested(concat([a, b], { axis: 1 }))).toEqual([[1, -2, 3, 10, -20], [4, 5, -6, 40, 50]]);
    expect(toNested(concat([a, transpose(transpose(a))]))).toEqual([[1, -2, 3], [4, 5, -6], [1, -2, 3], [4, 5, -6]]);
    // np.stack([A[0], A[1]], axis=1)
    const r0 = slice(a, [[0, 1], null]).pick(0) as FloatTensor;
    const r1 = slice(a, [[1, 2], null]).pick(0) as FloatTensor;
    expect(toNested(stack([r0, r1], { axis: 1 }))).toEqual([[1, 4], [-2, 5], [3, -6]]);
    expect(stack([r0, r1]).shape).toEqual([2, 3]);
    expect(codeOf(() => concat([a, f32(a)]))).toBe("E_DTYPE");
    expect(codeOf(() => concat([a, fromNested([[1, 2]]) as FloatTensor]))).toBe("E_SHAPE");
    expect(codeOf(() => stack([a, transpose(a)]))).toBe("E_SHAPE");
    expect(codeOf(() => concat([]))).toBe("E_ARGUMENT");
  });
});
