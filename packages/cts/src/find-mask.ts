import { DataLoader, subset, type Dataset, type Module } from "@wc/nn";
import { Rng, WcError } from "@wc/tensor";
import { lotteryTicketRewinding, type LtrResult } from "./ltr";
import type { MaskedNet } from "./masked-net";
import { checkDensity, randomMask, type Masks } from "./masks";
import type { CtsOptions, Objective } from "./options";
import { graspMask, magnitudeMask, snipMask, synflowMask, type GraspOptions } from "./saliency";
import { asMaskedNet, concreteTicketSearch, type CtsResult } from "./search";
import { trainMasked, type TrainMaskedOptions } from "./train-masked";

/** The mask-finding methods of {@link findMask}. */
export type MaskMethod = "cts-kl" | "cts" | "snip" | "grasp" | "synflow" | "magnitude" | "random" | "ltr";

/** Every {@link MaskMethod}, in report order. */
export const MASK_METHODS: readonly MaskMethod[] = ["cts-kl", "cts", "ltr", "synflow", "snip", "grasp", "magnitude", "random"];

/** Options of {@link findMask}. */
export interface FindMaskOptions {
  /** The method (required): `cts-kl` (objective rkl), `cts` (objective task), baselines, `ltr`. */
  method: MaskMethod;
  /** Target density κ in (0, 1] (required). */
  density: number;
  /** Seed of randomness (Concrete noise, random masks, batch choice); default 0. */
  seed?: number;
  /** Batch size of the CTS search; default 32 (on the 1,437-row digits train split this gives ~45 steps per epoch, close to the spec toy's 47). */
  batchSize?: number;
  /** Extra CTS options (`epochs` default 15 here, `lr` 0.1, ...); `density`, `seed`, `objective` are set by findMask. */
  cts?: Omit<CtsOptions, "density" | "seed" | "objective">;
  /**
   * Objective of method `cts`; default `"task"` (`cts-kl` always uses `"rkl"`). E.g. `"gradnorm"`,
   * `"msefeature"` or `"gradmatch"` for the official code's other objectives.
   */
  objective?: Objective;
  /** Rows of the one batch SNIP/GraSP score; default 512. */
  scoreBatch?: number;
  /** GraSP options. */
  grasp?: GraspOptions;
  /** SynFlow rounds; default 100. */
  synflowIterations?: number;
  /** Shape of one input sample for SynFlow; default `[features]` of the data. */
  inputShape?: readonly number[];
  /** LTR: training of each round (see {@link trainMasked}); default its defaults with `seed`. */
  ltrTrain?: TrainMaskedOptions;
  /** LTR: fraction kept per round; default 0.8. */
  keepPerRound?: number;
  /** LTR: milestone densities (see {@link LtrOptions}). */
  milestones?: readonly number[];
}

/** What {@link findMask} returns. */
export interface FindMaskResult {
  method: MaskMethod;
  masks: Masks;
  /** Wall time of the mask search in milliseconds (LTR: all its training rounds). */
  timeMs: number;
  /** The scores behind the ticket when the method has them (CTS: final logits). */
  cts?: CtsResult;
  ltr?: LtrResult;
}

const METHODS = new Set<string>(MASK_METHODS);

/**
 * Finds a global mask with any method of the package through one call. The model is not
 * modified (LTR trains it and restores it).
 * @param model - a @wc/nn module or masked view, at the point to prune (init or rewind)
 * @param data - the training set
 * @param options - see {@link FindMaskOptions}
 * @returns the masks and the time spent
 * @throws {WcError} `E_ARGUMENT` for an unknown method or empty data; `E_RANGE` for a bad density;
 *   whatever the chosen method throws.
 * @example
 * const { masks, timeMs } = findMask(mlp, train, { method: "cts-kl", density: 0.01 });
 */
export function findMask(model: Module | MaskedNet, data: Dataset, options: FindMaskOptions): FindMaskResult {
  const method = options.method;
  if (!METHODS.has(method)) throw new WcError("E_ARGUMENT", `findMask: unknown method "${String(method)}"; use ${MASK_METHODS.join(", ")}`);
  checkDensity(options.density, "findMask");
  const n = data.y.length;
  if (n === 0) throw new WcError("E_ARGUMENT", "findMask: the data set is empty");
  const mn = asMaskedNet(model);
  const seed = options.seed ?? 0;
  const t0 = performance.now();
  const done = (masks: Masks, extra: Partial<FindMaskResult> = {}): FindMaskResult => ({ method, masks, timeMs: performance.now() - t0, ...extra });
  const oneBatch = () => {
    const m = Math.min(n, options.scoreBatch ?? 512);
    const idx = new Rng(seed).permutation(n).subarray(0, m);
    const s = subset(data, idx);
    return { x: s.x, y: s.y };
  };
  switch (method) {
    case "cts-kl":
    case "cts": {
      const loader = new DataLoader(data, { batchSize: options.batchSize ?? 32, seed });
      const r = concreteTicketSearch(mn, loader, { epochs: 15, ...options.cts, density: options.density, seed, objective: method === "cts" ? (options.objective ?? "task") : "rkl" });
      return done(r.masks, { cts: r });
    }
    case "snip":
      return done(snipMask(mn, oneBatch(), options.density));
    case "grasp":
      return done(graspMask(mn, oneBatch(), options.density, options.grasp));
    case "synflow":
      return done(synflowMask(mn, options.inputShape ?? data.x.shape.slice(1), options.density, { iterations: options.synflowIterations }));
    case "magnitude":
      return done(magnitudeMask(mn.prunable, options.density));
    case "random":
      return done(randomMask(mn.params.map((p) => p.value.size), options.density, seed));
    case "ltr": {
      const r = lotteryTicketRewinding(mn, (net, masks) => void trainMasked(net, masks, data, { seed, ...options.ltrTrain }), {
        density: options.density,
        keepPerRound: options.keepPerRound,
        milestones: options.milestones,
      });
      return done(r.masks, { ltr: r });
    }
  }
}
