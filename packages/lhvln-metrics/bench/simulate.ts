// A seeded simulated agent for the reproduction example (used by bench/index.ts and a test).
import { episodeFromStageLog, type EpisodeRecord, type StageLog } from "../src/index";

/** mulberry32: a tiny seeded uniform generator (tests/bench only). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AgentSpec {
  /** Success probability of the first subtask. */
  p0: number;
  /** Multiplicative decay of the success probability per later subtask. */
  decay: number;
  /** Factor on the success probability when the previous subtask failed (the agent starts lost). */
  afterFail: number;
}

/**
 * Simulates `m` tasks with 2-4 subtasks and a global step budget of 500 (habitat max_step): a stage
 * succeeds with probability p0·decay^(i)·(afterFail if the previous failed); a failed stage wanders
 * 2-4x the expert steps, so long tasks can run out of budget and leave subtasks unreached.
 */
export function simulate(agent: AgentSpec, m: number, seed: number): EpisodeRecord[] {
  const rand = mulberry32(seed);
  const out: EpisodeRecord[] = [];
  for (let t = 0; t < m; t++) {
    const n = 2 + Math.floor(rand() * 3);
    const gt = Array.from({ length: n }, () => 20 + Math.floor(rand() * 60));
    const stages: StageLog[] = [];
    let budget = 500;
    let prevOk = true;
    for (let i = 0; i < n && budget > 0; i++) {
      const gtDistance = gt[i]! * 0.25;
      const p: number = agent.p0 * agent.decay ** i * (prevOk ? 1 : agent.afterFail);
      let ok: boolean = rand() < p;
      let steps = ok ? Math.ceil(gt[i]! * (1 + 0.5 * rand())) : Math.ceil(gt[i]! * (2 + 2 * rand()));
      if (steps >= budget) {
        steps = budget; // the global step budget ends the stage (and the episode)
        ok = false;
      }
      budget -= steps;
      const navError = ok ? rand() * 0.99 : 1 + rand() * (gtDistance + 2);
      stages.push({ success: ok, oracle: ok || rand() < 0.3, steps, navError, gtSteps: gt[i]!, gtDistance });
      prevOk = ok;
    }
    out.push(episodeFromStageLog(stages, n, { gtSteps: gt }));
  }
  return out;
}
