import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * Shared vitest preset. Workspace packages are resolved to their TypeScript sources so a
 * package's tests always run against the current code of the packages it depends on, and a JSON
 * report lands in `.vitest/results.json` for the check script's pass/fail summary.
 */
export const sharedConfig = defineConfig({
  resolve: {
    alias: [{ find: /^@wc\/([a-z0-9-]+)$/, replacement: `${root}packages/$1/src/index.ts` }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
    testTimeout: 60_000,
    pool: "forks",
  },
});
