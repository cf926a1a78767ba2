import { Rng, WcError, copy, type FloatTensor, type Tensor } from "@wc/tensor";
import { numel, wrap } from "../internal/alloc";
import { noGrad } from "./grad-mode";
import { Var } from "./var";

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Central-difference step; default 1e-6. */
  eps?: number;
  /** Seed of the random projection applied to non-scalar outputs; default 1. */
  seed?: number;
  /**
   * Gradient norms below this count as zero in the relative error's denominator, so an
   * analytically zero gradient (a key bias before softmax, a conv bias before batch norm) compares
   * its rounding noise against this floor instead of against itself; default 1e-8.
   */
  floor?: number;
  /** {@link gradCheckModule} only: also check the gradient wrt the input; default true. */
  checkInput?: boolean;
}

/** The result of {@link gradCheck}. */
export interface GradCheckResult {
  /** Per input: `||analytic - numeric|| / max(||analytic||, ||numeric||, floor)`. */
  relErrors: number[];
  /** The largest of `relErrors`. */
  maxRelError: number;
  /** The analytic gradients. */
  analytic: FloatTensor[];
  /** The central-difference gradients. */
  numeric: FloatTensor[];
}

/**
 * Compares the autograd gradient of `f` with central finite differences. A non-scalar output is
 * reduced by a fixed random projection `sum(f(x) * R)`. Run it in float64: with eps = 1e-6 a
 * correct backward agrees to about 1e-9 relative.
 * @param f - builds the output from Vars over `inputs` (must be deterministic: reseed any randomness inside)
 * @param inputs - float64 tensors (copied; never modified)
 * @param options - see {@link GradCheckOptions}
 * @returns errors and both gradients
 * @throws {WcError} `E_DTYPE` for non-float64 inputs.
 * @example
 * gradCheck(([a, b]) => matmul(a!, b!), [A, B]).maxRelError < 1e-6;
 */
export function gradCheck(f: (inputs: Var[]) => Var, inputs: readonly Tensor[], options: GradCheckOptions = {}): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  const floor = options.floor ?? 1e-8;
  const xs = inputs.map((t) => {
    if (!(t.data instanceof Float64Array)) throw new WcError("E_DTYPE", "gradCheck: inputs must be float64 for meaningful finite differences");
    return copy(t) as FloatTensor;
  });
  const vars = xs.map((t) => new Var(t, { requiresGrad: true }));
  const y = f(vars);
  const u = new Rng(options.seed ?? 1);
  const r = new Float64Array(y.value.size);
  for (let i = 0; i < r.length; i++) r[i] = 2 * u.uniform() - 1;
  y.backward(wrap(r, y.shape));
  const analytic = vars.map((v) => v.grad ?? (wrap(new Float64Array(v.value.size), v.shape) as FloatTensor));
  const evalAt = (): number =>
    noGrad(() => {
      const out = f(xs.map((t) => new Var(t))).data;
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i]! * r[i]!;
      return s;
    });
  const numeric = xs.map((t) => {
    const g = new Float64Array(numel(t.shape));
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      d[i] = v + eps;
      const fp = evalAt();
      d[i] = v - eps;
      const fm = evalAt();
      d[i] = v;
      g[i] = (fp - fm) / (2 * eps);
    }
    return wrap(g, t.shape);
  });
  const relErrors = analytic.map((a, k) => {
    const n = numeric[k]!.data;
    let dn = 0;
    let an = 0;
    let nn = 0;
    for (let i = 0; i < n.length; i++) {
      dn += (a.data[i]! - n[i]!) ** 2;
      an += a.data[i]! ** 2;
      nn += n[i]! ** 2;
    }
    return Math.sqrt(dn) / Math.max(Math.sqrt(Math.max(an, nn)), floor);
  });
  return { relErrors, maxRelError: Math.max(0, ...relErrors), analytic, numeric };
}

/**
 * Finite-difference check of a module: the gradient of `sum(module.call(x) * R)` (R a fixed random
 * projection) with respect to the input and to every parameter, against central differences on
 * the parameter values in place (restored afterwards). Use float64 modules.
 * @param module - anything with `call` and `namedParameters` (a {@link Module})
 * @param x - float64 input
 * @param options - see {@link GradCheckOptions}
 * @returns relative error and gradient norms for the input (`"input"`) and per parameter name
 * @throws {WcError} `E_DTYPE` for a non-float64 input.
 * @example
 * gradCheckModule(new Linear(3, 2, { dtype: "float64" }), x).maxRelError < 1e-6;
 */
export function gradCheckModule(
  module: { call(x: Var): Var; namedParameters(): [string, Var][]; zeroGrad(): void },
  x: Tensor,
  options: GradCheckOptions = {},
): { relErrors: Map<string, number>; maxRelError: number; norms: Map<string, { analytic: number; numeric: number }> } {
  if (!(x.data instanceof Float64Array)) throw new WcError("E_DTYPE", "gradCheckModule: the input must be float64");
  const eps = options.eps ?? 1e-6;
  const floor = options.floor ?? 1e-8;
  const xv = new Var(copy(x), { requiresGrad: true });
  module.zeroGrad();
  const y = module.call(xv);
  const u = new Rng(options.seed ?? 1);
  const r = new Float64Array(y.value.size);
  for (let i = 0; i < r.length; i++) r[i] = 2 * u.uniform() - 1;
  y.backward(wrap(r, y.shape));
  const evalAt = (): number =>
    noGrad(() => {
      const out = module.call(new Var(xv.value)).data;
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i]! * r[i]!;
      return s;
    });
  const targets: [string, Var][] = [...((options.checkInput ?? true) ? [["input", xv] as [string, Var]] : []), ...module.namedParameters()];
  const relErrors = new Map<string, number>();
  const norms = new Map<string, { analytic: number; numeric: number }>();
  for (const [name, v] of targets) {
    const d = v.data;
    const a = v.grad?.data ?? new Float64Array(d.length);
    let dn = 0;
    let an = 0;
    let nn = 0;
    for (let i = 0; i < d.length; i++) {
      const old = d[i]!;
      d[i] = old + eps;
      const fp = evalAt();
      d[i] = old - eps;
      const fm = evalAt();
      d[i] = old;
      const g = (fp - fm) / (2 * eps);
      dn += (a[i]! - g) ** 2;
      an += a[i]! ** 2;
      nn += g * g;
    }
    relErrors.set(name, Math.sqrt(dn) / Math.max(Math.sqrt(Math.max(an, nn)), floor));
    norms.set(name, { analytic: Math.sqrt(an), numeric: Math.sqrt(nn) });
  }
  module.zeroGrad();
  return { relErrors, maxRelError: Math.max(0, ...relErrors.values()), norms };
}
