import { defineConfig } from "tsup";
import { tsupPreset } from "../../tsup.shared";

// shims: the CJS build gets an import.meta.url shim so loadDataset finds the bundled data/ folder.
export default defineConfig({ ...tsupPreset, shims: true });
