import { readFileSync } from "node:fs";
import { Rng } from "@wc/tensor";
import { swinParamShapes, type SwinShapeOptions, type Tensor2D } from "../src/index";

export interface Reference {
  layers: { name: string; shape: number[]; module: string; data: number[] }[];
  ratios: Record<string, { dimap: number[]; lamp: number[]; global: number[]; uniform: number[] }>;
}

/** test/fixtures/reference.json, written by test/fixtures/make-reference.py (NumPy). */
export function loadReference(): Reference {
  return JSON.parse(readFileSync(new URL("./fixtures/reference.json", import.meta.url), "utf8")) as Reference;
}

/** The reference layers as float32 tensors. */
export function referenceTensors(ref: Reference = loadReference()): Tensor2D[] {
  return ref.layers.map((l) => ({ name: l.name, shape: l.shape, data: Float32Array.from(l.data) }));
}

/** Seeded N(0, std^2) float32 weights for every parameter of a Swin architecture (timm names by default). */
export function seededSwin(options: SwinShapeOptions = {}, seed = 0, std = 0.02): Tensor2D[] {
  const rng = new Rng(seed);
  return swinParamShapes(options).map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.normal(0, std);
    return { name, shape, data };
  });
}

/** Number of ones. */
export function ones(m: Uint8Array): number {
  let k = 0;
  for (const v of m) k += v;
  return k;
}
