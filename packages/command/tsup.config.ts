import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

export default defineConfig({ ...tsupPreset, entry: ["src/index.ts", "src/node.ts"] });
