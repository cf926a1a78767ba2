import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { isWcError } from "@wc/tensor";

export const FIX = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** expected.json written by fixtures/make_fixtures.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EXPECTED: any = JSON.parse(readFileSync(`${FIX}expected.json`, "utf8"));

/** A JSON value from make_fixtures.py (NaN/inf/big ints as strings) as a number. */
export function num(v: number | string): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return typeof v === "string" ? Number(v) : v;
}

/** Checks every value (Object.is: -0 and NaN exact). */
export function expectValues(actual: ArrayLike<number>, expected: (number | string)[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]!);
    if (!Object.is(actual[i], e)) throw new Error(`value ${i}: expected ${e}, got ${actual[i]}`);
  }
}

/** Awaits/runs `f` and checks it throws a WcError with `code`. */
export async function expectCode(f: () => unknown, code: string): Promise<void> {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  if (!isWcError(err)) throw new Error(`expected WcError ${code}, got ${String(err)}`);
  expect(err.code).toBe(code);
}

/** A tiny seeded generator for tests (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
