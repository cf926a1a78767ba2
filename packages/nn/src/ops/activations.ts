import type { Var } from "../autograd/var";
import { compositeBackward } from "../autograd/grad";
import { constMap } from "../autograd/graph-helpers";
import { add, exp, mul, pow, scale, sub, unary } from "./elementwise";
import { erf } from "./erf";

/**
 * `max(x, 0)` elementwise; the derivative at 0 is taken as 0 (as PyTorch).
 * @example
 * relu(x);
 */
export function relu(x: Var): Var {
  return unary(x, (v) => (v > 0 ? v : 0), (v) => (v > 0 ? 1 : 0), "relu", (g, xv) => mul(g, constMap(xv, (v) => (v > 0 ? 1 : 0))));
}

/**
 * `1 / (1 + e^-x)` elementwise.
 * @example
 * sigmoid(x);
 */
export function sigmoid(x: Var): Var {
  return unary(x, sig, (_v, y) => y * (1 - y), "sigmoid", (g, _x, y) => mul(g, mul(y, sub(1, y))));
}

function sig(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/**
 * Hyperbolic tangent elementwise.
 * @example
 * tanh(x);
 */
export function tanh(x: Var): Var {
  return unary(x, Math.tanh, (_v, y) => 1 - y * y, "tanh", (g, _x, y) => mul(g, sub(1, mul(y, y))));
}

/**
 * SiLU (swish) `x * sigmoid(x)`, as used by SwiGLU and Llama.
 * @example
 * silu(x);
 */
export function silu(x: Var): Var {
  return unary(
    x,
    (v) => v * sig(v),
    (v) => {
      const s = sig(v);
      return s * (1 + v * (1 - s));
    },
    "silu",
    (g, xv) => {
      const s = sigmoid(xv);
      return mul(g, mul(s, add(1, mul(xv, sub(1, s)))));
    },
  );
}

/** Which GELU formula to use. */
export type GeluApproximate = "none" | "tanh";

/** Options of {@link gelu}. */
export interface GeluOptions {
  /**
   * `"none"` (default): the exact `x * Phi(x)` with the Gaussian CDF via erf, as PyTorch's
   * `nn.GELU()` default and BERT; `"tanh"`: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`, as
   * GPT-2 and PyTorch's `approximate="tanh"`.
   */
  approximate?: GeluApproximate;
}

const SQRT_2_OVER_PI = 0.7978845608028654;
const INV_SQRT_2 = 0.7071067811865476;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * GELU elementwise. Default: the exact erf form (`approximate: "none"`), matching PyTorch.
 * @param x - input
 * @param options - see {@link GeluOptions}
 * @example
 * gelu(x, { approximate: "tanh" });
 */
export function gelu(x: Var, options: GeluOptions = {}): Var {
  if ((options.approximate ?? "none") === "tanh") {
    return unary(
      x,
      (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))),
      (v) => {
        const u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
        const t = Math.tanh(u);
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
      },
      "gelu",
      (g, xv) => compositeBackward([xv], ([z]) => mul(scale(z!, 0.5), add(1, tanh(scale(add(z!, scale(pow(z!, 3), 0.044715)), SQRT_2_OVER_PI)))), g)[0]!,
    );
  }
  return unary(
    x,
    (v) => 0.5 * v * (1 + erf(v * INV_SQRT_2)),
    (v) => 0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
    "gelu",
    (g, xv) => compositeBackward([xv], ([z]) => mul(z!, normalCdf(z!)), g)[0]!,
  );
}

/**
 * The standard normal CDF Φ(x) = ½(1 + erf(x/√2)) elementwise, with derivative φ(x) built from
 * differentiable ops (so exact GELU has rules of every order).
 */
function normalCdf(x: Var): Var {
  return unary(
    x,
    (v) => 0.5 * (1 + erf(v * INV_SQRT_2)),
    (v) => INV_SQRT_2PI * Math.exp(-0.5 * v * v),
    "normalCdf",
    (g, xv) => mul(g, scale(exp(scale(mul(xv, xv), -0.5)), INV_SQRT_2PI)),
  );
}
