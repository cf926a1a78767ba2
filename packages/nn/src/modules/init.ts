import { WcError, type FloatDType, type FloatTensor } from "@wc/tensor";
import { allocFloat, wrap, numel } from "../internal/alloc";
import { normalFrom, resolveUniform, type Uniform } from "../internal/random";

/** Options shared by layers that create parameters. */
export interface InitOptions {
  /** Parameter dtype; default `"float32"` (the storage type of weights). */
  dtype?: FloatDType;
  /** Uniform source for the initial values; default a generator seeded with `seed`. */
  rng?: Uniform;
  /** Seed used when `rng` is absent; default 0. Composite modules share one rng among their layers. */
  seed?: number;
}

/** The resolved init settings. @internal */
export function resolveInit(o: InitOptions): { dtype: FloatDType; rng: Uniform } {
  const dtype = o.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new WcError("E_DTYPE", `init: dtype must be float32 or float64, got ${String(dtype)}`);
  return { dtype, rng: resolveUniform(o.rng, o.seed) };
}

/** U(-bound, bound) values. @internal */
export function uniformTensor(shape: number[], bound: number, dtype: FloatDType, rng: Uniform): FloatTensor {
  const d = allocFloat(dtype, numel(shape));
  for (let i = 0; i < d.length; i++) d[i] = (2 * rng() - 1) * bound;
  return wrap(d, shape);
}

/** N(0, std^2) values. @internal */
export function normalTensor(shape: number[], std: number, dtype: FloatDType, rng: Uniform): FloatTensor {
  const d = allocFloat(dtype, numel(shape));
  for (let i = 0; i < d.length; i++) d[i] = std * normalFrom(rng);
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
