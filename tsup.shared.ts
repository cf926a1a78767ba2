import type { Options } from "tsup";

/** The one tsup preset every package builds with: ESM + CJS, declarations, source maps. */
export const tsupPreset: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: "es2022",
};
