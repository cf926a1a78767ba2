import { WcError } from "@wc/tensor";
import { parseOfficial } from "./parse-official";
import { parseRobust } from "./parse-robust";
import type { CompatMode, TigerResult } from "./types";

/** Options of {@link parseOutput}. */
export interface ParseOptions {
  /** `'robust'` (default): line-based parser; `'official'`: the official regex parser with its integer-total quirk. */
  compat?: CompatMode;
}

/**
 * Parses a TIGERScore model output into errors and a score.
 *
 * @param raw - the model output
 * @param opts - `compat` (default `'robust'`)
 * @returns the parsed result; `ok` false with `score` null when the output could not be parsed
 * @throws {WcError} E_ARGUMENT when `raw` is not a string or `compat` is unknown
 * @example
 * parseOutput("The model-generated output contains 1 errors, with a total score reduction of 8.5.\nError location 1: x\nError aspect 1: Accuracy\nExplanation 1: y\nSeverity 1: Major\nScore reduction 1: 8.5").score; // -8.5
 */
export function parseOutput(raw: string, opts: ParseOptions = {}): TigerResult {
  if (typeof raw !== "string") throw new WcError("E_ARGUMENT", `parseOutput: expected the model output as a string, got ${typeof raw}`);
  const compat = opts.compat ?? "robust";
  if (compat === "robust") return parseRobust(raw);
  if (compat === "official") return parseOfficial(raw);
  throw new WcError("E_ARGUMENT", `parseOutput: compat must be 'robust' or 'official', got ${JSON.stringify(compat)}`);
}
