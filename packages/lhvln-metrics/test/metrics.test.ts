import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { cgtTask, challengeScore, computeGrouped, computeMetrics, csrTask, episodeFromStageLog, tarPair, type EpisodeRecord } from "../src/index";
import { simulate } from "../bench/simulate";

function throwsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a WcError ${code}`);
}
const b = (xs: number[]) => xs.map((x) => x === 1);
const ep = (s: number[], gtSteps: number[], extra: Partial<EpisodeRecord> = {}): EpisodeRecord => ({ subtaskSuccess: b(s), gtSteps, ...extra });

// Literals below come from a direct Python port of the official utils/metrics.py
// (conditional_success_rate / conditional_path_length / TAR / spl), e.g.
// python3 -c "def csr(S):\n N=len(S);s=S[0];sr=s*N\n for j in S[1:]: sr+=j*(1+(N-1)*s);s=j\n return sr/N**2" ...
// printed: 0.8333333333333334 0.7222222222222222 0.6666666666666666 | 0.6666666666666666 0.6388888888888888
// 0.5763888888888888 0.5375 | 0.5888888888888889 | 0.5555555555555555 0.4444444444444444 0.6666666666666666
describe("spec section 5 toy cases (1e-9)", () => {
  it("S=[[1,1,1],[1,0,1]], gtSteps=[[5,5,5],[5,10,5]]", () => {
    const m = computeMetrics([ep([1, 1, 1], [5, 5, 5]), ep([1, 0, 1], [5, 10, 5])]);
    expect(m.ISR).toBeCloseTo(0.8333333333333334, 12);
    expect(m.CSR).toBeCloseTo(0.7222222222222222, 12);
    expect(m.CGT).toBeCloseTo(0.6666666666666666, 12);
    expect(m.SR).toBe(0.5);
    expect(m.count).toBe(2);
  });
  it("mixed lengths: ISR micro 6/9 vs macro 0.63889, CSR 0.57639, CGT 0.5375", () => {
    const eps = [ep([1, 0], [3, 7]), ep([0, 1, 1, 1], [2, 2, 2, 2]), ep([1, 1, 0], [10, 5, 5])];
    const micro = computeMetrics(eps);
    expect(micro.ISR).toBeCloseTo(0.6666666666666666, 12);
    expect(computeMetrics(eps, { isrAveraging: "macro" }).ISR).toBeCloseTo(0.6388888888888888, 12);
    expect(micro.CSR).toBeCloseTo(0.5763888888888888, 12);
    expect(micro.CGT).toBeCloseTo(0.5375, 12);
  });
  it("TAR with (GT,NE) = (4,0.5), (6,3), (3,10), D_s = 1 -> 0.58889", () => {
    const m = computeMetrics([ep([1, 0, 0], [1, 1, 1], { navErrors: [0.5, 3, 10], gtDistances: [4, 6, 3] })]);
    expect(m.TAR).toBeCloseTo(0.5888888888888889, 12);
    expect(tarPair(3, 6)).toBeCloseTo(2 / 3, 12);
    expect(tarPair(0, 0)).toBe(1);
    expect(tarPair(2, 0)).toBe(0);
    expect(tarPair(3, 6, 2)).toBeCloseTo(1 - 1 / 6, 12);
  });
  it("SPL with S=[1,0,1], G=[10,15,20], P=[15,20,20] -> 0.55556 (step based)", () => {
    const m = computeMetrics([
      ep([1], [10], { navSteps: [15] }),
      ep([0], [15], { navSteps: [20] }),
      ep([1, 1], [12, 8], { navSteps: [10, 10] }),
    ]);
    expect(m.SPL).toBeCloseTo(0.5555555555555555, 12);
  });
});

describe("invariants (spec 6.2) and conditionality (6.3)", () => {
  it("all success -> 1, all failure -> 0", () => {
    const ok = computeMetrics([ep([1, 1], [3, 4]), ep([1, 1, 1, 1], [1, 2, 3, 4])]);
    for (const k of ["ISR", "CSR", "CGT", "SR", "OSR"] as const) expect(ok[k]).toBeCloseTo(1, 12);
    const bad = computeMetrics([ep([0, 0], [3, 4]), ep([0, 0, 0], [1, 2, 3])]);
    for (const k of ["ISR", "CSR", "CGT", "SR", "OSR"] as const) expect(bad[k]).toBe(0);
  });
  it("uniform gtSteps -> CGT = CSR; N = 1 -> ISR = CSR = CGT = SR; bounds; permutation", () => {
    const eps = simulate({ p0: 0.6, decay: 0.8, afterFail: 0.5 }, 200, 3).map((e) => ({ ...e, gtSteps: e.gtSteps.map(() => 7) }));
    const m = computeMetrics(eps);
    expect(m.CGT).toBeCloseTo(m.CSR, 12);
    const single = [ep([1], [4]), ep([0], [9]), ep([1], [2])];
    const s = computeMetrics(single);
    for (const k of ["ISR", "CSR", "CGT"] as const) expect(s[k]).toBeCloseTo(s.SR, 12);
    for (const e of eps) {
      const c = csrTask(e.subtaskSuccess);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    const rev = computeMetrics([...eps].reverse());
    for (const k of ["SR", "OSR", "SPL", "NE", "ISR", "CSR", "CGT", "TAR"] as const) expect(rev[k]).toBeCloseTo(m[k], 12);
  });
  it("only the immediate predecessor matters: CSR([1,1,0]) = 6/9 > CSR([1,0,1]) = 4/9 with equal ISR", () => {
    expect(csrTask([1, 1, 0])).toBeCloseTo(6 / 9, 12);
    expect(csrTask([1, 0, 1])).toBeCloseTo(4 / 9, 12);
    expect(csrTask([true, true, false])).toBeGreaterThan(csrTask([true, false, true]));
    expect(computeMetrics([ep([1, 1, 0], [1, 1, 1])]).ISR).toBe(computeMetrics([ep([1, 0, 1], [1, 1, 1])]).ISR);
    expect(cgtTask([1, 0, 1], [5, 10, 5])).toBeCloseTo(1 / 3, 12);
  });
  it("empty input -> all 0, count 0", () => {
    expect(computeMetrics([])).toEqual({ SR: 0, OSR: 0, SPL: 0, NE: 0, ISR: 0, CSR: 0, CGT: 0, TAR: 0, count: 0 });
  });
});

describe("episodeFromStageLog (spec 6.4)", () => {
  const stages = [
    { success: true, oracle: true, steps: 120, navError: 0.6, gtSteps: 100, gtDistance: 8 },
    { success: false, oracle: true, steps: 380, navError: 4, gtSteps: 90, gtDistance: 6 }, // budget 500 hit
  ];
  it("pads never-reached subtasks as failures without NE/TAR entries", () => {
    const e = episodeFromStageLog(stages, 3, { gtSteps: [100, 90, 60] });
    expect(e.subtaskSuccess).toEqual([true, false, false]);
    expect(e.subtaskOracleSuccess).toEqual([true, true, false]);
    expect(e.navErrors).toHaveLength(2);
    expect(e.group).toEqual({ numSubtasks: "3" });
    const m = computeMetrics([e]);
    // TAR over 2 pairs: (1 - 0/8 ... NE 0.6 <= D_s -> 1) and 1 - 3/6
    expect(m.TAR).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(m.NE).toBeCloseTo((0.6 + 4) / 2, 12);
    expect(m.ISR).toBeCloseTo(1 / 3, 12);
    expect(m.CGT).toBeCloseTo(((100 / 250) * 3) / 3, 12);
    // default gtSteps for the unreached subtask: mean of attempted ones
    expect(episodeFromStageLog(stages, 3).gtSteps).toEqual([100, 90, 95]);
  });
  it("micro vs macro ISR differ on a mixed-length batch exactly as defined", () => {
    const eps = [episodeFromStageLog(stages, 3), ep([1, 1], [1, 1])];
    expect(computeMetrics(eps).ISR).toBeCloseTo(3 / 5, 12);
    expect(computeMetrics(eps, { isrAveraging: "macro" }).ISR).toBeCloseTo((1 / 3 + 1) / 2, 12);
  });
  it("bad logs", () => {
    throwsCode(() => episodeFromStageLog(stages, 1), "E_SHAPE");
    throwsCode(() => episodeFromStageLog(stages, 0), "E_ARGUMENT");
    throwsCode(() => episodeFromStageLog([{ ...stages[0]!, navError: -1 }], 2), "E_RANGE");
    throwsCode(() => episodeFromStageLog(stages, 3, { gtSteps: [1] }), "E_SHAPE");
  });
});

describe("grouping and challenge score", () => {
  it("groups by numSubtasks (derived) or any label; score weights 0.4/0.2/0.2/0.2", () => {
    const eps = [ep([1, 0], [1, 1], { group: { robot: "spot" } }), ep([1, 1, 1], [1, 1, 1], { group: { robot: "stretch" } }), ep([0, 1], [1, 1])];
    const g = computeGrouped(eps, "numSubtasks");
    expect(Object.keys(g)).toEqual(["2", "3"]);
    expect(g["2"]?.ISR).toBeCloseTo(0.5, 12);
    expect(g["2"]?.count).toBe(2);
    const r = computeGrouped(eps, "robot");
    expect(Object.keys(r)).toEqual(["spot", "stretch", "unknown"]);
    expect(challengeScore({ SR: 0, OSR: 0, SPL: 0, NE: 9, ISR: 0.5, CSR: 0.25, CGT: 0.75, TAR: 1, count: 3 })).toBeCloseTo(0.4 + 0.1 + 0.05 + 0.15, 12);
    throwsCode(() => challengeScore({ SR: 0, OSR: 0, SPL: 0, NE: 0, ISR: Number.NaN, CSR: 0, CGT: 0, TAR: 0, count: 0 }), "E_RANGE");
    throwsCode(() => computeGrouped(eps, ""), "E_ARGUMENT");
  });
});

describe("reproduction claim: SR collapses with length, ISR/CSR/CGT still separate agents", () => {
  const better = computeGrouped(simulate({ p0: 0.7, decay: 0.85, afterFail: 0.5 }, 900, 11), "numSubtasks");
  const worse = computeGrouped(simulate({ p0: 0.45, decay: 0.85, afterFail: 0.5 }, 900, 12), "numSubtasks");
  it("SR decreases with N for both agents; at N = 4 the worse agent's SR is near 0", () => {
    for (const g of [better, worse]) expect(g["2"]!.SR).toBeGreaterThan(g["4"]!.SR);
    expect(worse["4"]!.SR).toBeLessThan(0.05);
  });
  it("ISR, CSR, CGT, TAR and the challenge score rank the better agent first at every length", () => {
    for (const n of ["2", "3", "4"]) {
      for (const k of ["ISR", "CSR", "CGT", "TAR"] as const) expect(better[n]![k]).toBeGreaterThan(worse[n]![k] + 0.05);
      expect(challengeScore(better[n]!)).toBeGreaterThan(challengeScore(worse[n]!));
    }
  });
});

describe("bad input", () => {
  it("malformed episodes and options", () => {
    throwsCode(() => computeMetrics([ep([], [])]), "E_SHAPE");
    throwsCode(() => computeMetrics([ep([1, 0], [1])]), "E_SHAPE");
    throwsCode(() => computeMetrics([ep([1, 0], [0, 0])]), "E_RANGE");
    throwsCode(() => computeMetrics([ep([1], [Number.NaN])]), "E_RANGE");
    throwsCode(() => computeMetrics([{ subtaskSuccess: ["yes"], gtSteps: [1] } as never]), "E_FORMAT");
    throwsCode(() => computeMetrics([ep([1], [1], { navErrors: [1, 2] })]), "E_SHAPE");
    throwsCode(() => computeMetrics([ep([1, 1], [1, 1], { navErrors: [1], gtDistances: [1, 2] })]), "E_SHAPE");
    throwsCode(() => computeMetrics([ep([1], [1], { navErrors: [-1] })]), "E_RANGE");
    throwsCode(() => computeMetrics([ep([1], [1], { subtaskOracleSuccess: [true, true] })]), "E_SHAPE");
    throwsCode(() => computeMetrics([ep([1], [1])], { isrAveraging: "mean" as never }), "E_ARGUMENT");
    throwsCode(() => computeMetrics([ep([1], [1])], { successDist: -1 }), "E_RANGE");
    throwsCode(() => computeMetrics("x" as never), "E_ARGUMENT");
    throwsCode(() => csrTask([]), "E_SHAPE");
    throwsCode(() => cgtTask([1], [1, 2]), "E_SHAPE");
    throwsCode(() => tarPair(Number.POSITIVE_INFINITY, 1), "E_RANGE");
  });
  it("0/1 numbers are accepted as flags and inputs are not mutated", () => {
    const e = { subtaskSuccess: [1, 0, 1] as unknown as boolean[], gtSteps: [5, 10, 5] };
    const copy = JSON.stringify(e);
    expect(computeMetrics([e]).CSR).toBeCloseTo(4 / 9, 12);
    expect(JSON.stringify(e)).toBe(copy);
  });
});
