import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig([
  { ...tsupPreset, define: { __WC_CLI_VERSION__: JSON.stringify(version) } },
  {
    ...tsupPreset,
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    clean: false,
    define: { __WC_CLI_VERSION__: JSON.stringify(version) },
  },
]);
