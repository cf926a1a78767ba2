import { WcError } from "@wc/tensor";
import type { EpisodeRecord } from "./types";

/** One attempted stage (subtask) of an episode, as a simulator loop logs it. */
export interface StageLog {
  /** Geodesic distance < success distance when the agent stopped. */
  success: boolean;
  /** Within the success distance at some step of the stage. */
  oracle: boolean;
  /** Steps consumed in this stage. */
  steps: number;
  /** Geodesic distance to the target when the stage ended (stop or step budget), metres. */
  navError: number;
  /** Ground-truth steps of this subtask. */
  gtSteps: number;
  /** Geodesic distance to the target at the start of the stage, metres. */
  gtDistance: number;
}

/** Options of {@link episodeFromStageLog}. */
export interface StageLogOptions {
  /** Ground-truth steps of every subtask (length totalSubtasks); needed for exact CGT weights when the episode ended early. Default: the attempted stages' gtSteps, padded with their mean. */
  gtSteps?: number[];
  /** Group labels copied to the record; numSubtasks is added when absent. */
  group?: Record<string, string>;
}

/**
 * Builds an {@link EpisodeRecord} from the stages an agent attempted, as habitat_base/simulation.py
 * does: subtasks never reached (the global step budget ran out first) are failures (s = 0, oracle
 * false) and have no navError/gtDistance entry, so they add nothing to NE or TAR.
 *
 * @param stages - the attempted stages in order (length <= totalSubtasks)
 * @param totalSubtasks - N, the task's number of subtasks (>= 1)
 * @param opts - full gtSteps for unreached subtasks (default: mean of the attempted ones) and group labels
 * @returns a new episode record
 * @throws WcError E_SHAPE when there are more stages than subtasks or gtSteps has the wrong length; E_RANGE for negative/non-finite numbers; E_ARGUMENT for a bad totalSubtasks; E_FORMAT for non-boolean flags
 * @example
 * episodeFromStageLog([{ success: true, oracle: true, steps: 40, navError: 0.4, gtSteps: 35, gtDistance: 5 }], 2).subtaskSuccess; // [true, false]
 */
export function episodeFromStageLog(stages: readonly StageLog[], totalSubtasks: number, opts: StageLogOptions = {}): EpisodeRecord {
  if (!Number.isInteger(totalSubtasks) || totalSubtasks < 1) throw new WcError("E_ARGUMENT", `episodeFromStageLog: totalSubtasks must be an integer >= 1, got ${String(totalSubtasks)}`);
  if (!Array.isArray(stages)) throw new WcError("E_ARGUMENT", "episodeFromStageLog: stages must be an array");
  if (stages.length > totalSubtasks) throw new WcError("E_SHAPE", `episodeFromStageLog: ${stages.length} stages logged but the task has only ${totalSubtasks} subtasks`);
  stages.forEach((st, i) => {
    if (typeof st?.success !== "boolean" || typeof st.oracle !== "boolean") throw new WcError("E_FORMAT", `episodeFromStageLog: stage ${i} needs boolean success and oracle`);
    for (const k of ["steps", "navError", "gtSteps", "gtDistance"] as const) {
      const v = st[k];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new WcError("E_RANGE", `episodeFromStageLog: stage ${i} ${k} must be a finite number >= 0, got ${String(v)}`);
    }
  });
  const pad = totalSubtasks - stages.length;
  let gtSteps: number[];
  if (opts.gtSteps !== undefined) {
    if (!Array.isArray(opts.gtSteps) || opts.gtSteps.length !== totalSubtasks) {
      throw new WcError("E_SHAPE", `episodeFromStageLog: opts.gtSteps must have ${totalSubtasks} entries, got ${String(opts.gtSteps?.length)}`);
    }
    gtSteps = opts.gtSteps.slice();
  } else {
    gtSteps = stages.map((s) => s.gtSteps);
    const mean = stages.length > 0 ? gtSteps.reduce((a, b) => a + b, 0) / stages.length : 1;
    for (let i = 0; i < pad; i++) gtSteps.push(mean);
  }
  const falses = new Array<boolean>(pad).fill(false);
  return {
    subtaskSuccess: [...stages.map((s) => s.success), ...falses],
    subtaskOracleSuccess: [...stages.map((s) => s.oracle), ...falses],
    gtSteps,
    navSteps: stages.map((s) => s.steps),
    navErrors: stages.map((s) => s.navError),
    gtDistances: stages.map((s) => s.gtDistance),
    group: { numSubtasks: String(totalSubtasks), ...opts.group },
  };
}
