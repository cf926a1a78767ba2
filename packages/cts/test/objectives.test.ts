import { Var } from "@wc/nn";
import { tensor } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { ctsObjective } from "../src/index";
import { codeOf, labels, randn64, relErr } from "./helpers";

function logSoftmaxRows(z: ArrayLike<number>, b: number, c: number): Float64Array {
  const out = new Float64Array(b * c);
  for (let i = 0; i < b; i++) {
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, z[i * c + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(z[i * c + j]! - mx);
    for (let j = 0; j < c; j++) out[i * c + j] = z[i * c + j]! - mx - Math.log(s);
  }
  return out;
}

describe("reverse-KL objective (spec 6.2)", () => {
  const B = 4;
  const C = 10;
  const zsT = randn64([B, C], 11);
  const zdT = randn64([B, C], 12);
  const y = labels(B, C, 13);
  const value = (zs: Float64Array): number => ctsObjective("rkl", new Var(tensor(zs, [B, C])), new Var(zdT), y, 100).item();

  it("autograd gradient = 100/B p_s (log p_s - log p_d - KL_b) and a central difference", () => {
    const zs = new Var(zsT, { requiresGrad: true });
    ctsObjective("rkl", zs, new Var(zdT), y, 100).backward();
    const ls = logSoftmaxRows(zsT.data, B, C);
    const ld = logSoftmaxRows(zdT.data, B, C);
    const closed = new Float64Array(B * C);
    for (let b = 0; b < B; b++) {
      let kl = 0;
      for (let c = 0; c < C; c++) kl += Math.exp(ls[b * C + c]!) * (ls[b * C + c]! - ld[b * C + c]!);
      for (let c = 0; c < C; c++) closed[b * C + c] = (100 / B) * Math.exp(ls[b * C + c]!) * (ls[b * C + c]! - ld[b * C + c]! - kl);
    }
    const fd = new Float64Array(B * C);
    const base = Float64Array.from(zsT.data);
    for (let i = 0; i < B * C; i++) {
      const p = base.slice();
      const m = base.slice();
      p[i]! += 1e-6;
      m[i]! -= 1e-6;
      fd[i] = (value(p) - value(m)) / 2e-6;
    }
    expect(relErr(zs.grad!.data, closed)).toBeLessThan(1e-10);
    expect(relErr(zs.grad!.data, fd)).toBeLessThan(1e-6);
  });

  it("is >= 0 and 0 when the sparse logits equal the dense ones up to a per-row constant", () => {
    expect(value(Float64Array.from(zsT.data))).toBeGreaterThan(0);
    const shifted = Float64Array.from(zdT.data, (v, i) => v + 3.5 * Math.floor(i / C) - 1);
    expect(Math.abs(value(shifted))).toBeLessThan(1e-12);
  });

  it("forward KL, task and deltaloss match their definitions", () => {
    const ls = logSoftmaxRows(zsT.data, B, C);
    const ld = logSoftmaxRows(zdT.data, B, C);
    let fkl = 0;
    let ceS = 0;
    let ceD = 0;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) fkl += Math.exp(ld[b * C + c]!) * (ld[b * C + c]! - ls[b * C + c]!);
      ceS -= ls[b * C + y[b]!]!;
      ceD -= ld[b * C + y[b]!]!;
    }
    const zs = new Var(zsT);
    const zd = new Var(zdT);
    expect(ctsObjective("fkl", zs, zd, y, 100).item()).toBeCloseTo((100 * fkl) / B, 10);
    expect(ctsObjective("task", zs, zd, y, 100).item()).toBeCloseTo((100 * ceS) / B, 10);
    expect(ctsObjective("deltaloss", zs, zd, y, 100).item()).toBeCloseTo(1e4 * Math.abs(ceS / ceD - 1), 7);
  });

  it("rejects mismatched logits with E_SHAPE", () => {
    expect(codeOf(() => ctsObjective("rkl", new Var(randn64([4, 10], 1)), new Var(randn64([4, 9], 2)), y, 100))).toBe("E_SHAPE");
  });
});
