import { Var, add, sigmoid } from "@wc/nn";
import { WcError, tensor, type FloatArray, type Rng } from "@wc/tensor";

const U_MIN = 1e-10;

/**
 * One binary-Concrete (Gumbel-sigmoid) relaxed mask sample per logit, with the parameterisation of
 * the paper's code: `u ~ U(0,1)` clamped to [1e-10, 1 − 1e-10], `L = ln u − ln(1 − u)`,
 * `m = σ(θ + L/τ)` (the code writes σ((L + τθ)/τ)). θ is not divided by τ, so P(m > ½) = σ(τθ)
 * and E[m] ≠ σ(θ). Differentiable in θ: ∂m/∂θ = m(1 − m).
 * @param theta - logits (any shape)
 * @param tau - temperature τ > 0 (the paper's 2/3)
 * @param rng - the noise source (advanced by one draw per logit)
 * @returns the relaxed mask, same shape and dtype as `theta`
 * @throws {WcError} `E_RANGE` for τ ≤ 0 or non-finite.
 * @example
 * const m = concreteSample(theta, 2 / 3, new Rng(0));
 */
export function concreteSample(theta: Var, tau: number, rng: Rng): Var {
  if (!(Number.isFinite(tau) && tau > 0)) throw new WcError("E_RANGE", `concreteSample: tau must be a finite number > 0, got ${tau}`);
  const n = theta.value.size;
  const noise: FloatArray = theta.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    if (u < U_MIN) u = U_MIN;
    else if (u > 1 - U_MIN) u = 1 - U_MIN;
    noise[i] = (Math.log(u) - Math.log(1 - u)) / tau;
  }
  return sigmoid(add(theta, new Var(tensor(noise, [...theta.shape]))));
}

/**
 * The logit whose sigmoid is `p`: `ln(p / (1 − p))` (the CTS initial logit, σ(θ0) = κ).
 * @param p - probability in (0, 1)
 * @returns the logit
 * @throws {WcError} `E_RANGE` outside (0, 1).
 * @example
 * logit(0.5); // 0
 */
export function logit(p: number): number {
  if (!(p > 0 && p < 1)) throw new WcError("E_RANGE", `logit: p must be in (0, 1), got ${p}`);
  return Math.log(p / (1 - p));
}
