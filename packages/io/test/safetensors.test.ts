import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tensor } from "@wc/tensor";
import {
  StateDict,
  TensorEntry,
  openSafetensors,
  parseSafetensors,
  serializeSafetensors,
  type ByteSource,
} from "../src/index";
import {
  fileSource,
  loadSafetensors,
  openSafetensorsFile,
  saveSafetensors,
  saveShardedSafetensors,
  writeFileAtomic,
} from "../src/node/index";
import { EXPECTED, FIX, expectCode, expectValues, hex } from "./helpers";

const tmp = mkdtempSync(join(tmpdir(), "wc-io-st-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A safetensors file from a header object and a data length (for bad-header cases). */
function craft(header: unknown, dataLen: number, rawHeader?: string): Uint8Array {
  const h = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + h.byteLength + dataLen);
  new DataView(out.buffer).setUint32(0, h.byteLength, true);
  out.set(h, 8);
  return out;
}

describe("safetensors: reading files written by Python", () => {
  const bytes = new Uint8Array(readFileSync(`${FIX}all-dtypes.safetensors`));
  it("decodes every dtype, value, shape and the metadata", () => {
    const sd = parseSafetensors(bytes);
    expect(sd.metadata).toEqual({ format: "pt", note: "fixture" });
    const exp = EXPECTED.safetensors as Record<string, { dtype: string; shape: number[]; values: (number | string)[]; hex: string }>;
    expect(sd.names()).toEqual(Object.keys(exp));
    for (const [name, e] of Object.entries(exp)) {
      const entry = sd.get(name)!;
      expect(entry.dtype).toBe(e.dtype);
      expect([...entry.shape]).toEqual(e.shape);
      expect(hex(entry.bytes)).toBe(e.hex);
      expectValues(entry.tensor.data, e.values);
    }
    expect(sd.tensor("b.f32").data).toBeInstanceOf(Float32Array);
    expect(sd.tensor("e.i64").data).toBeInstanceOf(Float64Array);
    expect(sd.tensor("g.i16").data).toBeInstanceOf(Int32Array);
    expect(sd.tensor("j.bool").data).toBeInstanceOf(Uint8Array);
  });
  it("views aligned F32 data without a copy", () => {
    const sd = parseSafetensors(bytes);
    expect(sd.tensor("b.f32").data.buffer).toBe(bytes.buffer);
  });
  it("writes back every tensor bit for bit (NaN payloads, I64 > 2^53, FP8) and NumPy-style padding", () => {
    const sd = parseSafetensors(bytes);
    const out = serializeSafetensors(sd);
    const n = new DataView(out.buffer).getUint32(0, true);
    expect((8 + n) % 8).toBe(0);
    const back = parseSafetensors(out);
    expect(back.metadata).toEqual(sd.metadata);
    for (const [name, e] of sd) expect(hex(back.get(name)!.bytes)).toBe(hex(e.bytes));
  });
  it("reads lazily: opening reads only the header, read(name) only that tensor's bytes", async () => {
    const inner = await fileSource(`${FIX}all-dtypes.safetensors`);
    const reads: [number, number][] = [];
    const spy: ByteSource = { size: inner.size, read: (o, l) => (reads.push([o, l]), inner.read(o, l)), close: () => inner.close!() };
    const r = await openSafetensors(spy);
    const headerBytes = reads.reduce((s, [, l]) => s + l, 0);
    expect(headerBytes).toBe(r.header.dataStart);
    const info = r.info("e.i64");
    const e = await r.read("e.i64");
    expect(reads[reads.length - 1]).toEqual([info.begin, 40]);
    expectValues(e.tensor.data, EXPECTED.safetensors["e.i64"].values);
    await expectCode(() => r.read("nope"), "E_ARGUMENT");
    await r.close();
  });
  it("reads a sharded checkpoint through its index, lazily and whole", async () => {
    const r = await openSafetensorsFile(`${FIX}sharded.safetensors.index.json`);
    const w = await r.read("layer.1.weight");
    expect([...w.shape]).toEqual([2, 4]);
    expectValues(w.tensor.data, EXPECTED.sharded["layer.1.weight"].values);
    await r.close();
    const sd = await loadSafetensors(`${FIX}sharded.safetensors.index.json`);
    expect(sd.names()).toEqual(["layer.0.weight", "layer.0.bias", "layer.1.weight"]);
    for (const [k, v] of Object.entries(EXPECTED.sharded as Record<string, { values: number[] }>)) expectValues(sd.tensor(k).data, v.values);
    expect(sd.metadata.total_size).toBe("96"); // (12 + 4 + 8) float32s
  });
});

describe("safetensors: writing", () => {
  const w = tensor(new Float32Array([1, 2.5, -3, 1e-5, 65504, 70000]), [2, 3]);
  it("converts f32 -> F16/BF16 with round-to-nearest-even and restores them", () => {
    const sd = StateDict.fromTensors({ w }, { dtype: "F16" });
    const back = parseSafetensors(serializeSafetensors(sd));
    // np.array([1, 2.5, -3, 1e-5, 65504, 70000], np.float32).astype(np.float16).astype(float)
    expectValues(back.tensor("w").data, [1, 2.5, -3, 1.0013580322265625e-5, 65504, "inf"]);
    const bf = parseSafetensors(serializeSafetensors(sd.convert("BF16")));
    expect(bf.get("w")!.dtype).toBe("BF16");
  });
  it("rejects values that do not fit an integer dtype", async () => {
    await expectCode(() => TensorEntry.fromTensor(tensor(new Float64Array([1.5])), { dtype: "I32" }), "E_RANGE");
    await expectCode(() => TensorEntry.fromTensor(tensor(new Float64Array([300])), { dtype: "U8" }), "E_RANGE");
    await expectCode(() => TensorEntry.fromTensor(tensor(new Float64Array([2 ** 60])), { dtype: "I64" }), "E_RANGE");
    await expectCode(() => TensorEntry.fromTensor(w, { dtype: "F8_E4M3" }), "E_UNSUPPORTED");
  });
  it("encodes I64 exactly for safe integers", () => {
    const e = TensorEntry.fromTensor(tensor(new Float64Array([-(2 ** 53) + 1, -1, 2 ** 40 + 3])), { dtype: "I64" });
    // np.array([-(2**53)+1, -1, 2**40+3], '<i8').tobytes().hex()
    expect(hex(e.bytes)).toBe("010000000000e0ffffffffffffffffff0300000000010000");
  });
  it("saves atomically and round-trips through a file", async () => {
    const p = join(tmp, "a.safetensors");
    const sd = StateDict.fromTensors({ w, i: tensor(new Int32Array([1, -2])) }).withMetadata({ k: "v" });
    await saveSafetensors(p, sd);
    const back = await loadSafetensors(p);
    expect(back.metadata).toEqual({ k: "v" });
    expect([...back.tensor("w").data]).toEqual([...w.data]);
    expect([...back.tensor("i").data]).toEqual([1, -2]);
  });
  it("a failed write leaves the previous file intact and no temporary file behind", async () => {
    const p = join(tmp, "keep.safetensors");
    writeFileSync(p, "previous");
    function* failing(): Generator<Uint8Array> {
      yield new Uint8Array(1000);
      throw new Error("disk full (simulated)");
    }
    await expectCode(() => writeFileAtomic(p, failing()), "E_IO");
    expect(readFileSync(p, "utf8")).toBe("previous");
    expect(readdirSync(tmp).filter((f) => f.includes("keep") && f.endsWith(".tmp"))).toEqual([]);
    await expectCode(() => writeFileAtomic(join(tmp, "no-such-dir", "x"), new Uint8Array(1)), "E_IO");
  });
  it("writes a sharded checkpoint that reads back in order", async () => {
    const dir = mkdtempSync(join(tmp, "shards-"));
    const sd = StateDict.fromTensors({ a: w, b: w, c: tensor(new Float64Array([1, 2])) });
    const idx = await saveShardedSafetensors(dir, sd, { maxShardBytes: 30 });
    expect(readdirSync(dir).sort()).toEqual([
      "model-00001-of-00003.safetensors",
      "model-00002-of-00003.safetensors",
      "model-00003-of-00003.safetensors",
      "model.safetensors.index.json",
    ]);
    const back = await loadSafetensors(idx);
    expect(back.names()).toEqual(["a", "b", "c"]);
    expect([...back.tensor("c").data]).toEqual([1, 2]);
  });
});

describe("safetensors: header validation (as huggingface/safetensors)", () => {
  const f32 = (off: [number, number], shape = [2]): unknown => ({ dtype: "F32", shape, data_offsets: off });
  it("rejects bad headers with E_FORMAT naming the tensor", async () => {
    const cases: [string, Uint8Array][] = [
      ["short file", new Uint8Array(4)],
      ["header length past end", craft({}, 0).map((b, i) => (i === 0 ? 200 : b))],
      ["not JSON", craft(null, 0, "{nope")],
      ["not '{'", craft(null, 0, "[1]")],
      ["unknown dtype", craft({ a: { dtype: "F33", shape: [1], data_offsets: [0, 4] } }, 4)],
      ["negative dim", craft({ a: f32([0, 8], [-2]) }, 8)],
      ["size mismatch", craft({ a: f32([0, 12]) }, 12)],
      ["gap", craft({ a: f32([0, 8]), b: f32([12, 20]) }, 20)],
      ["overlap", craft({ a: f32([0, 8]), b: f32([4, 12]) }, 12)],
      ["past end", craft({ a: f32([0, 8]) }, 4)],
      ["trailing bytes", craft({ a: f32([0, 8]) }, 12)],
      ["duplicate", craft(null, 16, '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}')],
      ["metadata not strings", craft({ __metadata__: { a: 1 } }, 0)],
      ["huge dims", craft({ a: f32([0, 8], [2 ** 40, 2 ** 40]) }, 8)],
    ];
    for (const [what, bytes] of cases) {
      try {
        parseSafetensors(bytes);
        throw new Error(`accepted: ${what}`);
      } catch (e) {
        expect((e as { code?: string }).code, what).toBe("E_FORMAT");
      }
      await expectCode(() => openSafetensors(bytes), "E_FORMAT");
    }
    const big = new Uint8Array(16);
    new DataView(big.buffer).setUint32(0, 100_000_001, true);
    await expectCode(() => parseSafetensors(big), "E_FORMAT");
  });
  it("names the offending tensor in the error details", () => {
    try {
      parseSafetensors(craft({ ok: f32([0, 8]), bad: f32([8, 20]) }, 20));
    } catch (e) {
      expect((e as { details?: { name?: string } }).details?.name).toBe("bad");
    }
  });
});
