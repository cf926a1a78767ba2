import { WcError, type FloatDType } from "@wc/tensor";

/** Options of {@link projectToMonarch}. */
export interface ProjectOptions {
  /**
   * Storage dtype of the returned factors; default `"float64"` (spec §2). The SVDs always run in
   * float64 (spec §3.3), whatever this says.
   */
  dtype?: FloatDType;
}

/** {@link ProjectOptions} with every default filled in. */
export interface ResolvedProjectOptions {
  readonly dtype: FloatDType;
}

/** Defaults of {@link ProjectOptions} (source: spec §2). */
export const PROJECT_DEFAULTS: ResolvedProjectOptions = Object.freeze({ dtype: "float64" });

/**
 * How the bias of a new `MonarchLinear` is drawn: `"fly"` = uniform(±1/sqrt(out_features)) as the
 * official `StructuredLinear.reset_parameters_bias` does (it reads `fan_in` from the bias length, a
 * quirk); `"linear"` = uniform(±1/sqrt(in_features)) as PyTorch's `nn.Linear`.
 */
export type BiasInit = "fly" | "linear";

/**
 * Validates projection options.
 * @param options - user options (not modified)
 * @returns a new frozen object with every default filled in
 * @throws {WcError} `E_ARGUMENT` when `options` is not an object; `E_DTYPE` for an unknown dtype.
 * @example
 * resolveProjectOptions({}); // { dtype: "float64" }
 */
export function resolveProjectOptions(options: ProjectOptions = {}): ResolvedProjectOptions {
  if (options === null || typeof options !== "object") throw new WcError("E_ARGUMENT", `projectToMonarch: options must be an object, got ${String(options)}`);
  const dtype = options.dtype ?? PROJECT_DEFAULTS.dtype;
  if (dtype !== "float32" && dtype !== "float64") {
    throw new WcError("E_DTYPE", `projectToMonarch: dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  return Object.freeze({ dtype });
}

/** Checks an optional positive-integer option. @internal */
export function checkPositiveInt(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 1) throw new WcError("E_RANGE", `${what}: expected a positive integer, got ${String(x)}`);
  return x;
}
