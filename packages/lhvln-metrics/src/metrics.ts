import { WcError } from "@wc/tensor";
import { cgtTask, csrTask, tarPair } from "./task";
import type { EpisodeRecord, LhvlnMetrics, LhvlnOptions } from "./types";
import { checkEpisode, type CheckedEpisode } from "./validate";

function resolve(opts: LhvlnOptions): Required<LhvlnOptions> {
  const isrAveraging = opts.isrAveraging ?? "micro";
  if (isrAveraging !== "micro" && isrAveraging !== "macro") {
    throw new WcError("E_ARGUMENT", `isrAveraging must be 'micro' (official code) or 'macro' (published formula), got ${JSON.stringify(isrAveraging)}`);
  }
  const successDist = opts.successDist ?? 1;
  if (typeof successDist !== "number" || !Number.isFinite(successDist) || successDist < 0) {
    throw new WcError("E_RANGE", `successDist must be a finite number >= 0 (metres), got ${String(successDist)}`);
  }
  return { isrAveraging, successDist };
}

function checkAll(episodes: readonly EpisodeRecord[]): CheckedEpisode[] {
  if (!Array.isArray(episodes)) throw new WcError("E_ARGUMENT", "expected an array of episode records");
  return episodes.map((e, i) => checkEpisode(e, i));
}

function aggregate(eps: readonly CheckedEpisode[], o: Required<LhvlnOptions>): LhvlnMetrics {
  const m = eps.length;
  if (m === 0) return { SR: 0, OSR: 0, SPL: 0, NE: 0, ISR: 0, CSR: 0, CGT: 0, TAR: 0, count: 0 };
  let sr = 0;
  let osr = 0;
  let spl = 0;
  let ne = 0;
  let succ = 0;
  let subtasks = 0;
  let isrMacro = 0;
  let csr = 0;
  let cgt = 0;
  let tarSum = 0;
  let tarN = 0;
  for (const e of eps) {
    const n = e.s.length;
    const ok = e.s.every((x) => x === 1) ? 1 : 0;
    sr += ok;
    osr += e.oracle.every((x) => x === 1) ? 1 : 0;
    const g = e.gtSteps.reduce((a, b) => a + b, 0);
    const p = e.navSteps.reduce((a, b) => a + b, 0);
    spl += p > 0 ? (ok * g) / Math.max(g, p) : 0;
    ne += e.navErrors.length > 0 ? e.navErrors.reduce((a, b) => a + b, 0) / e.navErrors.length : 0;
    const k = e.s.reduce((a, b) => a + b, 0);
    succ += k;
    subtasks += n;
    isrMacro += k / n;
    csr += csrTask(e.s);
    cgt += cgtTask(e.s, e.gtSteps);
    if (e.gtDistances) {
      for (let i = 0; i < e.gtDistances.length; i++) {
        tarSum += tarPair(e.navErrors[i] as number, e.gtDistances[i] as number, o.successDist);
        tarN++;
      }
    }
  }
  return {
    SR: sr / m,
    OSR: osr / m,
    SPL: spl / m,
    NE: ne / m,
    ISR: o.isrAveraging === "micro" ? succ / subtasks : isrMacro / m,
    CSR: csr / m,
    CGT: cgt / m,
    TAR: tarN > 0 ? tarSum / tarN : 0,
    count: m,
  };
}

/**
 * All LH-VLN metrics over a set of episodes, as the official utils/metrics.py computes them: SR, OSR,
 * step-based SPL, NE (per-task mean over attempted subtasks, then mean over tasks), ISR (micro by
 * default), CSR, CGT and TAR (micro over attempted (task, subtask) pairs). Empty input gives all 0.
 *
 * @param episodes - episode records
 * @param opts - isrAveraging default 'micro' (official code; 'macro' = published formula); successDist default 1 m
 * @returns the metrics and the episode count
 * @throws WcError E_FORMAT/E_SHAPE/E_RANGE for malformed episodes (message names the episode); E_ARGUMENT/E_RANGE for bad options
 * @example
 * computeMetrics([{ subtaskSuccess: [true, true, true], gtSteps: [5, 5, 5] }, { subtaskSuccess: [true, false, true], gtSteps: [5, 10, 5] }]).CSR; // 0.7222
 */
export function computeMetrics(episodes: readonly EpisodeRecord[], opts: LhvlnOptions = {}): LhvlnMetrics {
  const o = resolve(opts);
  return aggregate(checkAll(episodes), o);
}

/**
 * {@link computeMetrics} per group, keyed by `episode.group[by]`. For `by = 'numSubtasks'` an episode
 * without that label is grouped by its number of subtasks; other missing labels go to 'unknown'.
 *
 * @param episodes - episode records
 * @param by - the group field, e.g. 'numSubtasks' or 'robot'
 * @param opts - as for {@link computeMetrics}
 * @returns group value -> metrics, keys in first-seen order
 * @throws WcError E_ARGUMENT for an empty `by`; plus those of {@link computeMetrics}
 * @example
 * Object.keys(computeGrouped([{ subtaskSuccess: [true, false], gtSteps: [1, 1] }], "numSubtasks")); // ["2"]
 */
export function computeGrouped(episodes: readonly EpisodeRecord[], by: string, opts: LhvlnOptions = {}): Record<string, LhvlnMetrics> {
  if (typeof by !== "string" || by === "") throw new WcError("E_ARGUMENT", "computeGrouped: `by` must be a non-empty group field name");
  const o = resolve(opts);
  const eps = checkAll(episodes);
  const groups = new Map<string, CheckedEpisode[]>();
  for (const e of eps) {
    const key = e.group[by] ?? (by === "numSubtasks" ? String(e.s.length) : "unknown");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(e);
  }
  const out: Record<string, LhvlnMetrics> = {};
  for (const [key, g] of groups) out[key] = aggregate(g, o);
  return out;
}

/**
 * The CVPR-25 LH-VLN challenge ranking score: 0.4·TAR + 0.2·ISR + 0.2·CSR + 0.2·CGT.
 *
 * @param m - metrics from {@link computeMetrics}
 * @returns the score in [0, 1]
 * @throws WcError E_RANGE when a used metric is not a finite number
 * @example
 * challengeScore({ SR: 0, OSR: 0, SPL: 0, NE: 0, ISR: 0.5, CSR: 0.5, CGT: 0.5, TAR: 0.5, count: 1 }); // 0.5
 */
export function challengeScore(m: LhvlnMetrics): number {
  for (const k of ["TAR", "ISR", "CSR", "CGT"] as const) {
    if (typeof m?.[k] !== "number" || !Number.isFinite(m[k])) throw new WcError("E_RANGE", `challengeScore: ${k} must be a finite number, got ${String(m?.[k])}`);
  }
  return 0.4 * m.TAR + 0.2 * m.ISR + 0.2 * m.CSR + 0.2 * m.CGT;
}
