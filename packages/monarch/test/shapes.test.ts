import { describe, expect, test } from "vitest";
import { isWcError } from "@wc/tensor";
import { assertMonarchShape, linearShape, monarchFlops, monarchParamCount, monarchSizes, sliceRanks, squareShape } from "../src/index";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : `not WcError: ${String(e)}`;
  }
  return undefined;
}

describe("squareShape", () => {
  test("perfect squares get b = sqrt(n) (paper Def. 1)", () => {
    expect(squareShape(16)).toEqual({ k: 4, q: 4, p: 4, l: 4, s: 4, r: 4 });
    expect(squareShape(1024)).toEqual({ k: 32, q: 32, p: 32, l: 32, s: 32, r: 32 });
  });
  test("non-squares take the largest divisor <= sqrt(n) (fly factors(n)[-1])", () => {
    // python: [max(d for d in range(1,int(n**.5)+1) if n%d==0) for n in (15,768,48)] -> [3, 24, 6]
    expect(squareShape(15)).toEqual({ k: 5, q: 3, p: 3, l: 3, s: 5, r: 5 });
    expect(squareShape(768).q).toBe(24);
    expect(squareShape(48).q).toBe(6);
  });
  test("explicit b gives M^(b,n): params n²/b + n·b", () => {
    const s = squareShape(64, { b: 4 });
    expect(s).toEqual({ k: 16, q: 4, p: 4, l: 4, s: 16, r: 16 });
    expect(monarchParamCount(s)).toBe((64 * 64) / 4 + 64 * 4);
  });
  test("prime n, b not dividing n, non-integers are rejected", () => {
    expect(code(() => squareShape(13))).toBe("E_ARGUMENT");
    expect(code(() => squareShape(1))).toBe("E_ARGUMENT");
    expect(code(() => squareShape(16, { b: 3 }))).toBe("E_ARGUMENT");
    expect(code(() => squareShape(0))).toBe("E_RANGE");
    expect(code(() => squareShape(4.5))).toBe("E_RANGE");
    expect(code(() => squareShape(16, { b: 0 }))).toBe("E_RANGE");
  });
});

describe("linearShape and counts (spec §5 numbers)", () => {
  test("768 -> 3072, nblocks 4: w1 (4,192,192), w2 (4,768,192), 737,280 params, saving 0.3125", () => {
    const s = linearShape(768, 3072, 4);
    expect(s).toEqual({ k: 4, q: 192, p: 192, l: 4, s: 768, r: 192, inExt: 768, outExt: 3072 });
    expect(monarchParamCount(s)).toBe(737280);
    expect(monarchParamCount(s) / (768 * 3072)).toBe(0.3125);
  });
  test("768 -> 768: 294,912 params (saving 0.5), per-slice rank 48", () => {
    const s = linearShape(768, 768, 4);
    expect(monarchParamCount(s)).toBe(294912);
    expect([...new Set(sliceRanks(s))]).toEqual([48]);
  });
  test("wide-to-narrow layout and padding", () => {
    // fly: in_blksz = ceil(40/4) = 10, out_blksz = ceil(24/4) = 6; inExt 40 >= outExt 24 -> w1 (4,6,10), w2 (4,6,6)
    expect(linearShape(40, 24, 4)).toEqual({ k: 4, q: 6, p: 10, l: 4, s: 6, r: 6, inExt: 40, outExt: 24 });
    // ceil(10/4) = 3 -> inExt 12; ceil(7/4) = 2 -> outExt 8
    expect(linearShape(10, 7, 4)).toEqual({ k: 4, q: 2, p: 3, l: 4, s: 2, r: 2, inExt: 12, outExt: 8 });
    expect(linearShape(10, 10)).toMatchObject({ inExt: 12, outExt: 12 });
  });
  test("n = 1024 square: 65,536 params = 6.25% of dense; FLOPs = 2·batch·params", () => {
    const s = squareShape(1024);
    expect(monarchParamCount(s)).toBe(65536);
    expect(monarchParamCount(s) / 1024 ** 2).toBe(0.0625);
    expect(monarchFlops(s, 3)).toBe(2 * 3 * 65536);
    expect(monarchFlops(s)).toBe(2 * 65536);
    expect(monarchSizes(linearShape(768, 3072))).toEqual({ nIn: 768, nMid: 768, nOut: 3072 });
  });
  test("slice ranks cover the intermediate: Σ|T(g,a)| = k·q; non-divisible case", () => {
    const s = { k: 3, q: 5, p: 2, l: 5, s: 2, r: 3 };
    const ranks = sliceRanks(s);
    expect(ranks.reduce((a, b) => a + b, 0)).toBe(15);
    // python: [[sum((a*5+b)%5==g for b in range(5)) for a in range(3)] for g in range(5)] -> all 1
    expect([...ranks]).toEqual(new Array(15).fill(1));
    // l = 4, q = 6 (k = 2): a=0 -> g 0,1 get 2; a=1 (b+6) -> g 2,3 get 2
    expect([...sliceRanks({ k: 2, q: 6, p: 1, l: 4, s: 1, r: 3 })]).toEqual([2, 1, 2, 1, 1, 2, 1, 2]);
  });
  test("bad shapes and arguments", () => {
    expect(code(() => assertMonarchShape({ k: 2, q: 3, p: 1, l: 2, s: 1, r: 2 }))).toBe("E_SHAPE");
    expect(code(() => monarchParamCount({ k: 2, q: 0, p: 1, l: 2, s: 1, r: 0 }))).toBe("E_RANGE");
    expect(code(() => assertMonarchShape(null as never))).toBe("E_ARGUMENT");
    expect(code(() => linearShape(0, 4))).toBe("E_RANGE");
    expect(code(() => linearShape(4, 4, 1.5))).toBe("E_RANGE");
    expect(code(() => monarchFlops(squareShape(16), -1))).toBe("E_RANGE");
  });
});
