import { loadDataset, standardize, trainTestSplit, type Dataset, type Module } from "@wc/nn";
import { WcError } from "@wc/tensor";
import { findMask, type FindMaskOptions, type FindMaskResult, type MaskMethod } from "./find-mask";
import { maskedNet } from "./masked-net";
import { invertScores, maskDensity, shuffleLayerwise, type Masks } from "./masks";
import { digitsCnn, digitsMlp, kaimingNormalInPlace } from "./models";
import { evaluateMasked, trainMasked, type TrainMaskedOptions } from "./train-masked";

/** The digits split used by the command and the reproduction: stratified 80/20 (seed 0), standardised. */
export interface DigitsSplit {
  train: Dataset;
  test: Dataset;
}

/**
 * Loads scikit-learn's digits (1,797 8x8 images, bundled with @wc/nn) as a stratified 80/20 split
 * (seed 0) standardised with the training statistics (Node only).
 * @returns train (1,437 rows) and test (360 rows)
 * @throws {WcError} `E_IO` when the bundled file cannot be read.
 * @example
 * const { train, test } = await loadDigitsSplit();
 */
export async function loadDigitsSplit(): Promise<DigitsSplit> {
  const digits = await loadDataset("digits");
  const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
  const [train, test] = standardize(split.train, split.test) as [Dataset, Dataset];
  return { train, test };
}

/** Sanity-check transforms of a ticket before retraining (spec section 3.10). */
export type SanityCheck = "none" | "shuffle" | "invert" | "reinit";

/** Options of {@link runTicketExperiment}. */
export interface TicketExperimentOptions {
  /** `"mlp"` ({@link digitsMlp}) or `"cnn"` ({@link digitsCnn}), or a factory `(seed) => Module`; default `"mlp"`. */
  model?: "mlp" | "cnn" | ((seed: number) => Module);
  method: MaskMethod;
  density: number;
  /** Seed of the model init, the search and the training order; default 0. */
  seed?: number;
  /** Dense epochs before the search (the rewind point); default 1 (the spec toy). 0 = prune at init. */
  rewindEpochs?: number;
  /** Retraining of the ticket; default {@link trainMasked}'s (15 epochs, SGD 0.05 cosine, batch 128). */
  train?: TrainMaskedOptions;
  /** Passed to {@link findMask} (CTS epochs, SynFlow rounds, LTR training, ...). */
  find?: Partial<FindMaskOptions>;
  /** Sanity check applied to the ticket; default `"none"`. */
  sanity?: SanityCheck;
}

/** What {@link runTicketExperiment} returns. */
export interface TicketExperimentResult {
  method: MaskMethod;
  density: number;
  sanity: SanityCheck;
  /** Test accuracy of the retrained ticket. */
  accuracy: number;
  /** Mask search time (ms). */
  searchMs: number;
  /** Retraining time (ms). */
  trainMs: number;
  /** Kept fraction per prunable weight, with names. */
  perLayer: { name: string; density: number; kept: number; total: number }[];
  masks: Masks;
  search: FindMaskResult;
}

/**
 * One row of the reproduction: build a model, train it densely for `rewindEpochs`, find a ticket,
 * optionally apply a sanity check, retrain the ticket and report test accuracy and times.
 * @param data - train/test split (see {@link loadDigitsSplit})
 * @param options - see {@link TicketExperimentOptions}
 * @returns accuracy, times, per-layer densities and the masks
 * @throws {WcError} `E_UNSUPPORTED` for `sanity: "invert"` with a method without scores
 *   (only CTS keeps them); whatever {@link findMask} throws.
 * @example
 * const r = runTicketExperiment(await loadDigitsSplit(), { method: "cts-kl", density: 0.01 });
 */
export function runTicketExperiment(data: DigitsSplit, options: TicketExperimentOptions): TicketExperimentResult {
  const seed = options.seed ?? 0;
  const kind = options.model ?? "mlp";
  const model = typeof kind === "function" ? kind(seed) : kind === "cnn" ? digitsCnn({ seed }) : digitsMlp({ seed });
  const net = maskedNet(model);
  const trainOpts: TrainMaskedOptions = { seed, ...options.train };
  const rewind = options.rewindEpochs ?? 1;
  if (rewind > 0) trainMasked(net, null, data.train, { ...trainOpts, epochs: rewind });
  const search = findMask(net, data.train, { ...options.find, method: options.method, density: options.density, seed });
  const sanity = options.sanity ?? "none";
  let masks = search.masks;
  if (sanity === "shuffle") masks = shuffleLayerwise(masks, seed + 1000);
  else if (sanity === "invert") {
    if (!search.cts) throw new WcError("E_UNSUPPORTED", `runTicketExperiment: sanity "invert" needs the method's scores; only cts and cts-kl keep them (got ${options.method})`);
    masks = invertScores(search.cts.logits, options.density);
  } else if (sanity === "reinit") kaimingNormalInPlace(model, seed + 2000);
  const t = trainMasked(net, masks, data.train, trainOpts);
  const acc = evaluateMasked(net, data.test, masks).accuracy;
  const dens = maskDensity(masks);
  return {
    method: options.method,
    density: options.density,
    sanity,
    accuracy: acc,
    searchMs: search.timeMs,
    trainMs: t.timeMs,
    perLayer: net.names.map((name, i) => ({ name, density: dens.perLayer[i]!, kept: Math.round(dens.perLayer[i]! * masks[i]!.length), total: masks[i]!.length })),
    masks,
    search,
  };
}
