import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGguf } from "../src/index";
import { loadGguf } from "../src/node/index";
import { EXPECTED, FIX, expectCode, expectValues } from "./helpers";

describe("gguf", () => {
  const bytes = new Uint8Array(readFileSync(`${FIX}tiny.gguf`));
  it("reads header, metadata, tensor records and values (F32, F16, BF16, Q8_0, Q4_0 dequantised as ggml)", async () => {
    const g = await loadGguf(`${FIX}tiny.gguf`);
    expect(g.version).toBe(3);
    const md = { ...g.metadata };
    expect(md["llama.rope.freq_base"]).toBe(10000);
    expect(md).toEqual(EXPECTED.gguf.metadata);
    expect(g.stateDict.metadata["general.architecture"]).toBe("llama");
    const exp = EXPECTED.gguf.tensors as Record<string, { shape: number[]; type: number; values: number[] }>;
    expect(g.tensors.map((t) => t.name)).toEqual(Object.keys(exp));
    for (const t of g.tensors) {
      expect(t.shape).toEqual(exp[t.name]!.shape);
      expect(t.type).toBe(exp[t.name]!.type);
      expect(t.offset % 32).toBe(0);
      expectValues(g.stateDict.tensor(t.name).data, exp[t.name]!.values);
    }
    expect(g.stateDict.get("blk.0.f16")!.dtype).toBe("F16");
    expect(g.stateDict.get("blk.0.q4_0")!.dtype).toBe("F32");
    expect(g.skipped).toEqual([]);
  });
  it("rejects malformed files", async () => {
    await expectCode(() => parseGguf(new Uint8Array(3)), "E_FORMAT");
    await expectCode(() => parseGguf(bytes.subarray(0, bytes.byteLength - 1)), "E_FORMAT");
    await expectCode(() => parseGguf(bytes.subarray(0, 200)), "E_FORMAT");
    const v1 = bytes.slice();
    v1[4] = 1;
    await expectCode(() => parseGguf(v1), "E_UNSUPPORTED");
    const huge = bytes.slice();
    new DataView(huge.buffer).setBigUint64(8, 1n << 60n, true); // tensor count
    await expectCode(() => parseGguf(huge), "E_FORMAT");
    const badType = bytes.slice();
    const dv = new DataView(badType.buffer);
    // first key-value: key length 20 ("general.architecture") then its type at byte 24 + 8 + 20
    dv.setUint32(52, 99, true);
    await expectCode(() => parseGguf(badType), "E_FORMAT");
  });
});
