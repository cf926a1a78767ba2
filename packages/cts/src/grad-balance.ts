import type { FloatArray } from "@wc/tensor";

/**
 * The Euclidean norm of several arrays together, computed as the paper's code does
 * (`max|g| · ||g / max|g|||`, which avoids overflow).
 * @param arrays - the pieces
 * @returns the norm (0 for all-zero input)
 * @example
 * safeNorm([Float64Array.of(3, 4)]); // 5
 */
export function safeNorm(arrays: readonly ArrayLike<number>[]): number {
  let mx = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  if (mx === 0 || !Number.isFinite(mx)) return mx;
  let s = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! / mx;
      s += v * v;
    }
  }
  return mx * Math.sqrt(s);
}

/** The sparsity term of one step. */
export interface SparsityTerm {
  /** e = scale · (Σσ(θ)/A − 1). */
  error: number;
  /** Σσ(θ)/d, the expected-density proxy. */
  expDensity: number;
  /** g_s = ∂e/∂θ = (scale/A)·σ(θ)(1 − σ(θ)), one array per layer. */
  grad: Float64Array[];
}

/**
 * The GradBalance sparsity error and its gradient for logits θ: `A = overshoot·κ·d`,
 * `e = scale·(Σσ(θ)/A − 1)`, `g_s = (scale/A)·σ(θ)(1 − σ(θ))`.
 * @param theta - logits, one array per layer
 * @param density - κ
 * @param options - `overshoot` (1.1 with GradBalance, 1 without) and `scale` (100)
 * @returns the error, density proxy and gradient
 * @example
 * sparsityTerm([Float64Array.of(0, 0)], 0.5, { overshoot: 1, scale: 100 }).error; // 0
 */
export function sparsityTerm(theta: readonly ArrayLike<number>[], density: number, options: { overshoot: number; scale: number }): SparsityTerm {
  const d = theta.reduce((s, a) => s + a.length, 0);
  const target = options.overshoot * density * d;
  let total = 0;
  const grad = theta.map((a) => {
    const g = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const s = 1 / (1 + Math.exp(-a[i]!));
      total += s;
      g[i] = (options.scale / target) * s * (1 - s);
    }
    return g;
  });
  return { error: options.scale * (total / target - 1), expDensity: total / d, grad };
}

/**
 * One GradBalance update of λ: `λ* = ||g_t|| / (||g_s|| + 1e-12)` when e > 0, else 0; λ = λ* on the
 * first step, afterwards `λ ← (1 − s)·λ + s·λ*` (s = 0.01 by default).
 * @param lambda - the previous λ (ignored on the first step)
 * @param taskGrad - g_t = ∂L/∂θ per layer
 * @param sparsityGrad - g_s per layer
 * @param error - the sparsity error e
 * @param options - `first` (this is step 0) and `smoothing` s
 * @returns the new λ
 * @example
 * gradBalanceLambda(0, gt, gs, 3.2, { first: true, smoothing: 0.01 });
 */
export function gradBalanceLambda(
  lambda: number,
  taskGrad: readonly ArrayLike<number>[],
  sparsityGrad: readonly ArrayLike<number>[],
  error: number,
  options: { first: boolean; smoothing: number },
): number {
  const star = error > 0 ? safeNorm(taskGrad) / (safeNorm(sparsityGrad) + 1e-12) : 0;
  return options.first ? star : (1 - options.smoothing) * lambda + options.smoothing * star;
}

/** `out[i] = a[i] + c·b[i]` per layer into new arrays of `a`'s type. @internal */
export function combine(a: readonly FloatArray[], b: readonly ArrayLike<number>[], c: number): FloatArray[] {
  return a.map((x, l) => {
    const y = x.slice() as FloatArray;
    const z = b[l]!;
    for (let i = 0; i < y.length; i++) y[i] = x[i]! + c * z[i]!;
    return y;
  });
}
