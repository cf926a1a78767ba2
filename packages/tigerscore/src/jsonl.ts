import { WcError } from "@wc/tensor";

/** One line of a TIGERScore items file. */
export interface JsonlItem {
  instruction: string;
  hypothesis: string;
  inputContext?: string;
  /** The LLM's error analysis, when already generated (`output` or `raw` in the file). */
  output?: string;
  /** A human rating, for meta-evaluation. */
  human?: number;
  /** A group label (e.g. the source sample id) for grouped correlation. */
  group?: string | number;
  /** An id shown in reports. */
  id?: string | number;
}

/**
 * Reads a JSONL items file: one JSON object per non-empty line with `instruction`, `hypothesis`,
 * optional `inputContext` (or `input`), `output` (or `raw`), `human`, `group`, `id`.
 *
 * @param text - the file's text
 * @returns the items
 * @throws {WcError} E_FORMAT for a line that is not a JSON object or has fields of the wrong type; E_FORMAT when the file is empty
 * @example
 * readItemsJsonl('{"instruction":"Say hi.","hypothesis":"Hi."}\n'); // [{ instruction: "Say hi.", hypothesis: "Hi." }]
 */
export function readItemsJsonl(text: string): JsonlItem[] {
  const items: JsonlItem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1} is not JSON (${(e as Error).message})`);
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1} must be a JSON object`);
    const o = v as Record<string, unknown>;
    const str = (k: string, req: boolean): string | undefined => {
      const x = o[k];
      if (x === undefined || x === null) {
        if (req) throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1} lacks the string field "${k}"`);
        return undefined;
      }
      if (typeof x !== "string") throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1}: "${k}" must be a string`);
      return x;
    };
    const item: JsonlItem = { instruction: str("instruction", true)!, hypothesis: str("hypothesis", true)! };
    const ctx = str("inputContext", false) ?? str("input", false);
    if (ctx !== undefined) item.inputContext = ctx;
    const out = str("output", false) ?? str("raw", false);
    if (out !== undefined) item.output = out;
    if (o.human !== undefined) {
      if (typeof o.human !== "number" || !Number.isFinite(o.human)) throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1}: "human" must be a finite number`);
      item.human = o.human;
    }
    if (o.group !== undefined) {
      if (typeof o.group !== "string" && typeof o.group !== "number") throw new WcError("E_FORMAT", `readItemsJsonl: line ${i + 1}: "group" must be a string or number`);
      item.group = o.group;
    }
    if (typeof o.id === "string" || typeof o.id === "number") item.id = o.id;
    items.push(item);
  });
  if (items.length === 0) throw new WcError("E_FORMAT", "readItemsJsonl: no items; expected one JSON object per line");
  return items;
}
