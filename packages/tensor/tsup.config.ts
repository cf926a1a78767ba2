import { copyFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

// The GEMM worker thread is a plain CommonJS file loaded with new URL("./gemm-worker.cjs",
// import.meta.url): copy it next to the bundles, and let shims give the CJS bundle import.meta.url.
export default defineConfig({
  ...tsupPreset,
  shims: true,
  onSuccess: async () => {
    copyFileSync("src/gemm/gemm-worker.cjs", "dist/gemm-worker.cjs");
  },
});
