import { WcError, type FloatDType, type FloatTensor, type Rng } from "@wc/tensor";
import { allocFloat, wrap, numel } from "../internal/alloc";
import { resolveRng } from "../internal/random";

/** Options shared by layers that create parameters. */
export interface InitOptions {
  /** Parameter dtype; default `"float32"` (the storage type of weights). */
  dtype?: FloatDType;
  /** Generator (@wc/tensor `Rng`) for the initial values; default `new Rng(seed)`. */
  rng?: Rng;
  /** Seed used when `rng` is absent; default 0. Composite modules share one rng among their layers. */
  seed?: number;
}

/** The resolved init settings. @internal */
export function resolveInit(o: InitOptions): { dtype: FloatDType; rng: Rng } {
  const dtype = o.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new WcError("E_DTYPE", `init: dtype must be float32 or float64, got ${String(dtype)}`);
  return { dtype, rng: resolveRng(o.rng, o.seed) };
}

/** U(-bound, bound) values. @internal */
export function uniformTensor(shape: number[], bound: number, dtype: FloatDType, rng: Rng): FloatTensor {
  const d = allocFloat(dtype, numel(shape));
  for (let i = 0; i < d.length; i++) d[i] = (2 * rng.uniform() - 1) * bound;
  return wrap(d, shape);
}

/** N(0, std^2) values. @internal */
export function normalTensor(shape: number[], std: number, dtype: FloatDType, rng: Rng): FloatTensor {
  const d = allocFloat(dtype, numel(shape));
  for (let i = 0; i < d.length; i++) d[i] = std * rng.standardNormal();
  return wrap(d, shape);
}

/** A constant-filled tensor. @internal */
export function filledTensor(shape: number[], value: number, dtype: FloatDType): FloatTensor {
  const d = allocFloat(dtype, numel(shape));
  d.fill(value);
  return wrap(d, shape);
}

/** Asserts a positive integer size. @internal */
export function checkSize(x: number, what: string): void {
  if (!Number.isInteger(x) || x < 1) throw new WcError("E_RANGE", `${what}: expected a positive integer, got ${x}`);
}
