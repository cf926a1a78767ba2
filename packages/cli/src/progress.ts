import cliProgress from "cli-progress";
import type { Progress } from "@wc/command";

/**
 * Progress bars with ETA on stderr, via cli-progress. Silent (a no-op) when stderr is not a TTY
 * or `quiet` is set, so logs and `--json` output stay clean.
 */
export function createProgress(quiet: boolean): Progress {
  const enabled = !quiet && process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label: string, total: number) {
      if (!enabled) return () => {};
      bar?.stop();
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${label} [{bar}] {value}/{total} | ETA {eta_formatted}`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return (increment = 1) => bar?.increment(increment);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
