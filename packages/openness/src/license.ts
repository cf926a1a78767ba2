import { WcError } from "@wc/tensor";
import spdxParse from "spdx-expression-parse";
import spdxList from "spdx-license-list";

/** The classification of one licence expression. */
export interface LicenseInfo {
  /** SPDX identifiers found in the expression (empty when it is not a valid SPDX expression). */
  spdx: string[];
  /** OSI-approved software licence terms (OR: any branch, AND: every branch). */
  osiApproved: boolean;
  /** Open data/content licence terms (OR: any branch, AND: every branch). */
  openData: boolean;
  /** OSI-approved or open-data, branch by branch (so `MIT AND CC-BY-4.0` is open). */
  open: boolean;
  /** Custom or use-restricted terms found (model licences, RAIL, NC/ND, research-only). */
  restrictive: string[];
}

/**
 * Open data/content licences (SPDX ids): Creative Commons BY / BY-SA / CC0, Open Data Commons and
 * Linux Foundation CDLA licences. OSI approval of software licences comes from the SPDX licence
 * list (`spdx-license-list`), not from a list kept here.
 */
export const OPEN_DATA_LICENSES: ReadonlySet<string> = new Set([
  "CC0-1.0",
  "CC-BY-1.0",
  "CC-BY-2.0",
  "CC-BY-2.5",
  "CC-BY-3.0",
  "CC-BY-4.0",
  "CC-BY-SA-1.0",
  "CC-BY-SA-2.0",
  "CC-BY-SA-2.5",
  "CC-BY-SA-3.0",
  "CC-BY-SA-4.0",
  "CC-PDDC",
  "ODC-By-1.0",
  "ODbL-1.0",
  "PDDL-1.0",
  "CDLA-Permissive-1.0",
  "CDLA-Permissive-2.0",
  "CDLA-Sharing-1.0",
  "OGL-UK-3.0",
]);

/** Words that mark a custom model licence or use restrictions (matched case-insensitively on free text and ids). */
const RESTRICTIVE_PATTERN =
  /llama|gemma|rail\b|openrail|deepseek|qwen|tongyi|falcon-llm|bigscience|non-?commercial|-nc-|-nc$|-nd-|-nd$|research[- ]only|acceptable[- ]use|community[- ]licen[cs]e|model[- ]licen[cs]e/i;

interface Tri {
  osi: boolean;
  data: boolean;
  open: boolean;
}

type Node = spdxParse.Info;

function leaf(id: string, ids: string[], restrictive: string[]): Tri {
  ids.push(id);
  if (RESTRICTIVE_PATTERN.test(id)) {
    restrictive.push(id);
    return { osi: false, data: false, open: false };
  }
  const entry = (spdxList as Readonly<Record<string, { osiApproved: boolean } | undefined>>)[id];
  const osi = entry?.osiApproved === true;
  const data = OPEN_DATA_LICENSES.has(id);
  return { osi, data, open: osi || data };
}

function walk(node: Node, ids: string[], restrictive: string[]): Tri {
  if ("license" in node) return leaf(node.license, ids, restrictive);
  const l = walk(node.left, ids, restrictive);
  const r = walk(node.right, ids, restrictive);
  if (node.conjunction === "or") return { osi: l.osi || r.osi, data: l.data || r.data, open: l.open || r.open };
  return { osi: l.osi && r.osi, data: l.data && r.data, open: l.open && r.open };
}

/**
 * Classifies a licence given as an SPDX expression (`AND`, `OR`, `WITH`, parentheses) or as free text.
 * `OR` is open if any branch is, `AND` only if every branch is; a `WITH` exception keeps the base
 * licence's status. Custom model licences (Llama, Gemma, RAIL/OpenRAIL, DeepSeek, Qwen, anything
 * non-commercial/no-derivatives or research-only) are listed in `restrictive` and are never open.
 * Free text that is not a valid SPDX expression is not open (it may still be listed as restrictive).
 *
 * @param expr - the licence expression or name, e.g. `"Apache-2.0 OR MIT"`, `"llama3.1"`
 * @returns the SPDX ids found, OSI / open-data / open status and the restrictive terms
 * @throws {WcError} E_ARGUMENT when `expr` is not a string
 * @example
 * parseLicense("Apache-2.0 OR MIT").osiApproved; // true
 * parseLicense("CC-BY-4.0"); // { spdx: ["CC-BY-4.0"], osiApproved: false, openData: true, open: true, restrictive: [] }
 */
export function parseLicense(expr: string): LicenseInfo {
  if (typeof expr !== "string") {
    throw new WcError("E_ARGUMENT", `parseLicense: expected a licence string, got ${typeof expr}; pass an SPDX expression or licence name`);
  }
  const text = expr.trim();
  const spdx: string[] = [];
  const restrictive: string[] = [];
  if (text === "") return { spdx, osiApproved: false, openData: false, open: false, restrictive };
  let tree: Node | undefined;
  try {
    tree = spdxParse(text);
  } catch {
    tree = undefined;
  }
  if (tree === undefined) {
    if (RESTRICTIVE_PATTERN.test(text)) restrictive.push(text);
    return { spdx, osiApproved: false, openData: false, open: false, restrictive };
  }
  const t = walk(tree, spdx, restrictive);
  return { spdx, osiApproved: t.osi, openData: t.data, open: t.open, restrictive };
}
