// `pnpm bench` in a package: runs its bench/index.ts with tsx when it has one.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

if (!existsSync("bench/index.ts")) {
  console.log("no benchmarks in this package");
  process.exit(0);
}
const r = spawnSync("tsx", ["bench/index.ts", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
