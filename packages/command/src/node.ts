import { readFile } from "node:fs/promises";
import { WcError } from "@wc/tensor";

/**
 * Reads a UTF-8 text file for a command (a leading byte-order mark is dropped). Node only.
 *
 * @param path - the file
 * @param what - what the file is, for the message (e.g. `"qrels"`); default `"input"`
 * @returns the text
 * @throws {WcError} `E_IO` naming the file and the reason when it cannot be read.
 * @example
 * const text = await readTextFile("episodes.jsonl", "episodes");
 */
export async function readTextFile(path: string, what = "input"): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new WcError("E_IO", `cannot read the ${what} file ${path} (${reason}); check the path`, { path });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
