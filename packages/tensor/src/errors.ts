/**
 * The stable error codes of @wc. A code never changes meaning once published; add new ones.
 *
 * - `E_SHAPE`: shapes do not match or a dimension is out of range.
 * - `E_DTYPE`: unsupported or mismatched element type.
 * - `E_FORMAT`: a file or string does not follow its format.
 * - `E_RANGE`: a value is outside its domain (NaN/Inf, negative size, probability > 1, ...).
 * - `E_NOT_CONVERGED`: an iteration hit its documented limit.
 * - `E_IO`: reading or writing a file failed.
 * - `E_ARGUMENT`: an option or argument is invalid in another way (unknown name, wrong type).
 * - `E_UNSUPPORTED`: valid input that this implementation does not handle (yet).
 * - `E_STATE`: an object is used in a state that does not allow the call.
 */
export type WcErrorCode =
  | "E_SHAPE"
  | "E_DTYPE"
  | "E_FORMAT"
  | "E_RANGE"
  | "E_NOT_CONVERGED"
  | "E_IO"
  | "E_ARGUMENT"
  | "E_UNSUPPORTED"
  | "E_STATE";

/**
 * The one error class of @wc. Messages say what was expected, what was found, and how to fix it.
 *
 * @example
 * throw new WcError("E_SHAPE", "matmul: expected A.shape[1] === B.shape[0], got 3 and 4; transpose B or fix the shapes");
 */
export class WcError extends Error {
  /** Stable machine-readable code. */
  readonly code: WcErrorCode;
  /** Optional structured details (shapes, names, values) for programs that handle the error. */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(code: WcErrorCode, message: string, details?: Record<string, unknown>) {
    super(`[${code}] ${message}`);
    this.name = "WcError";
    this.code = code;
    if (details !== undefined) this.details = Object.freeze({ ...details });
  }
}

/** True when `e` is a {@link WcError}, optionally with the given code. */
export function isWcError(e: unknown, code?: WcErrorCode): e is WcError {
  return e instanceof WcError && (code === undefined || e.code === code);
}
