// Bundles a consumer that imports one function of @wc/tensor and asserts that code of an unused
// export (matmul's error message) is absent: the package must stay tree-shakeable.
import { build } from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "wc-treeshake-"));
const entry = join(dir, "app.mjs");
writeFileSync(entry, `import { zeros } from "@wc/tensor";\nconsole.log(zeros([2, 2]).size);\n`);
const marker = "inner extents differ";
try {
  const res = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    nodePaths: [join(process.cwd(), "packages/tensor/node_modules")],
    alias: { "@wc/tensor": join(process.cwd(), "packages/tensor/dist/index.js") },
    logLevel: "error",
  });
  const text = res.outputFiles[0].text;
  const kb = (text.length / 1024).toFixed(1);
  if (text.includes(marker)) {
    console.error(`tree-shaking FAILED: the bundle (${kb} KB) contains unused matmul code ("${marker}")`);
    process.exit(1);
  }
  if (!text.includes("zeros")) {
    console.error("tree-shaking check is broken: the used export is missing from the bundle");
    process.exit(1);
  }
  console.log(`tree-shaking ok: bundle of zeros() is ${kb} KB and holds no matmul code`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
