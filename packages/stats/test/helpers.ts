import { expect } from "vitest";
import { isWcError, type WcErrorCode } from "@wc/tensor";

/** Asserts |actual - expected| <= rtol * |expected| + atol. */
export function expectClose(actual: number, expected: number, rtol = 1e-10, atol = 0, what = ""): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
  if (!ok) {
    expect.fail(`${what}: got ${actual}, expected ${expected} (rel err ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}

/** A tiny seeded uniform/normal source for tests (mulberry32 + Box-Muller). */
export function testRng(seed: number): { uniform(): number; normal(): number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal: () => {
      const u = 1 - uniform();
      const v = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Asserts that `f` throws a WcError with the given code. */
export function expectWcError(f: () => unknown, code: WcErrorCode): void {
  let thrown: unknown = undefined;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${code}, nothing was thrown`).toBeDefined();
  expect(isWcError(thrown, code), `expected ${code}, got ${String(thrown)}`).toBe(true);
}
