import { parseGguf, type GgufFile } from "../gguf";
import { readFileBytes } from "./file-source";

/**
 * Loads a GGUF file (see `parseGguf`).
 * @throws {WcError} `E_IO` when unreadable; `E_FORMAT`/`E_UNSUPPORTED` as `parseGguf`.
 * @example
 * const g = await loadGguf("model.gguf");
 */
export async function loadGguf(path: string): Promise<GgufFile> {
  return parseGguf(await readFileBytes(path));
}
