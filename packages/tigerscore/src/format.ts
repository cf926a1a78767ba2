import { WcError } from "@wc/tensor";
import type { TigerError } from "./types";

/** Formats a number as Python's `str(float)` does for these values (`8.0`, `0.5`, `12.25`). */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** The header sentence of the output grammar. */
export function formatHeader(numErrors: number, total: number): string {
  return `The model-generated output contains ${numErrors} errors, with a total score reduction of ${pyFloat(Math.abs(total))}.`;
}

/**
 * Formats errors in the TIGERScore output grammar (the fine-tuning target of
 * `format_distill_data.py`): a header with the count and |Σ reductions|, then five lines per error
 * (`Error location i:`, `Error aspect i:`, `Explanation i:`, `Severity i:`, `Score reduction i:`).
 * The inverse of `parseOutput`.
 *
 * @param errors - the errors, in order
 * @returns the text, without a trailing newline
 * @throws {WcError} E_RANGE for a non-finite reduction; E_ARGUMENT for a non-string field
 * @example
 * formatOutput([]); // "The model-generated output contains 0 errors, with a total score reduction of 0.0."
 */
export function formatOutput(errors: readonly TigerError[]): string {
  let total = 0;
  const lines: string[] = [];
  errors.forEach((e, k) => {
    if (!Number.isFinite(e.reduction)) throw new WcError("E_RANGE", `formatOutput: errors[${k}].reduction must be finite, got ${e.reduction}`);
    for (const f of ["location", "aspect", "explanation", "severity"] as const) {
      if (typeof e[f] !== "string") throw new WcError("E_ARGUMENT", `formatOutput: errors[${k}].${f} must be a string`);
    }
    total += e.reduction;
    const i = k + 1;
    lines.push(
      `Error location ${i}: ${e.location}`,
      `Error aspect ${i}: ${e.aspect}`,
      `Explanation ${i}: ${e.explanation}`,
      `Severity ${i}: ${e.severity}`,
      `Score reduction ${i}: ${pyFloat(e.reduction)}`,
    );
  });
  return [formatHeader(errors.length, total), ...lines].join("\n");
}
