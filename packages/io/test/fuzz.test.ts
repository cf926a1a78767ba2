import { readFileSync } from "node:fs";
import fc from "fast-check";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { WcError } from "@wc/tensor";
import { openSafetensors, parseGguf, parseNpy, parseNpz, parseOnnx, parseSafetensors, type StateDict } from "../src/index";
import { ONNX_PROTO } from "../src/onnx-schema";
import { FIX } from "./helpers";

/**
 * Fuzzing: every parser, on mutated real files and generated headers, either returns a
 * StateDict whose tensors all decode, or throws a WcError. Any other exception fails.
 * 10,000+ cases per format; fixed seeds so a failure reproduces.
 */
const RUNS = 10_000;
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(`${FIX}${f}`));

type Op =
  | { k: "flip"; at: number; v: number }
  | { k: "trunc"; at: number }
  | { k: "u32"; at: number; v: number }
  | { k: "u64"; at: number; v: bigint }
  | { k: "ins"; at: number; bytes: Uint8Array };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant("flip" as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ k: fc.constant("trunc" as const), at: fc.nat() }),
  fc.record({ k: fc.constant("u32" as const), at: fc.nat(), v: fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0x80000000, 65535, 100_000_001) }),
  fc.record({ k: fc.constant("u64" as const), at: fc.nat(), v: fc.constantFrom(0n, 1n, (1n << 63n) - 1n, (1n << 64n) - 1n, 1n << 53n, 1n << 40n, 1n << 32n) }),
  fc.record({ k: fc.constant("ins" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
);

function mutate(seed: Uint8Array, ops: Op[]): Uint8Array {
  let b = seed.slice();
  for (const o of ops) {
    const at = b.byteLength === 0 ? 0 : o.at % b.byteLength;
    if (o.k === "flip" && b.byteLength > 0) b[at] = o.v;
    else if (o.k === "trunc") b = b.slice(0, at);
    else if (o.k === "u32" && at + 4 <= b.byteLength) new DataView(b.buffer).setUint32(at, o.v, true);
    else if (o.k === "u64" && at + 8 <= b.byteLength) new DataView(b.buffer).setBigUint64(at, o.v, true);
    else if (o.k === "ins") {
      const n = new Uint8Array(b.byteLength + o.bytes.byteLength);
      n.set(b.subarray(0, at));
      n.set(o.bytes, at);
      n.set(b.subarray(at), at + o.bytes.byteLength);
      b = n;
    }
  }
  return b;
}

function touch(sd: StateDict): void {
  for (const [, e] of sd) void e.tensor.size;
}

/** Runs `f`; only a WcError may escape. */
function onlyWcError(f: () => void): boolean {
  try {
    f();
  } catch (e) {
    if (!(e instanceof WcError)) throw e;
  }
  return true;
}

function fuzzMutations(seeds: Uint8Array[], parse: (b: Uint8Array) => void, runs: number, seed: number): void {
  fc.assert(
    fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(op, { minLength: 1, maxLength: 4 }), (i, ops) =>
      onlyWcError(() => parse(mutate(seeds[i]!, ops))),
    ),
    { numRuns: runs, seed },
  );
}

const junk = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(2 ** 53, 2 ** 64, 1e300, 1.5, -0, "3", null, true),
  fc.jsonValue({ maxDepth: 1 }),
);

