import { describe, expect, it } from "vitest";
import { Rng, fromNested, isWcError, tensor } from "@wc/tensor";
import {
  Var, add, constant, conv2d, crossEntropy, customOp, erf, gelu, gradCheck, layerNorm, matmul, mul, noGrad,
  rmsNorm, rope, softmax, sum, dropout, embedding, isGradEnabled,
} from "../src/index";
import { rand } from "./helpers";

const v = (x: number[] | number[][]) => constant(fromNested(x));
const close = (a: ArrayLike<number>, b: number[], digits = 12) => b.forEach((x, i) => expect(a[i]).toBeCloseTo(x, digits));

describe("forward values against SciPy/NumPy literals", () => {
  it("erf", () => {
    // scipy.special.erf([-2.5,-0.3,0.0,0.5,1.0,3.7])
    const ref = [-0.999593047982555, -0.3286267594591274, 0.0, 0.5204998778130465, 0.8427007929497148, 0.9999998328489421];
    [-2.5, -0.3, 0, 0.5, 1, 3.7].forEach((x, i) => expect(Math.abs(erf(x) - ref[i]!)).toBeLessThan(2e-15));
    expect(erf(7)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });
  it("gelu erf (default) and tanh forms", () => {
    const x = v([-3, -1, -0.5, 0, 0.7, 2.0]);
    // 0.5*x*(1+scipy.special.erf(x/np.sqrt(2)))
    close(gelu(x).data, [-0.00404969409489031, -0.15865525393145707, -0.15426876936299347, 0.0, 0.5306254434438489, 1.9544997361036416], 14);
    // 0.5*x*(1+np.tanh(np.sqrt(2/np.pi)*(x+0.044715*x**3)))
    close(gelu(x, { approximate: "tanh" }).data, [-0.0036373920817729943, -0.1588080093917233, -0.15428599017485606, 0.0, 0.5305701347051167, 1.954597694087775], 14);
  });
  it("crossEntropy matches PyTorch semantics (smoothing, ignore index)", () => {
    const L = v([[1, 2, 0.5], [0, -1, 3], [2, 2, 2]]);
    // lp = L - logsumexp(L); mean(-lp[i,t_i])
    expect(crossEntropy(L, [2, 0, 1]).item()).toBeCloseTo(2.042954992177828, 13);
    // mean(-(1-eps)*lp[i,t_i] - eps/C*lp[i].sum()), eps = 0.1
    expect(crossEntropy(L, [2, 0, 1], { labelSmoothing: 0.1 }).item()).toBeCloseTo(1.9985105477333835, 13);
    expect(crossEntropy(L, [2, -100, 1], { labelSmoothing: 0.1 }).item()).toBeCloseTo(1.498157203054694, 13);
  });
  it("layerNorm and rmsNorm", () => {
    const x = v([[1, 2, 4, 7]]);
    // (X-X.mean())/np.sqrt(X.var()+1e-5)
    close(layerNorm(x).data, [-1.0910884120486357, -0.6546530472291815, 0.21821768240972714, 1.52752377686809]);
    // X/np.sqrt((X**2).mean()+1e-6)
    close(rmsNorm(x).data, [0.23904571503700126, 0.4780914300740025, 0.956182860148005, 1.6733200052590087]);
  });
  it("conv2d equals scipy.signal.correlate(valid)", () => {
    const img = constant(tensor(Float64Array.from({ length: 16 }, (_, i) => i), [1, 1, 4, 4]));
    const k = constant(tensor(new Float64Array([1, 0, -1, 2]), [1, 1, 2, 2]));
    // correlate(np.arange(16.).reshape(4,4), [[1,0],[-1,2]], mode='valid')
    expect(Array.from(conv2d(img, k).data)).toEqual([6, 8, 10, 14, 16, 18, 22, 24, 26]);
  });
  it("softmax rows sum to one and -Infinity gets zero", () => {
    const s = softmax(v([[0, -Infinity, 1], [1000, 1000, 1000]])).data;
    expect(s[1]).toBe(0);
    expect(s[0]! + s[2]!).toBeCloseTo(1, 15);
    close(s.subarray(3), [1 / 3, 1 / 3, 1 / 3], 15);
  });
  it("rope preserves norms per pair and is the identity at position 0", () => {
    const x = constant(rand([1, 4, 8], 3));
    const y = rope(x).data;
    close(y.subarray(0, 8), Array.from(x.data.subarray(0, 8)), 15);
    for (let t = 0; t < 4; t++) {
      let a = 0;
      let b = 0;
      for (let j = 0; j < 8; j++) {
        a += x.data[t * 8 + j]! ** 2;
        b += y[t * 8 + j]! ** 2;
      }
      expect(b).toBeCloseTo(a, 13);
    }
  });
  it("float32 flows through ops and stays float32", () => {
    const a = new Var(fromNested([[1, 2], [3, 4]], { dtype: "float32" }), { requiresGrad: true });
    const y = sum(matmul(a, a));
    y.backward();
    expect(y.dtype).toBe("float32");
    expect(a.grad!.data).toBeInstanceOf(Float32Array);
    // d/dA sum(A A) = 1 A^T + A^T 1 : np.ones((2,2))@A.T + A.T@np.ones((2,2))
    expect(Array.from(a.grad!.data)).toEqual([7, 11, 9, 13]);
  });
});

describe("autograd mechanics", () => {
  it("gradients accumulate across backward calls until zeroGrad", () => {
    const w = new Var(fromNested([1, 2, 3]), { requiresGrad: true });
    sum(mul(w, w)).backward();
    sum(mul(w, w)).backward();
    expect(Array.from(w.grad!.data)).toEqual([4, 8, 12]);
    w.zeroGrad();
    sum(w).backward();
    expect(Array.from(w.grad!.data)).toEqual([1, 1, 1]);
  });
  it("shared subexpressions sum their gradient paths", () => {
    const w = new Var(fromNested([3]), { requiresGrad: true });
    const h = mul(w, w);
    sum(add(h, mul(h, w))).backward(); // w^2 + w^3 -> 2w + 3w^2 = 33
    expect(w.grad!.data[0]).toBe(33);
  });
  it("noGrad records nothing and restores the mode after a throw", () => {
    const w = new Var(fromNested([1]), { requiresGrad: true });
    const y = noGrad(() => mul(w, 2));
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(/E_STATE/);
    expect(() => noGrad(() => { throw new Error("x"); })).toThrow("x");
    expect(isGradEnabled()).toBe(true);
  });
  it("gradCheck flags a wrong backward rule", () => {
    const bad = (x: Var[]) => customOp([x[0]!], ([a]) => tensor(a!.data.map((t) => t * t), a!.shape), (g, [a]) => [tensor(g.data.map((t, i) => t * a!.data[i]!), g.shape)]);
    expect(gradCheck(bad, [rand([4], 9)]).maxRelError).toBeGreaterThan(0.4);
  });
  it("dropout is seeded, scales kept values and is identity in eval", () => {
    const x = constant(tensor(new Float64Array(1000).fill(1), [1000]));
    const a = dropout(x, 0.25, new Rng(3)).data;
    const b = dropout(x, 0.25, new Rng(3)).data;
    expect(Array.from(a)).toEqual(Array.from(b));
    const kept = a.filter((t) => t !== 0);
    expect(kept.every((t) => Math.abs(t - 4 / 3) < 1e-15)).toBe(true);
    expect(Math.abs(kept.length / 1000 - 0.75)).toBeLessThan(0.05);
    expect(dropout(x, 0.25, new Rng(3), { training: false })).toBe(x);
  });
});

describe("bad input", () => {
  const code = (f: () => unknown, c: string) => {
    try {
      f();
    } catch (e) {
      expect(isWcError(e)).toBe(true);
      expect((e as { code: string }).code).toBe(c);
      return;
    }
    throw new Error("did not throw");
  };
  it("rejects mismatched shapes, dtypes and ranges with stable codes", () => {
    code(() => add(v([1, 2, 3]), v([1, 2])), "E_SHAPE");
    code(() => matmul(v([[1, 2]]), v([[1, 2]])), "E_SHAPE");
    code(() => add(v([1]), constant(fromNested([1], { dtype: "float32" }))), "E_DTYPE");
    code(() => crossEntropy(v([[1, 2]]), [2]), "E_RANGE");
    code(() => crossEntropy(v([[1, 2]]), [0, 1]), "E_SHAPE");
    code(() => embedding(v([[1, 2]]), [1]), "E_RANGE");
    code(() => dropout(v([1]), 1, new Rng(1)), "E_RANGE");
    code(() => conv2d(constant(rand([1, 3, 4, 4], 1)), constant(rand([4, 2, 3, 3], 2)), null, { groups: 2 }), "E_SHAPE");
    code(() => sum(v([1, 2])).backward(), "E_STATE");
    code(() => new Var(tensor(new Int32Array([1]), [1])), "E_DTYPE");
  });
});
