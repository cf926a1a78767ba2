import { PY_WS_CLASS } from "./text";

/** Options of the Tercom tokenizer (sacreBLEU `TercomTokenizer`). */
export interface TercomOptions {
  /** Apply Tercom's general + Western normalisation. Default `false`. */
  normalized?: boolean;
  /** Remove `.,?:;!"()`. Default `false`. */
  noPunct?: boolean;
  /** CJK splitting / punctuation removal (only with `normalized` or `noPunct`). Default `false`. */
  asianSupport?: boolean;
  /** Do not lowercase. Default `false`. */
  caseSensitive?: boolean;
}

const ASIAN_PUNCT = /([\u3001\u3002\u3008-\u3011\u3014-\u301f\uff61-\uff65\u30fb])/gu;
const FULL_WIDTH_PUNCT = /([\uff0e\uff0c\uff1f\uff1a\uff1b\uff01\uff02\uff08\uff09])/gu;
const WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, "gu");
const WS_LEAD = new RegExp(`^[${PY_WS_CLASS}]+`, "u");
const WS_TRAIL = new RegExp(`[${PY_WS_CLASS}]+$`, "u");

function normalizeGeneralAndWestern(sent: string): string {
  let s = sent.replace(/\n-/gu, "");
  s = s.replace(/\n/gu, " ");
  s = s.replace(/&quot;/gu, '"');
  s = s.replace(/&amp;/gu, "&");
  s = s.replace(/&lt;/gu, "<");
  s = s.replace(/&gt;/gu, ">");
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/gu, " $1 ");
  s = s.replace(/'s /gu, " 's ");
  s = s.replace(/'s$/u, " 's");
  s = s.replace(/([^0-9])([.,])/gu, "$1 $2 ");
  s = s.replace(/([.,])([^0-9])/gu, " $1 $2");
  s = s.replace(/([0-9])(-)/gu, "$1 $2 ");
  return s;
}

function normalizeAsian(sent: string): string {
  let s = sent.replace(/([\u4e00-\u9fff\u3400-\u4dbf])/gu, " $1 ");
  s = s.replace(/([\u31c0-\u31ef\u2e80-\u2eff])/gu, " $1 ");
  s = s.replace(/([\u3300-\u33ff\uf900-\ufaff\ufe30-\ufe4f])/gu, " $1 ");
  s = s.replace(/([\u3200-\u3f22])/gu, " $1 ");
  s = s.replace(/(^|^[\u3040-\u309f])([\u3040-\u309f]+)(?=$|^[\u3040-\u309f])/gu, "$1 $2 ");
  s = s.replace(/(^|^[\u30a0-\u30ff])([\u30a0-\u30ff]+)(?=$|^[\u30a0-\u30ff])/gu, "$1 $2 ");
  s = s.replace(/(^|^[\u31f0-\u31ff])([\u31f0-\u31ff]+)(?=$|^[\u31f0-\u31ff])/gu, "$1 $2 ");
  s = s.replace(ASIAN_PUNCT, " $1 ");
  s = s.replace(FULL_WIDTH_PUNCT, " $1 ");
  return s;
}

/**
 * The Tercom tokenizer as sacreBLEU reimplements it: lowercase unless `caseSensitive`, optional
 * normalisation (punctuation split, possessive `'s`, number-aware `.`/`,`/`-`), optional CJK
 * handling and punctuation removal.
 *
 * @param sent - one segment
 * @param options - `normalized` false, `noPunct` false, `asianSupport` false, `caseSensitive` false
 * @returns the processed segment (tokens separated by whitespace)
 * @example
 * tokenizeTercom("John's car.", { normalized: true }); // "john 's car ."
 */
export function tokenizeTercom(sent: string, options: TercomOptions = {}): string {
  if (!sent) return "";
  let s = options.caseSensitive ? sent : sent.toLowerCase();
  if (options.normalized) {
    s = normalizeGeneralAndWestern(s);
    if (options.asianSupport) s = normalizeAsian(s);
    s = s.replace(WS_RUN, " ").replace(WS_LEAD, "").replace(WS_TRAIL, "");
  }
  if (options.noPunct) {
    s = s.replace(/[.,?:;!"()]/gu, "");
    if (options.asianSupport) s = s.replace(ASIAN_PUNCT, "").replace(FULL_WIDTH_PUNCT, "");
  }
  return s;
}
