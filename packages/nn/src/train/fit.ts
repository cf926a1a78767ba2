import { WcError, tensor } from "@wc/tensor";
import { noGrad } from "../autograd/grad-mode";
import { Var } from "../autograd/var";
import type { Batch, Dataset } from "../data/dataset";
import { crossEntropy } from "../ops/losses";
import type { Optimizer } from "../optim/optimizer";
import { clipGradNorm, type LRScheduler } from "../optim/schedule";

/** What the loop needs from a model (any {@link Module} fits). */
export interface Trainable {
  call(x: Var): Var;
  train(mode?: boolean): unknown;
  parameters(): Var[];
}

/** One progress report of {@link fit}. */
export interface FitProgress {
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** Global step count. */
  step: number;
  /** Loss of this batch. */
  loss: number;
  /** Learning rate of the first group for this step. */
  lr: number;
  /** Set on the last batch of an epoch when `validation` is given. */
  validation?: EvaluateResult;
}

/** Options of {@link fit}. */
export interface FitOptions {
  optimizer: Optimizer;
  /** Passes over the loader; default 1. */
  epochs?: number;
  /** Loss of a batch; default mean cross-entropy of the model's logits. */
  loss?: (output: Var, y: Int32Array) => Var;
  /** Stepped after every optimizer step; default none. */
  scheduler?: LRScheduler;
  /** Clip the global gradient norm to this; default no clipping. */
  clipNorm?: number;
  /** Evaluated at the end of each epoch; default none. */
  validation?: Dataset;
  /** Called after every batch; default none. */
  onProgress?: (p: FitProgress) => void;
}

/** What {@link fit} returns. */
export interface FitResult {
  /** Mean training loss per epoch. */
  epochLosses: number[];
  /** Validation results per epoch (when `validation` was given). */
  validation: EvaluateResult[];
  steps: number;
}

/**
 * Trains `model` on batches from `loader`: forward, loss, backward, optional clipping,
 * optimizer step, optional scheduler step, with a progress callback.
 * @param model - a module (put in training mode here)
 * @param loader - yields `{ x, y }` batches each pass (a {@link DataLoader})
 * @param options - see {@link FitOptions}
 * @returns per-epoch losses and validation results
 * @throws {WcError} `E_RANGE` for a bad epoch count or a non-finite loss (divergence).
 * @example
 * fit(mlp, new DataLoader(train, { batchSize: 32 }), { optimizer: new Adam(mlp.parameters()), epochs: 10 });
 */
export function fit(model: Trainable, loader: Iterable<Batch>, options: FitOptions): FitResult {
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new WcError("E_RANGE", `fit: epochs must be an integer >= 0, got ${epochs}`);
  const lossFn = options.loss ?? ((o: Var, y: Int32Array) => crossEntropy(o, y));
  const params = model.parameters();
  const epochLosses: number[] = [];
  const validation: EvaluateResult[] = [];
  let step = 0;
  for (let e = 0; e < epochs; e++) {
    model.train(true);
    let total = 0;
    let count = 0;
    const batches = [...loader];
    batches.forEach((b, i) => {
      options.optimizer.zeroGrad();
      const loss = lossFn(model.call(new Var(b.x)), b.y);
      const l = loss.item();
      if (!Number.isFinite(l)) throw new WcError("E_RANGE", `fit: the loss became ${l} at epoch ${e}, batch ${i}; lower the learning rate or clip gradients`);
      loss.backward();
      if (options.clipNorm !== undefined) clipGradNorm(params, options.clipNorm);
      const lr = options.optimizer.groups[0]?.lr ?? 0;
      options.optimizer.step();
      options.scheduler?.step();
      step++;
      total += l * b.y.length;
      count += b.y.length;
      let val: EvaluateResult | undefined;
      if (i === batches.length - 1 && options.validation) {
        val = evaluate(model, options.validation);
        validation.push(val);
        model.train(true);
      }
      options.onProgress?.({ epoch: e, batch: i, step, loss: l, lr, ...(val ? { validation: val } : {}) });
    });
    epochLosses.push(total / count);
  }
  return { epochLosses, validation, steps: step };
}

/** Metrics of {@link evaluate}. */
export interface EvaluateResult {
  /** Mean cross-entropy (nats per row). */
  loss: number;
  /** Fraction of rows whose arg-max logit is the label. */
  accuracy: number;
  /** `exp(loss)`. */
  perplexity: number;
}

/**
 * Evaluates a classifier without recording gradients, in evaluation mode (the model is left in
 * evaluation mode).
 * @param model - maps `x [N, F]` batches to logits `[N, C]`
 * @param data - the dataset
 * @param options - `batchSize` (default 256)
 * @returns loss, accuracy, perplexity
 * @example
 * evaluate(mlp, test).accuracy;
 */
export function evaluate(model: Trainable, data: Dataset, options: { batchSize?: number } = {}): EvaluateResult {
  const bs = options.batchSize ?? 256;
  const [n, f] = data.x.shape as [number, number];
  model.train(false);
  let nll = 0;
  let correct = 0;
  noGrad(() => {
    for (let s = 0; s < n; s += bs) {
      const e = Math.min(n, s + bs);
      const xs = new Var(tensor(data.x.data.slice(s * f, e * f), [e - s, f]));
      const out = model.call(xs);
      const y = data.y.subarray(s, e);
      nll += crossEntropy(out, y, { reduction: "sum" }).item();
      const c = out.shape[out.shape.length - 1]!;
      const o = out.data;
      for (let i = 0; i < e - s; i++) {
        let best = 0;
        for (let j = 1; j < c; j++) if (o[i * c + j]! > o[i * c + best]!) best = j;
        if (best === y[i]) correct++;
      }
    }
  });
  const loss = nll / n;
  return { loss, accuracy: correct / n, perplexity: Math.exp(loss) };
}

/**
 * Perplexity from a mean negative log-likelihood in nats: `exp(meanNll)`.
 * @param meanNll - mean NLL per token
 * @returns the perplexity
 * @example
 * perplexity(Math.log(4)); // 4
 */
export function perplexity(meanNll: number): number {
  return Math.exp(meanNll);
}
