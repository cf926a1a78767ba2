import type { Progress, RunContext } from "@wc/command";
import { createProgress } from "./progress";

/** Shared flags every wcraft command accepts. */
export interface SharedFlags {
  json: boolean;
  quiet: boolean;
  debug: boolean;
  seed: number;
  threads: number;
  out?: string;
  report?: string;
}

/** Builds the context a command runs with; logs go to stderr, never stdout. */
export function makeContext(
  flags: SharedFlags,
  args: string[],
  options: RunContext["options"],
  progress: Progress = createProgress(flags.quiet),
): RunContext {
  return {
    args,
    options,
    out: flags.out,
    seed: flags.seed,
    threads: flags.threads,
    log: (m: string) => {
      if (!flags.quiet) process.stderr.write(`${m}\n`);
    },
    progress,
  };
}
