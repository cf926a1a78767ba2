import { WcError } from "@wc/tensor";
import type { ModelRecord } from "./types";
import { toModelRecord } from "./validate";
import { fromMotYaml, fromOpeningUpYaml } from "./yaml-readers";

/**
 * Reads release evidence from file text: JSON (one record, an array of records, or `{ models: [...] }`)
 * or YAML in either public format (opening-up-chatgpt when it has `project:`, MOT when it has `release:`).
 *
 * @param text - the file's contents
 * @param fileName - the file's name; its extension (.json, .yaml, .yml) picks the parser
 * @returns the records in file order
 * @throws {WcError} E_FORMAT for unparsable text, an unknown YAML layout, or an invalid record; E_UNSUPPORTED for another extension
 * @example
 * readEvidence('{"name":"x","features":{}}', "x.json"); // [{ name: "x", features: {} }]
 */
export function readEvidence(text: string, fileName: string): ModelRecord[] {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".json")) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new WcError("E_FORMAT", `readEvidence: ${fileName} is not valid JSON (${(e as Error).message})`);
    }
    const list = Array.isArray(v) ? v : typeof v === "object" && v !== null && Array.isArray((v as { models?: unknown }).models) ? (v as { models: unknown[] }).models : [v];
    if (list.length === 0) throw new WcError("E_FORMAT", `readEvidence: ${fileName} holds no records; expected at least one {name, features}`);
    return list.map((r, i) => toModelRecord(r, `${fileName}[${i}]`));
  }
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
    if (/^release\s*:/m.test(text)) return [fromMotYaml(text)];
    if (/^project\s*:/m.test(text)) return [fromOpeningUpYaml(text)];
    throw new WcError("E_FORMAT", `readEvidence: ${fileName} is neither an opening-up-chatgpt project file (project:) nor a MOT model file (release:)`);
  }
  throw new WcError("E_UNSUPPORTED", `readEvidence: ${fileName} has an unsupported extension; use .json, .yaml or .yml`);
}
