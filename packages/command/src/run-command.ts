import type { CommandDescriptor, RunContext, RunResult } from "./descriptor";
import { parseOptions } from "./parse-options";

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Seed handed to the command; default 0. */
  seed?: number;
  /** Thread count handed to the command; default 1. */
  threads?: number;
  /** `--out` equivalent. */
  out?: string;
  /** Receives log lines; default: discard them. */
  log?: (message: string) => void;
}

/**
 * Runs a command descriptor from code, as `wcraft` would: raw option values (strings or typed,
 * keyed by kebab- or camelCase name) are validated with {@link parseOptions}, and the command
 * gets a quiet context (no progress bars).
 *
 * @throws {WcError} `E_ARGUMENT` for bad options; whatever the command throws.
 * @example
 * const { json } = await runCommand(command, ["episodes.jsonl"], { by: "numSubtasks" });
 */
export async function runCommand(
  descriptor: CommandDescriptor,
  args: readonly string[],
  rawOptions: Readonly<Record<string, unknown>> = {},
  options: RunCommandOptions = {},
): Promise<RunResult> {
  const ctx: RunContext = {
    args: [...args],
    options: parseOptions(descriptor.options, rawOptions),
    out: options.out,
    seed: options.seed ?? 0,
    threads: options.threads ?? 1,
    log: options.log ?? (() => {}),
    progress: { start: () => () => {}, stop: () => {} },
  };
  return descriptor.run(ctx);
}
