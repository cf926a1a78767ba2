#!/usr/bin/env node
// Creates packages/<name> with the anatomy of DESIGN.md section 3: `pnpm new <name> [--private]`.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--"));
const deps = args.includes("--no-tensor") ? {} : { "@wc/tensor": "workspace:*" };

if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error(`usage: pnpm new <name>   (kebab-case, e.g. "monarch"); got ${JSON.stringify(name)}`);
  process.exit(2);
}
const dir = join(root, "packages", name);
if (existsSync(dir)) {
  console.error(`packages/${name} already exists; pick another name or edit it directly`);
  process.exit(2);
}

const pkg = {
  name: `@wc/${name}`,
  version: "0.0.0",
  description: `TODO: one line on what @wc/${name} does`,
  license: "MIT",
  type: "module",
  sideEffects: false,
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.ts",
  exports: {
    ".": {
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    },
    "./package.json": "./package.json",
  },
  files: ["dist"],
  scripts: {
    build: "tsup",
    test: "vitest run",
    typecheck: "tsc -p tsconfig.json --noEmit",
    clean: "rm -rf dist .turbo .vitest",
    "lint:package": "bash ../../scripts/check-package.sh",
  },
  dependencies: deps,
};
pkg.scripts.bench = "node ../../scripts/run-bench.mjs";

const files = {
  "package.json": JSON.stringify(pkg, null, 2) + "\n",
  "tsconfig.json": JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test", "bench"] }, null, 2) + "\n",
  "tsup.config.ts": `import { defineConfig } from "tsup";\nimport { tsupPreset } from "../../tsup.shared";\n\nexport default defineConfig(tsupPreset);\n`,
  "vitest.config.ts": `import { sharedConfig } from "../../vitest.shared";\n\nexport default sharedConfig;\n`,
  "src/index.ts": `export { placeholder } from "./placeholder";\n`,
  "src/placeholder.ts": `/**\n * Replace me with the package's first real function.\n *\n * @returns the string "@wc/${name}"\n * @example\n * placeholder(); // "@wc/${name}"\n */\nexport function placeholder(): string {\n  return "@wc/${name}";\n}\n`,
  "test/placeholder.test.ts": `import { describe, expect, it } from "vitest";\nimport { placeholder } from "../src/index";\n\ndescribe("placeholder", () => {\n  it("names the package", () => {\n    expect(placeholder()).toBe("@wc/${name}");\n  });\n});\n`,
  "README.md": `# @wc/${name}

What it does, in one paragraph.

## Install

\`\`\`sh
npm i @wc/${name}
\`\`\`

## Example

\`\`\`ts
import { placeholder } from "@wc/${name}";
console.log(placeholder());
\`\`\`

## API

| export | what it does |
| --- | --- |
| \`placeholder\` | replace me |

## Fidelity

What matches the paper and its official code, what deviates and why.

## Reproduction

The reproduction example, the machine it ran on, and its numbers.

## Reference

The paper (authors, venue, year) and the official repository.
`,
};

for (const [rel, text] of Object.entries(files)) {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}
console.log(`created packages/${name}; run \`pnpm install\` to link it into the workspace`);
