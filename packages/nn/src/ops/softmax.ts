import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike } from "../internal/alloc";
import { exp, mul, sub } from "./elementwise";
import { sum } from "./reduce";

function lastAxis(x: Var, where: string): [number, number] {
  if (x.shape.length < 1) throw new WcError("E_SHAPE", `${where}: expected at least a 1-D input`);
  const c = x.shape[x.shape.length - 1]!;
  return [c === 0 ? 0 : x.data.length / c, c];
}

/**
 * Softmax over the last axis, computed stably (max subtracted). `-Infinity` entries get 0.
 * @throws {WcError} `E_SHAPE` for a 0-D input.
 * @example
 * softmax(scores);
 */
export function softmax(x: Var): Var {
  const [rows, c] = lastAxis(x, "softmax");
  const xd = x.data;
  const out = allocLike(xd, xd.length);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let mx = -Infinity;
    for (let j = 0; j < c; j++) if (xd[o + j]! > mx) mx = xd[o + j]!;
    let s = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(xd[o + j]! - mx);
      out[o + j] = e;
      s += e;
    }
    for (let j = 0; j < c; j++) out[o + j]! /= s;
  }
  return makeOutput(out, x.shape, [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let dot = 0;
      for (let j = 0; j < c; j++) dot += g[o + j]! * out[o + j]!;
      for (let j = 0; j < c; j++) gx[o + j] = out[o + j]! * (g[o + j]! - dot);
    }
    accumulate(x, gx, true);
  }, "softmax", (g, y) => [mul(y, sub(g, sum(mul(g, y), { axis: -1, keepDims: true })))]);
}

/**
 * Log-softmax over the last axis (log-sum-exp with the max subtracted).
 * @throws {WcError} `E_SHAPE` for a 0-D input.
 * @example
 * logSoftmax(logits);
 */
export function logSoftmax(x: Var): Var {
  const [rows, c] = lastAxis(x, "logSoftmax");
  const xd = x.data;
  const out = allocLike(xd, xd.length);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let mx = -Infinity;
    for (let j = 0; j < c; j++) if (xd[o + j]! > mx) mx = xd[o + j]!;
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(xd[o + j]! - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < c; j++) out[o + j] = xd[o + j]! - lse;
  }
  return makeOutput(out, x.shape, [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let r = 0; r < rows; r++) {
      const o = r * c;
      let gs = 0;
      for (let j = 0; j < c; j++) gs += g[o + j]!;
      for (let j = 0; j < c; j++) gx[o + j] = g[o + j]! - Math.exp(out[o + j]!) * gs;
    }
    accumulate(x, gx, true);
  }, "logSoftmax", (g, y) => [sub(g, mul(exp(y), sum(g, { axis: -1, keepDims: true })))]);
}
