import { describe, expect, it } from "vitest";
import { blake2b, foldOf, foldsForPrompts } from "../src/index";
import fx from "./fixtures/folds.json";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const enc = (s: string) => new TextEncoder().encode(s);

describe("blake2b", () => {
  it("matches hashlib.blake2b(m, digest_size=8) across block boundaries (fixtures/make_fixtures.py)", () => {
    for (const [m, d] of Object.entries(fx.digests)) expect(hex(blake2b(enc(m), 8))).toBe(d);
  });
  it("matches the full 64-byte digest of 'abc' (RFC 7693 test vector)", () => {
    expect(hex(blake2b(enc("abc")))).toBe(fx.digest64abc);
  });
});

describe("foldOf", () => {
  it("equals cje get_fold for ASCII, UTF-8 and long prompt ids", () => {
    expect(Array.from(foldsForPrompts(fx.ids))).toEqual(fx.folds5);
    expect(fx.ids.map((p) => foldOf(p, 10, 1042))).toEqual(fx.folds10seed1042);
    expect(foldOf("prompt_123")).toBe(3); // cje docstring: get_fold("prompt_123") == 3
    expect(foldOf("prompt_123", 10)).toBe(6); // cje docstring: n_folds=10 -> 6
  });
  it("rejects empty ids and nFolds < 2", () => {
    expect(() => foldOf("")).toThrow(/E_ARGUMENT/);
    expect(() => foldOf("a", 1)).toThrow(/E_RANGE/);
    expect(() => foldOf("a", 2.5)).toThrow(/E_RANGE/);
  });
});
