import { WcError } from "@wc/tensor";
import type { ChallengeRow, ScoredRow } from "./types";

const COLUMNS: [keyof ChallengeRow, string][] = [
  ["source", "source"],
  ["goodTranslation", "good-translation"],
  ["incorrectTranslation", "incorrect-translation"],
  ["reference", "reference"],
  ["phenomena", "phenomena"],
];
const OPTIONAL: [keyof ChallengeRow, string][] = [
  ["langpair", "langpair"],
  ["incorrectTranslationAnnotated", "incorrect-translation-annotated"],
  ["annotationMethod", "annotation-method"],
];

// pandas read_csv default NA strings
const NA = new Set([
  "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]);
const FLOAT = /^[+-]?(?:\d+(?:_\d+)*\.?\d*(?:_\d+)*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF = /^([+-]?)(inf|infinity)$/i;

/**
 * Parse one score cell as pandas would: its NA tokens (and empty cells) become NaN, `inf`/`-inf`
 * become ±Infinity, anything else must be a number.
 *
 * @param cell - the raw cell text
 * @returns the number
 * @throws WcError E_FORMAT for a non-numeric cell
 * @example
 * parseScoreCell("NA"); // NaN
 */
export function parseScoreCell(cell: string): number {
  const s = cell.trim();
  if (NA.has(s)) return NaN;
  const inf = INF.exec(s);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  if (!FLOAT.test(s)) throw new WcError("E_FORMAT", `ACES TSV: expected a number or an NA token in a score column, got ${JSON.stringify(cell)}`);
  return Number(s.replace(/_/g, ""));
}

interface Table {
  header: string[];
  rows: string[][];
}

function parseTable(text: string): Table {
  if (typeof text !== "string") throw new WcError("E_ARGUMENT", `ACES TSV: expected the file content as a string, got ${typeof text}`);
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  // pandas: \n or \r\n line ends, blank lines skipped, no quote processing (QUOTE_NONE)
  const lines = body.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new WcError("E_FORMAT", "ACES TSV: the file is empty; expected a header row with source, good-translation, incorrect-translation, reference, phenomena");
  const header = lines[0]!.split("\t");
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split("\t");
    if (cells.length > header.length) {
      throw new WcError("E_FORMAT", `ACES TSV line ${i + 1}: expected ${header.length} tab-separated fields, saw ${cells.length}; fields may not contain tabs`);
    }
    rows.push(cells);
  }
  return { header, rows };
}

function rowsOf(t: Table): { rows: ChallengeRow[]; index: Map<string, number> } {
  const index = new Map<string, number>();
  t.header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  for (const [, col] of COLUMNS) {
    if (!index.has(col)) {
      throw new WcError("E_FORMAT", `ACES TSV: missing required column ${JSON.stringify(col)}; the header has ${t.header.map((h) => JSON.stringify(h)).join(", ")}`);
    }
  }
  const idCol = index.get("ID") ?? index.get("id");
  const rows = t.rows.map((cells) => {
    const r: Record<string, unknown> = {};
    for (const [key, col] of COLUMNS) r[key] = cells[index.get(col)!] ?? "";
    for (const [key, col] of OPTIONAL) {
      const j = index.get(col);
      if (j !== undefined) r[key] = cells[j] ?? "";
    }
    if (idCol !== undefined && cells[idCol] !== undefined && cells[idCol] !== "") {
      const v = cells[idCol]!;
      r.id = /^-?\d+$/.test(v) ? Number(v) : v;
    }
    return r as unknown as ChallengeRow;
  });
  return { rows, index };
}

/**
 * Read an ACES challenge-set TSV (official `aces/utils.py` conventions: tab separated, header row,
 * no quote processing so `"` is an ordinary character, blank lines skipped). Required columns:
 * `source`, `good-translation`, `incorrect-translation`, `reference`, `phenomena`; optional
 * `langpair`, `incorrect-translation-annotated`, `annotation-method`, `ID`. Text cells are kept as
 * literal strings (pandas would turn an empty or `NA` text cell into NaN); a short row's missing
 * text cells become `""`.
 *
 * @param text - the file content
 * @returns one {@link ChallengeRow} per data line
 * @throws WcError E_FORMAT for an empty file, a missing required column or a line with too many fields
 * @example
 * readAcesTsv("source\tgood-translation\tincorrect-translation\treference\tphenomena\ns\tg\tb\tr\taddition\n")[0].phenomena; // "addition"
 */
export function readAcesTsv(text: string): ChallengeRow[] {
  return rowsOf(parseTable(text)).rows;
}

/**
 * Read a scored ACES TSV: the challenge-set columns plus `<metric>-good` / `<metric>-bad` pairs.
 * Metric names are the columns ending in `-good` with that suffix removed (the official script
 * removes every `-good` occurrence, which breaks names that contain it; only the suffix is removed
 * here). Score cells follow pandas: NA tokens and empty cells are NaN.
 *
 * @param text - the file content
 * @returns rows with their `scores`
 * @throws WcError E_FORMAT for missing columns, a `-good` column without its `-bad` partner, or non-numeric scores
 * @example
 * readScoredTsv("source\tgood-translation\tincorrect-translation\treference\tphenomena\tm-good\tm-bad\ns\tg\tb\tr\taddition\t1\t0\n")[0].scores.m; // { good: 1, bad: 0 }
 */
export function readScoredTsv(text: string): ScoredRow[] {
  const t = parseTable(text);
  const { rows, index } = rowsOf(t);
  const metrics = t.header.filter((h) => h.endsWith("-good")).map((h) => h.slice(0, -"-good".length));
  for (const m of metrics) {
    if (!index.has(`${m}-bad`)) throw new WcError("E_FORMAT", `ACES TSV: column ${JSON.stringify(`${m}-good`)} has no partner ${JSON.stringify(`${m}-bad`)}`);
  }
  return rows.map((r, i) => {
    const cells = t.rows[i]!;
    const scores: ScoredRow["scores"] = {};
    for (const m of metrics) {
      try {
        scores[m] = { good: parseScoreCell(cells[index.get(`${m}-good`)!] ?? ""), bad: parseScoreCell(cells[index.get(`${m}-bad`)!] ?? "") };
      } catch (e) {
        throw new WcError("E_FORMAT", `ACES TSV line ${i + 2}, metric ${JSON.stringify(m)}: ${(e as Error).message}`);
      }
    }
    return { ...r, scores };
  });
}

function cell(v: string, where: string): string {
  if (/[\t\n\r]/.test(v)) {
    throw new WcError("E_FORMAT", `writeScoredTsv: ${where} contains a tab or line break, which an unquoted ACES TSV cannot hold; replace it first`);
  }
  return v;
}

/**
 * Format a number as pandas `to_csv` does for floats: NaN as an empty cell, integers with `.0`,
 * otherwise the shortest round-trip representation.
 */
function num(x: number): string {
  if (Number.isNaN(x)) return "";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  return String(x);
}

/**
 * Write scored rows as an ACES TSV: the challenge-set columns (optional ones only when some row has
 * them) followed by `<metric>-good` and `<metric>-bad` for every metric, in first-seen order.
 *
 * @param rows - scored rows
 * @returns the TSV text with a trailing newline
 * @throws WcError E_FORMAT when a text cell holds a tab or line break
 * @example
 * writeScoredTsv([{ source: "s", goodTranslation: "g", incorrectTranslation: "b", reference: "r", phenomena: "addition", scores: { m: { good: 1, bad: 0 } } }]);
 */
export function writeScoredTsv(rows: readonly ScoredRow[]): string {
  const metrics: string[] = [];
  for (const r of rows) for (const m of Object.keys(r.scores ?? {})) if (!metrics.includes(m)) metrics.push(m);
  const hasId = rows.some((r) => r.id !== undefined);
  const optional = OPTIONAL.filter(([key]) => rows.some((r) => r[key] !== undefined));
  const header = [...(hasId ? ["ID"] : []), ...COLUMNS.map(([, c]) => c), ...optional.map(([, c]) => c), ...metrics.flatMap((m) => [`${m}-good`, `${m}-bad`])];
  const lines = [header.map((h) => cell(h, "a metric name")).join("\t")];
  rows.forEach((r, i) => {
    const cells: string[] = [];
    if (hasId) cells.push(cell(r.id === undefined ? "" : String(r.id), `row ${i} id`));
    for (const [key] of COLUMNS) cells.push(cell(String(r[key] ?? ""), `row ${i} ${key}`));
    for (const [key] of optional) cells.push(cell(String(r[key] ?? ""), `row ${i} ${key}`));
    for (const m of metrics) {
      const s = r.scores?.[m];
      cells.push(num(s ? s.good : NaN), num(s ? s.bad : NaN));
    }
    lines.push(cells.join("\t"));
  });
  return lines.join("\n") + "\n";
}
