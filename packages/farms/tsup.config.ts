import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

// analyze-worker is the worker-thread entry of analyzeModel({ threads > 1 }); shims give the CJS
// build an import.meta.url to locate it.
export default defineConfig({ ...tsupPreset, entry: ["src/index.ts", "src/cli.ts", "src/analyze-worker.ts"], shims: true });
