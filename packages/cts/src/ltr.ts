import { type Module } from "@wc/nn";
import { WcError, type FloatArray } from "@wc/tensor";
import type { MaskedNet } from "./masked-net";
import { checkDensity, keepCount, topKMask, type Masks } from "./masks";
import { asMaskedNet } from "./search";

/** Trains the network IN PLACE with the given masks (pruned weights must stay zero). */
export type TrainFn = (net: MaskedNet, masks: Masks) => void;

/** Options of {@link lotteryTicketRewinding}. */
export interface LtrOptions {
  /** Final density κ (required). */
  density: number;
  /** Fraction of surviving weights kept per round; default 0.8 (ResNet-50 in the code: 0.464). */
  keepPerRound?: number;
  /**
   * Densities that the schedule must hit exactly (a round that would jump past one is clamped to
   * it); their tickets are returned in `milestones`. Default none.
   */
  milestones?: readonly number[];
  /** Called after each round; default none. */
  onRound?: (round: LtrRound) => void;
}

/** One pruning round of {@link lotteryTicketRewinding}. */
export interface LtrRound {
  round: number;
  /** Density after this round's pruning. */
  density: number;
  timeMs: number;
}

/** What {@link lotteryTicketRewinding} returns. */
export interface LtrResult {
  masks: Masks;
  rounds: LtrRound[];
  /** Tickets at the requested milestone densities (key: the milestone as given). */
  milestones: Map<number, Masks>;
  timeMs: number;
}

/**
 * Lottery ticket rewinding (iterative magnitude pruning with rewinding, Frankle et al.): the
 * current weights are the rewind point; each round trains the masked network with `train`,
 * prunes `1 − keepPerRound` of the surviving weights globally by |w|, and resets the survivors to
 * their rewind values. Round n has density keepPerRound^n (the last one clamped to κ). The module
 * is restored to its rewind state at the end (the ticket's weights).
 * @param net - module or masked view, at the rewind point
 * @param train - trains in place with masks (e.g. a closure over {@link trainMasked})
 * @param options - see {@link LtrOptions}
 * @returns the ticket, the rounds, milestone tickets and the time (all training included)
 * @throws {WcError} `E_RANGE` for a bad density, keep fraction or milestone.
 * @example
 * lotteryTicketRewinding(mlp, (n, m) => trainMasked(n, m, train), { density: 0.01 });
 */
export function lotteryTicketRewinding(net: Module | MaskedNet, train: TrainFn, options: LtrOptions): LtrResult {
  const mn = asMaskedNet(net);
  checkDensity(options.density, "lotteryTicketRewinding");
  const keep = options.keepPerRound ?? 0.8;
  if (!(keep > 0 && keep < 1)) throw new WcError("E_RANGE", `lotteryTicketRewinding: keepPerRound must be in (0, 1), got ${keep}`);
  const ms = [...(options.milestones ?? [])];
  for (const m of ms) if (!(m >= options.density && m <= 1)) throw new WcError("E_RANGE", `lotteryTicketRewinding: milestone ${m} must lie in [density, 1]`);
  const t0 = performance.now();
  const params = mn.module.parameters();
  const rewind = params.map((p) => p.data.slice() as FloatArray);
  const buffers = mn.module.namedBuffers().map(([, b]) => [b, b.data.slice()] as const);
  const restore = (): void => {
    params.forEach((p, i) => p.data.set(rewind[i]!));
    for (const [b, d] of buffers) b.data.set(d);
  };
  const d = mn.size;
  const target = keepCount(options.density, d);
  let masks: Masks = mn.params.map((p) => new Uint8Array(p.value.size).fill(1));
  let kept = d;
  const rounds: LtrRound[] = [];
  const milestones = new Map<number, Masks>();
  try {
    for (let r = 1; kept > target; r++) {
      const tr = performance.now();
      restore();
      train(mn, masks);
      let next = Math.max(target, Math.floor(kept * keep));
      for (const m of ms) {
        const km = keepCount(m, d);
        if (km < kept && km > next) next = km;
      }
      const scores = mn.params.map((p, l) => {
        const m = masks[l]!;
        return Float64Array.from(p.data as ArrayLike<number>, (v, i) => (m[i] ? Math.abs(v) : -1));
      });
      masks = topKMask(scores, next);
      kept = next;
      for (const m of ms) if (keepCount(m, d) === kept) milestones.set(m, masks);
      const round = { round: r, density: kept / d, timeMs: performance.now() - tr };
      rounds.push(round);
      options.onRound?.(round);
    }
  } finally {
    restore();
  }
  return { masks, rounds, milestones, timeMs: performance.now() - t0 };
}
