import { WcError } from "@wc/tensor";
import type { EpisodeRecord } from "./types";

/** An episode with flags as 0/1 numbers, checked (internal). */
export interface CheckedEpisode {
  s: number[];
  oracle: number[];
  gtSteps: number[];
  navSteps: number[];
  navErrors: number[];
  gtDistances: number[] | undefined;
  group: Record<string, string>;
}

function flags(v: unknown, what: string, n: number | undefined): number[] {
  if (!Array.isArray(v)) throw new WcError("E_FORMAT", `${what} must be an array of booleans (or 0/1), got ${JSON.stringify(v)}`);
  if (n !== undefined && v.length !== n) throw new WcError("E_SHAPE", `${what} must have one entry per subtask (${n}), got ${v.length}`);
  return v.map((x, i) => {
    if (x === true || x === 1) return 1;
    if (x === false || x === 0) return 0;
    throw new WcError("E_FORMAT", `${what}[${i}] must be a boolean or 0/1, got ${JSON.stringify(x)}`);
  });
}

function nums(v: unknown, what: string, maxLen: number, exact: boolean): number[] {
  if (!Array.isArray(v)) throw new WcError("E_FORMAT", `${what} must be an array of numbers, got ${JSON.stringify(v)}`);
  if (exact ? v.length !== maxLen : v.length > maxLen) {
    throw new WcError("E_SHAPE", `${what} must have ${exact ? "exactly" : "at most"} ${maxLen} entries (one per ${exact ? "" : "attempted "}subtask), got ${v.length}`);
  }
  return v.map((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0) throw new WcError("E_RANGE", `${what}[${i}] must be a finite number >= 0, got ${JSON.stringify(x)}`);
    return x;
  });
}

/**
 * Validates one episode record and normalises it (internal).
 *
 * @throws WcError E_FORMAT for wrong types, E_SHAPE for wrong lengths, E_RANGE for negative/non-finite numbers or zero total gtSteps
 */
export function checkEpisode(e: EpisodeRecord, index: number): CheckedEpisode {
  const at = `episode ${index}`;
  if (e === null || typeof e !== "object") throw new WcError("E_FORMAT", `${at} must be an object with subtaskSuccess and gtSteps`);
  const s = flags(e.subtaskSuccess, `${at}: subtaskSuccess`, undefined);
  const n = s.length;
  if (n === 0) throw new WcError("E_SHAPE", `${at}: subtaskSuccess is empty; a task has at least one subtask`);
  const oracle = e.subtaskOracleSuccess === undefined ? s.slice() : flags(e.subtaskOracleSuccess, `${at}: subtaskOracleSuccess`, n);
  const gtSteps = nums(e.gtSteps, `${at}: gtSteps`, n, true);
  if (gtSteps.reduce((a, b) => a + b, 0) <= 0) throw new WcError("E_RANGE", `${at}: gtSteps sum to 0; CGT weights need a positive total`);
  const navSteps = e.navSteps === undefined ? [] : nums(e.navSteps, `${at}: navSteps`, n, false);
  const navErrors = e.navErrors === undefined ? [] : nums(e.navErrors, `${at}: navErrors`, n, false);
  let gtDistances: number[] | undefined;
  if (e.gtDistances !== undefined) {
    gtDistances = nums(e.gtDistances, `${at}: gtDistances`, n, false);
    if (gtDistances.length !== navErrors.length) {
      throw new WcError("E_SHAPE", `${at}: gtDistances (${gtDistances.length}) and navErrors (${navErrors.length}) must both have one entry per attempted subtask`);
    }
  }
  const group: Record<string, string> = {};
  if (e.group !== undefined) {
    if (e.group === null || typeof e.group !== "object") throw new WcError("E_FORMAT", `${at}: group must be an object of strings`);
    for (const [k, v] of Object.entries(e.group)) {
      if (typeof v !== "string" && typeof v !== "number") throw new WcError("E_FORMAT", `${at}: group.${k} must be a string, got ${JSON.stringify(v)}`);
      group[k] = String(v);
    }
  }
  return { s, oracle, gtSteps, navSteps, navErrors, gtDistances, group };
}
