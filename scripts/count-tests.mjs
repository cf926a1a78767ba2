// Sums vitest JSON reports (packages/*/.vitest/results.json) into "passed failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

let passed = 0;
let failed = 0;
for (const top of ["packages", "examples"]) {
  if (!existsSync(top)) continue;
  for (const name of readdirSync(top)) {
    const pkgJson = join(top, name, "package.json");
    if (!existsSync(pkgJson)) continue;
    const report = join(top, name, ".vitest", "results.json");
    const hasTests = existsSync(join(top, name, "test"));
    if (!existsSync(report)) {
      if (hasTests) {
        console.error(`count-tests: ${top}/${name} has tests but no report (its build or test run failed)`);
        failed += 1;
      }
      continue;
    }
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    if (r.success === false && (r.numFailedTests ?? 0) === 0) failed += 1;
  }
}
console.log(`${passed} ${failed}`);
