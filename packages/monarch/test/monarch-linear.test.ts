import { describe, expect, test } from "vitest";
import { Adam, Var, gradCheckModule, mse } from "@wc/nn";
import { Rng, isWcError, matmul, randn, tensor } from "@wc/tensor";
import { MonarchLinear, monarchParamCount } from "../src/index";
import { fromFn, maxAbsDiff } from "./helpers";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : `not WcError: ${String(e)}`;
  }
  return undefined;
}

describe("MonarchLinear", () => {
  test("official layout, counts and parameter names", () => {
    const layer = new MonarchLinear(768, 3072);
    expect(layer.blkdiag1.shape).toEqual([4, 192, 192]);
    expect(layer.blkdiag2.shape).toEqual([4, 768, 192]);
    expect(layer.saving).toBe(0.3125);
    expect(layer.numParameters()).toBe(737280 + 3072);
    expect([...layer.stateDict().keys()]).toEqual(["blkdiag1", "blkdiag2", "bias"]);
    expect(new MonarchLinear(768, 768).saving).toBe(0.5);
  });
  test("bias init: fly quirk 1/sqrt(out) by default, nn.Linear 1/sqrt(in) as an option", () => {
    const fly = new MonarchLinear(400, 4, { nblocks: 2, seed: 3 });
    const maxFly = Math.max(...fly.bias!.value.data.map(Math.abs));
    expect(maxFly).toBeLessThan(1 / Math.sqrt(4));
    expect(maxFly).toBeGreaterThan(1 / Math.sqrt(400)); // would fail with the nn.Linear bound
    const lin = new MonarchLinear(400, 4, { nblocks: 2, seed: 3, biasInit: "linear" });
    expect(Math.max(...lin.bias!.value.data.map(Math.abs))).toBeLessThan(1 / Math.sqrt(400));
    expect(new MonarchLinear(8, 8, { bias: false }).bias).toBeNull();
  });
  test("forward(Matrix) = x · toDense()ᵀ + b with padding (10 -> 7, nblocks 4)", () => {
    const layer = new MonarchLinear(10, 7, { dtype: "float64", seed: 1 });
    expect(layer.shape).toMatchObject({ inExt: 12, outExt: 8 });
    const x = randn(new Rng(2), [5, 10]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([5, 7]);
    const W = layer.toDense();
    expect(W.shape).toEqual([7, 10]);
    const ref = matmul(x, W, { transB: true });
    const b = layer.bias!.value.data;
    for (let i = 0; i < ref.data.length; i++) ref.data[i] = ref.data[i]! + b[i % 7]!;
    expect(maxAbsDiff(y.data, ref.data)).toBeLessThan(1e-12);
    // the Var path computes the same values
    const yv = layer.call(new Var(x));
    expect(maxAbsDiff(yv.value.data, y.data)).toBeLessThan(1e-12);
  });
  test("gradients match finite differences (float64, padded, both layouts)", () => {
    for (const [inF, outF, nb] of [
      [10, 7, 4],
      [6, 13, 2],
      [12, 12, 3],
    ] as const) {
      const layer = new MonarchLinear(inF, outF, { nblocks: nb, dtype: "float64", seed: 4 });
      const r = gradCheckModule(layer, randn(new Rng(5), [3, inF]));
      expect(r.maxRelError).toBeLessThan(1e-6);
      expect([...r.relErrors.keys()].sort()).toEqual(["bias", "blkdiag1", "blkdiag2", "input"].sort());
    }
  });
  test("fromDense recovers a Monarch weight exactly and reports the padded error of NumPy", () => {
    const src = new MonarchLinear(16, 32, { dtype: "float64", seed: 8 });
    const W = src.toDense();
    const bias = Float64Array.from({ length: 32 }, (_, i) => i / 10);
    const fit = MonarchLinear.fromDense(W, bias, { nblocks: 4 });
    expect(fit.relError).toBeLessThan(1e-12);
    expect(maxAbsDiff(fit.toDense().data, W.data)).toBeLessThan(1e-12);
    expect([...fit.bias!.value.data]).toEqual([...bias]);
    // padded case: W 7 x 10, nblocks 2 -> outExt 8; NumPy: project zero-padded W, compare the first 7 rows (test/fixtures/literals.py "pad2")
    const W2 = fromFn(7, 10, (i, j) => ((3 * i * i + 5 * j + i * j) % 7) - 3);
    const fit2 = MonarchLinear.fromDense(W2, undefined, { nblocks: 2 });
    expect(fit2.relError).toBeCloseTo(0.3579438349765195, 12);
    expect(fit2.bias).toBeNull();
    expect(fit2.blkdiag1.value.data).toBeInstanceOf(Float64Array);
    const f32 = MonarchLinear.fromDense(tensor(Float32Array.from(W2.data), [7, 10]), undefined, { nblocks: 2 });
    expect(f32.blkdiag1.value.data).toBeInstanceOf(Float32Array);
    expect(f32.relError).toBeCloseTo(0.3579438349765195, 5);
  });
  test("trains: Adam on a Monarch target drives the loss down by 100x", () => {
    const target = new MonarchLinear(16, 16, { dtype: "float64", seed: 21, bias: false });
    const model = new MonarchLinear(16, 16, { dtype: "float64", seed: 22, bias: false });
    const x = randn(new Rng(23), [64, 16]);
    const y = target.forward(x);
    const opt = new Adam(model.parameters(), { lr: 0.02 });
    const lossAt = (): number => mse(model.call(new Var(x)), new Var(y)).value.data[0]!;
    const first = lossAt();
    for (let it = 0; it < 300; it++) {
      opt.zeroGrad();
      const loss = mse(model.call(new Var(x)), new Var(y));
      loss.backward();
      opt.step();
    }
    expect(lossAt()).toBeLessThan(first / 100);
  });
  test("bad input gets WcError codes", () => {
    expect(code(() => new MonarchLinear(0, 4))).toBe("E_RANGE");
    expect(code(() => new MonarchLinear(4, 4, { nblocks: 0 }))).toBe("E_RANGE");
    expect(code(() => new MonarchLinear(4, 4, { biasInit: "torch" as never }))).toBe("E_ARGUMENT");
    const layer = new MonarchLinear(8, 8);
    expect(code(() => layer.forward(randn(1, [2, 7])))).toBe("E_SHAPE");
    expect(code(() => layer.forward(tensor(new Int32Array(16), [2, 8])))).toBe("E_DTYPE");
    expect(code(() => MonarchLinear.fromDense(fromFn(4, 4, () => Number.NaN)))).toBe("E_RANGE");
    expect(code(() => MonarchLinear.fromDense(fromFn(4, 4, () => 1), new Float64Array(3)))).toBe("E_SHAPE");
    expect(code(() => MonarchLinear.fromDense(tensor(new Float64Array(4), [4])))).toBe("E_SHAPE");
  });
});
