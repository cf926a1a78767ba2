import { WcError } from "@wc/tensor";
import { accumulate, makeOutput, sameDType, scalarVar, type Var } from "../autograd/var";
import { constMap, sumTo } from "../autograd/graph-helpers";
import { allocLike, numel } from "../internal/alloc";
import { broadcastIndex, broadcastShapes } from "../internal/broadcast";

type Kind = "add" | "sub" | "mul" | "div";

function asVar(x: Var | number, like: Var): Var {
  return typeof x === "number" ? scalarVar(x, like.dtype) : x;
}

function binary(a0: Var | number, b0: Var | number, kind: Kind): Var {
  if (typeof a0 === "number" && typeof b0 === "number") {
    throw new WcError("E_ARGUMENT", `${kind}: at least one operand must be a Var`);
  }
  const a = asVar(a0, (typeof a0 === "number" ? b0 : a0) as Var);
  const b = asVar(b0, a);
  sameDType(a, b, kind);
  const shape = broadcastShapes(a.shape, b.shape, kind);
  const n = numel(shape);
  const ia = broadcastIndex(shape, a.shape);
  const ib = broadcastIndex(shape, b.shape);
  const ad = a.data;
  const bd = b.data;
  const out = allocLike(ad, n);
  for (let i = 0; i < n; i++) {
    const x = ad[ia === null ? i : ia[i]!]!;
    const y = bd[ib === null ? i : ib[i]!]!;
    out[i] = kind === "add" ? x + y : kind === "sub" ? x - y : kind === "mul" ? x * y : x / y;
  }
  return makeOutput(out, shape, [a, b], (g) => {
    if (a.requiresGrad) {
      const ga = allocLike(ad, ad.length);
      for (let i = 0; i < n; i++) {
        const j = ia === null ? i : ia[i]!;
        const y = bd[ib === null ? i : ib[i]!]!;
        ga[j]! += kind === "add" || kind === "sub" ? g[i]! : kind === "mul" ? g[i]! * y : g[i]! / y;
      }
      accumulate(a, ga, true);
    }
    if (b.requiresGrad) {
      const gb = allocLike(bd, bd.length);
      for (let i = 0; i < n; i++) {
        const j = ib === null ? i : ib[i]!;
        const x = ad[ia === null ? i : ia[i]!]!;
        const y = bd[j]!;
        gb[j]! += kind === "add" ? g[i]! : kind === "sub" ? -g[i]! : kind === "mul" ? g[i]! * x : (-g[i]! * x) / (y * y);
      }
      accumulate(b, gb, true);
    }
  }, kind, (g, out) => [
    a.requiresGrad ? sumTo(kind === "add" || kind === "sub" ? g : kind === "mul" ? mul(g, b) : div(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(kind === "add" ? g : kind === "sub" ? neg(g) : kind === "mul" ? mul(g, a) : neg(div(mul(g, out), b)), b.shape) : null,
  ]);
}

/**
 * `a + b` with NumPy broadcasting (a number broadcasts as a scalar).
 * @param a - left operand
 * @param b - right operand
 * @returns a new Var of the broadcast shape
 * @throws {WcError} `E_SHAPE` when shapes do not broadcast; `E_DTYPE` when dtypes differ.
 * @example
 * add(x, bias); // [n, d] + [d]
 */
export function add(a: Var | number, b: Var | number): Var {
  return binary(a, b, "add");
}

/**
 * `a - b` with broadcasting.
 * @throws {WcError} `E_SHAPE` when shapes do not broadcast; `E_DTYPE` when dtypes differ.
 * @example
 * sub(x, mean(x, { axis: -1, keepDims: true }));
 */
export function sub(a: Var | number, b: Var | number): Var {
  return binary(a, b, "sub");
}

/**
 * `a * b` elementwise with broadcasting. Multiplying by a constant 0/1 Var is a fixed mask;
 * by a Var with `requiresGrad` it is a learnable mask (its gradient is `grad * a`).
 * @throws {WcError} `E_SHAPE` when shapes do not broadcast; `E_DTYPE` when dtypes differ.
 * @example
 * mul(weight, mask); // masked weight, as pruning methods use
 */
export function mul(a: Var | number, b: Var | number): Var {
  return binary(a, b, "mul");
}

/**
 * `a / b` elementwise with broadcasting (division by zero follows IEEE: Inf/NaN).
 * @throws {WcError} `E_SHAPE` when shapes do not broadcast; `E_DTYPE` when dtypes differ.
 * @example
 * div(x, 2);
 */
export function div(a: Var | number, b: Var | number): Var {
  return binary(a, b, "div");
}

/**
 * Applies an elementwise function `f` with derivative `df(x, y)` (y = f(x)); `op` names it and
 * `graph(g, x, y)` is its differentiable backward (omitted: no second-order support).
 * @internal
 */
export function unary(
  x: Var,
  f: (v: number) => number,
  df: (v: number, y: number) => number,
  op?: string,
  graph?: (g: Var, x: Var, y: Var) => Var,
): Var {
  const xd = x.data;
  const n = xd.length;
  const out = allocLike(xd, n);
  for (let i = 0; i < n; i++) out[i] = f(xd[i]!);
  return makeOutput(out, x.shape, [x], (g) => {
    const gx = allocLike(xd, n);
    for (let i = 0; i < n; i++) gx[i] = g[i]! * df(xd[i]!, out[i]!);
    accumulate(x, gx, true);
  }, op, graph ? (g, y) => [graph(g, x, y)] : undefined);
}

/**
 * `-x`.
 * @example
 * neg(x);
 */
export function neg(x: Var): Var {
  return unary(x, (v) => -v, () => -1, "neg", (g) => neg(g));
}

/**
 * `|x|` elementwise, with the subgradient `sign(x)` (0 at `x = 0`, as PyTorch's `abs`), so an
 * L1 penalty `sum(abs(w))` pushes every non-zero weight towards zero and leaves zeros alone.
 * @param x - input
 * @returns a new Var of the same shape
 * @example
 * sum(abs(w)); // L1 norm of w
 */
export function abs(x: Var): Var {
  return unary(x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0), "abs", (g, xv) => mul(g, constMap(xv, Math.sign)));
}

/**
 * `exp(x)` elementwise.
 * @example
 * exp(x);
 */
export function exp(x: Var): Var {
  return unary(x, Math.exp, (_v, y) => y, "exp", (g, _x, y) => mul(g, y));
}

/**
 * Natural logarithm elementwise (log of a negative number is NaN, of 0 is -Inf).
 * @example
 * log(p);
 */
export function log(x: Var): Var {
  return unary(x, Math.log, (v) => 1 / v, "log", (g, xv) => div(g, xv));
}

/**
 * Square root elementwise.
 * @example
 * sqrt(x);
 */
export function sqrt(x: Var): Var {
  return unary(x, Math.sqrt, (_v, y) => 0.5 / y, "sqrt", (g, _x, y) => div(scale(g, 0.5), y));
}

/**
 * `x ** p` elementwise for a constant exponent.
 * @example
 * pow(x, 2);
 */
export function pow(x: Var, p: number): Var {
  return unary(x, (v) => v ** p, (v) => p * v ** (p - 1), "pow", (g, xv) => (p === 1 ? g : mul(g, scale(pow(xv, p - 1), p))));
}

/**
 * `s * x` for a constant `s`.
 * @example
 * scale(x, 0.5);
 */
export function scale(x: Var, s: number): Var {
  return unary(x, (v) => s * v, () => s, "scale", (g) => scale(g, s));
}
