import { describe, expect, it } from "vitest";
import {
  bf16BitsToNumber,
  f16BitsToNumber,
  f8e4m3ToNumber,
  f8e5m2ToNumber,
  numberToBf16Bits,
  numberToF16Bits,
} from "../src/index";

describe("float16", () => {
  it("rounds float32 to float16 like NumPy (ties to even, subnormals, overflow, NaN)", () => {
    // np.array(xs, dtype=np.float32).astype(np.float16).view(np.uint16)
    const xs = [
      1 + 2 ** -11, 1 + 3 * 2 ** -11, 65519.98828125, 65520, 2 ** -25, 2.980232594040899e-8, 3 * 2 ** -25,
      2 ** -24, -0, NaN, 0.1, -Infinity, 1e-8, 6.0999998822808266e-5, 6.1005353927612305e-5,
    ];
    const want = [
      0x3c00, 0x3c02, 0x7bff, 0x7c00, 0x0, 0x1, 0x2, 0x1, 0x8000, 0x7e00, 0x2e66, 0xfc00, 0x0, 0x3ff, 0x400,
    ];
    expect(xs.map(numberToF16Bits)).toEqual(want);
  });
  it("decodes float16 bit patterns like NumPy", () => {
    // np.array(bits, dtype=np.uint16).view(np.float16).astype(float)
    const bits = [0x0001, 0x03ff, 0x0400, 0x7bff, 0x7c00, 0xfc00, 0x8001, 0x3555, 0xc000];
    const want = [5.960464477539063e-8, 6.097555160522461e-5, 6.103515625e-5, 65504, Infinity, -Infinity, -5.960464477539063e-8, 0.333251953125, -2];
    expect(bits.map(f16BitsToNumber)).toEqual(want);
    expect(Number.isNaN(f16BitsToNumber(0x7e00))).toBe(true);
    expect(Object.is(f16BitsToNumber(0x8000), -0)).toBe(true);
  });
  it("round-trips every finite float16 pattern exactly", () => {
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue;
      if (numberToF16Bits(f16BitsToNumber(h)) !== h) throw new Error(`pattern ${h}`);
    }
  });
});

describe("bfloat16", () => {
  it("rounds to nearest even on the dropped 16 bits", () => {
    // 1 + 2^-8 is halfway between 1 (0x3f80) and 1 + 2^-7 (0x3f81): ties to even -> 0x3f80;
    // 1 + 3*2^-8 is halfway between 0x3f81 and 0x3f82 -> even 0x3f82; just above a tie rounds up.
    expect(numberToBf16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(numberToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(numberToBf16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(numberToBf16Bits(-2)).toBe(0xc000);
    expect(numberToBf16Bits(Infinity)).toBe(0x7f80);
    expect(numberToBf16Bits(3.4028234663852886e38)).toBe(0x7f80); // f32 max rounds up to inf
    expect(numberToBf16Bits(2 ** -133)).toBe(0x0001); // smallest bf16 subnormal
    expect(Number.isNaN(bf16BitsToNumber(numberToBf16Bits(NaN)))).toBe(true);
    expect(bf16BitsToNumber(0x3f81)).toBe(1 + 2 ** -7);
    expect(bf16BitsToNumber(0x0001)).toBe(2 ** -133);
  });
});

describe("fp8", () => {
  it("decodes E4M3FN and E5M2 per the OCP spec", () => {
    expect(f8e4m3ToNumber(0x7e)).toBe(448); // max normal: 1.75 * 2^8
    expect(f8e4m3ToNumber(0x01)).toBe(2 ** -9); // min subnormal
    expect(f8e4m3ToNumber(0x38)).toBe(1);
    expect(Number.isNaN(f8e4m3ToNumber(0xff))).toBe(true);
    expect(f8e5m2ToNumber(0x7b)).toBe(57344); // max normal
    expect(f8e5m2ToNumber(0x7c)).toBe(Infinity);
    expect(f8e5m2ToNumber(0x01)).toBe(2 ** -16);
  });
});
