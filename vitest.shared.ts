import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Resolves `@wc/<pkg>` to `packages/<pkg>/src/index.ts` and `@wc/<pkg>/<sub>` to `src/<sub>/index.ts` or `src/<sub>.ts`. */
function workspaceSources(): Plugin {
  return {
    name: "wc-workspace-sources",
    enforce: "pre",
    resolveId(id) {
      const m = /^@wc\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/.exec(id);
      if (!m) return null;
      const base = `${root}packages/${m[1]}/src`;
      const candidates = m[2] ? [`${base}/${m[2]}/index.ts`, `${base}/${m[2]}.ts`] : [`${base}/index.ts`];
      return candidates.find((c) => existsSync(c)) ?? null;
    },
  };
}

/**
 * Shared vitest preset. Workspace packages are resolved to their TypeScript sources so a
 * package's tests always run against the current code of the packages it depends on, and a JSON
 * report lands in `.vitest/results.json` for the check script's pass/fail summary.
 */
export const sharedConfig = defineConfig({
  plugins: [workspaceSources()],
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
    testTimeout: 60_000,
    pool: "forks",
  },
});
