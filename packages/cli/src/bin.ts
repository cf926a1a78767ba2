#!/usr/bin/env node
import { main } from "./main";

process.on("SIGINT", () => {
  process.stderr.write("\nwcraft: interrupted; no partial output was written\n");
  process.exit(130);
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wcraft: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