describe("fuzz (fast-check)", () => {
  it(`safetensors: ${RUNS} mutated files + ${RUNS} generated headers + lazy opens`, async () => {
    const seeds = [read("all-dtypes.safetensors"), read("sharded-00001-of-00002.safetensors")];
    fuzzMutations(seeds, (b) => touch(parseSafetensors(b)), RUNS, 1);
    const entry = fc.record({
      dtype: fc.oneof(fc.constantFrom("F32", "F16", "BF16", "I64", "BOOL", "F8_E4M3", "U8", "X"), junk),
      shape: fc.oneof(fc.array(junk, { maxLength: 3 }), junk),
      data_offsets: fc.oneof(fc.tuple(junk, junk), fc.array(junk, { maxLength: 3 })),
    });
    const header = fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant("__metadata__")), fc.oneof(entry, junk), { maxKeys: 4 });
    fc.assert(
      fc.property(header, fc.nat({ max: 96 }), (h, dataLen) => {
        const t = new TextEncoder().encode(JSON.stringify(h));
        const b = new Uint8Array(8 + t.byteLength + dataLen);
        new DataView(b.buffer).setUint32(0, t.byteLength, true);
        b.set(t, 8);
        return onlyWcError(() => touch(parseSafetensors(b)));
      }),
      { numRuns: RUNS, seed: 2 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 3 }), async (ops) => {
        try {
          const r = await openSafetensors(mutate(seeds[0]!, ops));
          touch(await r.readAll());
        } catch (e) {
          if (!(e instanceof WcError)) throw e;
        }
        return true;
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it(`npy: ${RUNS} mutated files + generated headers`, () => {
    const seeds = ["f4-v1", "f8-v2", "f8-v3", "fortran-f8-3d", "be-i4", "bool", "scalar", "empty"].map((n) => read(`${n}.npy`));
    fuzzMutations(seeds, (b) => void parseNpy(b).tensor.size, RUNS, 4);
    const dict = fc.tuple(
      fc.oneof(fc.constantFrom("<f4", ">f8", "|u1", "<i8", "|b1", "<c8", "<U3", "O", "f4", "<f99"), fc.string({ maxLength: 5 })),
      fc.constantFrom("True", "False", "1", ""),
      fc.array(fc.oneof(fc.nat({ max: 6 }), fc.constantFrom(2 ** 53, 1e20, -1)), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(dict, fc.nat({ max: 64 }), fc.constantFrom(1, 2, 3), ([d, f, s], dataLen, ver) => {
        const h = new TextEncoder().encode(`{'descr': '${d}', 'fortran_order': ${f}, 'shape': (${s.join(", ")},), }`);
        const pre = ver === 1 ? 10 : 12;
        const b = new Uint8Array(pre + h.byteLength + dataLen);
        b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, ver, 0]);
        if (ver === 1) new DataView(b.buffer).setUint16(8, h.byteLength, true);
        else new DataView(b.buffer).setUint32(8, h.byteLength, true);
        b.set(h, pre);
        return onlyWcError(() => void parseNpy(b).tensor.size);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it(`npz: ${RUNS} mutated archives (stored and deflated)`, () => {
    fuzzMutations([read("stored.npz"), read("deflated.npz")], (b) => touch(parseNpz(b)), RUNS, 6);
  });

  it(`onnx: ${RUNS} mutated models`, () => {
    const Model = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType("onnx.ModelProto");
    const model = Model.encode(
      Model.fromObject({
        ir_version: 8,
        graph: {
          node: [
            { op_type: "Constant", output: ["C"], attribute: [{ name: "value", type: 4, t: { dims: [3], data_type: 10, int32_data: [1, 2, 3] } }] },
            { op_type: "MatMul", input: ["X", "W"], output: ["Y"] },
          ],
          initializer: [
            { name: "W", dims: [2, 3], data_type: 1, float_data: [1, 2, 3, 4, 5, 6] },
            { name: "R", dims: [2], data_type: 11, raw_data: new Uint8Array(16) },
            { name: "S", dims: [2], data_type: 7, int64_data: [1, 3] },
            { name: "E", dims: [1], data_type: 1, data_location: 1, external_data: [{ key: "location", value: "w.bin" }] },
          ],
        },
      }),
    ).finish();
    const ext = (): Uint8Array => new Uint8Array(4);
    fuzzMutations([model], (b) => touch(parseOnnx(b, { externalData: ext }).stateDict), RUNS, 7);
  });

  it(`gguf: ${RUNS} mutated files`, () => {
    fuzzMutations([read("tiny.gguf")], (b) => touch(parseGguf(b).stateDict), RUNS, 8);
  });

  it("the fuzz seeds themselves parse", () => {
    expect(parseSafetensors(read("all-dtypes.safetensors")).size).toBe(14);
    expect(parseGguf(read("tiny.gguf")).tensors.length).toBe(5);
  });
});
