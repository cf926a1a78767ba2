import { WcError } from "../errors";
import { Rng } from "../rng/generator";
import type { Tensor } from "../types";
import { assertFloat, assertNdim } from "../validate";
import { toTensor, vecTensor } from "./dense";
import type { NormalSource, RandomizedSvdResult } from "./randomized-svd";
import { operand, product, projectSvd, sketch, thinQr } from "./sketch";
import { svdCore } from "./svd-core";

/** Options of {@link topSingular}. */
export interface TopSingularOptions {
  /** Stop when no top-`k` value changes by more than `tol` (relative) in an iteration; default 1e-12. */
  tol?: number;
  /** Iteration limit (each iteration is one product with `A^T` and one with `A`); default 200. */
  maxIters?: number;
  /** Extra block columns that speed up convergence; default 4. */
  oversample?: number;
  /** Seed of the Gaussian start block; default 0. Ignored when `rng` is given. */
  seed?: number;
  /** Normal source for the start block (e.g. an `Rng`); default `new Rng(seed)`. */
  rng?: NormalSource;
}

/**
 * The `k` largest singular triplets to a requested accuracy, by block subspace (power) iteration
 * with a Rayleigh-Ritz step each round: Lanczos-free, so no loss of orthogonality to manage.
 * Unlike {@link randomizedSvd}, which runs a fixed number of rounds, it iterates until the top
 * values settle to `tol`. Convergence is geometric with ratio `(s_{k+p+1} / s_k)^2` per
 * iteration, so a small gap after the `k`-th value is slow; use the exact {@link svd} then.
 *
 * @param A - `m x n` float32 or float64 matrix (not modified; big products in its dtype).
 * @param k - number of triplets, `1 <= k <= min(m, n)`; default 1.
 * @param options - {@link TopSingularOptions}; defaults `{ tol: 1e-12, maxIters: 200, oversample: 4, seed: 0 }`.
 * @returns `{ U, S, Vt }` (float64), `S` descending, signs as {@link svd}.
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf or
 *   out-of-range `k`/options; `E_NOT_CONVERGED` when `maxIters` iterations do not reach `tol`.
 * @example
 * const { S } = topSingular(W, 1); // spectral norm of W
 */
export function topSingular(A: Tensor, k = 1, options: TopSingularOptions = {}): RandomizedSvdResult {
  assertNdim(A, 2, "topSingular");
  assertFloat(A, "topSingular");
  const m = A.shape[0]!;
  const n = A.shape[1]!;
  const kmax = Math.min(m, n);
  if (!Number.isInteger(k) || k < 1 || k > kmax) {
    throw new WcError("E_RANGE", `topSingular: k must be an integer in [1, min(m, n) = ${kmax}], got ${k}`);
  }
  const { tol = 1e-12, maxIters = 200, oversample = 4, seed = 0 } = options;
  if (!(tol > 0) || !Number.isFinite(tol)) throw new WcError("E_RANGE", `topSingular: tol must be a finite number > 0, got ${tol}`);
  if (!Number.isInteger(maxIters) || maxIters < 1) throw new WcError("E_RANGE", `topSingular: maxIters must be an integer >= 1, got ${maxIters}`);
  if (!Number.isInteger(oversample) || oversample < 0) throw new WcError("E_RANGE", `topSingular: oversample must be an integer >= 0, got ${oversample}`);
  const op = operand(A);
  const l = Math.min(k + oversample, kmax);
  let Q = sketch(op, l, options.rng ?? new Rng(seed), m, n, "topSingular");
  let prev: Float64Array | null = null;
  for (let it = 0; it < maxIters; it++) {
    // One round: Z = orth(A^T Q) carries the Ritz values (its R factor's singular values).
    const { Q: Z, R } = thinQr(product(op, true, n, m, Q));
    const s = svdCore(R, "none", "topSingular").s;
    if (prev) {
      let change = 0;
      for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(s[i]! - prev[i]!) / Math.max(s[i]!, Number.MIN_VALUE));
      if (change <= tol || s[0] === 0) {
        const r = projectSvd(op, Q, k, m, n, "topSingular");
        return { U: toTensor(r.U), S: vecTensor(r.s), Vt: toTensor(r.Vt) };
      }
    }
    prev = s;
    Q = thinQr(product(op, false, m, n, Z)).Q;
  }
  throw new WcError("E_NOT_CONVERGED", `topSingular: the top ${k} singular values did not settle to ${tol} within ${maxIters} iterations; raise maxIters or tol, or use svd`, {
    iterations: maxIters,
  });
}
