#!/usr/bin/env node
// Declares a package's wcraft command: `node scripts/add-cli.mjs <name> "<one-line summary>"`.
// Adds the "./cli" export, the `wc` field the CLI discovers, the tsup entry and @wc/command.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [name, summary] = process.argv.slice(2);
if (!name || !summary) {
  console.error('usage: node scripts/add-cli.mjs <package-name> "<one-line summary>"');
  process.exit(2);
}
const dir = join("packages", name);
const pkgFile = join(dir, "package.json");
const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
pkg.exports = {
  ".": pkg.exports["."],
  "./cli": {
    import: { types: "./dist/cli.d.ts", default: "./dist/cli.js" },
    require: { types: "./dist/cli.d.cts", default: "./dist/cli.cjs" },
  },
  "./package.json": "./package.json",
};
pkg.wc = { cli: "./dist/cli.js", command: name, summary };
pkg.dependencies = { ...pkg.dependencies, "@wc/command": "workspace:*" };
pkg.dependencies = Object.fromEntries(Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(
  join(dir, "tsup.config.ts"),
  `import { defineConfig } from "tsup";\nimport { tsupPreset } from "../../tsup.shared";\n\nexport default defineConfig({ ...tsupPreset, entry: ["src/index.ts", "src/cli.ts"] });\n`,
);
console.log(`${pkgFile}: ./cli export, wc field and @wc/command added; write src/cli.ts exporting \`command\`, then pnpm install`);
