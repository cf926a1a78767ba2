import { isWcError } from "@wc/tensor";

/** A command-line usage error: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit code for an error: 2 for usage errors (bad options or arguments), 1 for runtime errors. */
export function exitCodeOf(e: unknown): 1 | 2 {
  if (e instanceof UsageError) return 2;
  if (isWcError(e, "E_ARGUMENT")) return 2;
  return 1;
}

/** One-line message for the terminal (a stack trace only with --debug). */
export function describeError(e: unknown, debug: boolean): string {
  if (debug && e instanceof Error && e.stack) return e.stack;
  return e instanceof Error ? e.message : String(e);
}
