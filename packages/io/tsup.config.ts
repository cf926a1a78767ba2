import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

// Two entries: the universal API, and `@wc/io/node` (file paths, handles, atomic writes) so that
// browser bundles never pull `node:fs`.
export default defineConfig({ ...tsupPreset, entry: { index: "src/index.ts", node: "src/node/index.ts" } });
