export { fileSource, readFileBytes } from "./file-source";
export { writeFileAtomic } from "./atomic-write";
export type { WriteData } from "./atomic-write";
export { loadSafetensors, openSafetensorsFile, saveSafetensors, saveShardedSafetensors } from "./safetensors-file";
export { loadNpy, loadNpz, saveNpy, saveNpz } from "./numpy-file";
export { loadOnnx, saveOnnx } from "./onnx-file";
export { loadGguf } from "./gguf-file";
