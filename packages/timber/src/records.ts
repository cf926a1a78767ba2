import { WcError } from "@wc/tensor";

/** One parsed record: column name to a number (when the cell parses as one) or a string. */
export type RecordRow = Record<string, number | string>;

function splitLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function cell(s: string): number | string {
  if (s === "") return s;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/**
 * Parses specimen records from CSV, TSV (header row, `"` quoting) or JSON (an array of objects,
 * or `{ specimens: [...] }`; a nested `features` object is flattened into the row).
 *
 * @param text - file contents.
 * @param format - "csv", "tsv" or "json".
 * @returns the rows.
 * @throws {WcError} `E_FORMAT` for malformed JSON, ragged rows, a missing header or no rows.
 * @example
 * parseRecords("id,modulus\na,12000\n", "csv"); // [{ id: "a", modulus: 12000 }]
 */
export function parseRecords(text: string, format: "csv" | "tsv" | "json"): RecordRow[] {
  if (format === "json") {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new WcError("E_FORMAT", `timber: the JSON does not parse (${(e as Error).message})`);
    }
    const arr = Array.isArray(v) ? v : (v as { specimens?: unknown })?.specimens;
    if (!Array.isArray(arr) || arr.length === 0) throw new WcError("E_FORMAT", "timber: expected a non-empty JSON array of specimen objects (or { specimens: [...] })");
    return arr.map((o, i) => {
      if (o === null || typeof o !== "object" || Array.isArray(o)) throw new WcError("E_FORMAT", `timber: record ${i} is not an object`);
      const { features, ...rest } = o as Record<string, unknown>;
      const flat = { ...rest, ...(features && typeof features === "object" ? (features as Record<string, unknown>) : {}) };
      const row: RecordRow = {};
      for (const [k, x] of Object.entries(flat)) if (typeof x === "number" || typeof x === "string") row[k] = typeof x === "string" ? cell(x) : x;
      return row;
    });
  }
  const delim = format === "tsv" ? "\t" : ",";
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  if (lines.length < 2) throw new WcError("E_FORMAT", `timber: expected a header row and at least one data row, found ${lines.length} line(s)`);
  const header = splitLine(lines[0]!, delim);
  return lines.slice(1).map((l, i) => {
    const cells = splitLine(l, delim);
    if (cells.length !== header.length) {
      throw new WcError("E_FORMAT", `timber: row ${i + 2} has ${cells.length} fields, the header has ${header.length}`);
    }
    const row: RecordRow = {};
    header.forEach((h, j) => (row[h] = cell(cells[j]!)));
    return row;
  });
}

/**
 * Builds a numeric design matrix from named columns: numeric columns as they are, text columns
 * one-hot with the first level (in order of appearance) as reference.
 *
 * @param rows - parsed records.
 * @param columns - column names to use.
 * @returns the matrix and the names of its columns (`grain=radial` for an indicator).
 * @throws {WcError} `E_FORMAT` for a missing column or an empty cell.
 * @example
 * encodeColumns([{ a: 1, g: "x" }, { a: 2, g: "y" }], ["a", "g"]); // { X: [[1, 0], [2, 1]], names: ["a", "g=y"] }
 */
export function encodeColumns(rows: readonly RecordRow[], columns: readonly string[]): { X: number[][]; names: string[] } {
  const names: string[] = [];
  const encoders: ((r: RecordRow) => number[])[] = [];
  for (const c of columns) {
    rows.forEach((r, i) => {
      if (!(c in r) || r[c] === "") throw new WcError("E_FORMAT", `timber: row ${i + 1} has no value for column "${c}"`);
    });
    if (rows.every((r) => typeof r[c] === "number")) {
      names.push(c);
      encoders.push((r) => [r[c] as number]);
    } else {
      const levels = [...new Set(rows.map((r) => String(r[c])))];
      for (const l of levels.slice(1)) names.push(`${c}=${l}`);
      encoders.push((r) => levels.slice(1).map((l) => (String(r[c]) === l ? 1 : 0)));
    }
  }
  return { X: rows.map((r) => encoders.flatMap((e) => e(r))), names };
}
