/** One long-horizon task as the simulator logged it (N = subtaskSuccess.length subtasks). */
export interface EpisodeRecord {
  /** s_i: stopped within the success distance of the i-th target (unreached subtasks are false); length N >= 1. 0/1 numbers are accepted. */
  subtaskSuccess: boolean[];
  /** Ever within the success distance during subtask i; length N. Default: equal to subtaskSuccess. */
  subtaskOracleSuccess?: boolean[];
  /** Ground-truth (expert) steps per subtask, length N, >= 0 with a positive sum: the CGT weights and SPL's G. */
  gtSteps: number[];
  /** Steps taken per attempted subtask (length <= N): SPL's P is their sum. */
  navSteps?: number[];
  /** Geodesic distance to the target when each attempted subtask ended (metres), length <= N. */
  navErrors?: number[];
  /** Geodesic distance from the start of each attempted subtask to its target (metres), same length as navErrors: TAR's GT. */
  gtDistances?: number[];
  /** Grouping labels, e.g. { numSubtasks: "3", robot: "spot" }. */
  group?: Record<string, string>;
}

/** Options of the metric functions. */
export interface LhvlnOptions {
  /** ISR averaging: 'micro' (default) = Σ successes / Σ subtasks, as the official utils/metrics.py; 'macro' = mean of per-task rates, the published/contest formula. */
  isrAveraging?: "micro" | "macro";
  /** D_s of TAR in metres. Default 1 (configs/lh_vln.yaml success_dis). */
  successDist?: number;
}

/** The benchmark's metrics, fractions in [0, 1] except NE (metres). */
export interface LhvlnMetrics {
  SR: number;
  OSR: number;
  SPL: number;
  NE: number;
  ISR: number;
  CSR: number;
  CGT: number;
  TAR: number;
  /** Number of episodes. */
  count: number;
}
