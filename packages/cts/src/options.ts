import { WcError } from "@wc/tensor";
import { checkDensity } from "./masks";

/**
 * Search objective. `rkl` (default, CTS-KL): reverse KL(p_sparse || p_dense) ×100; `fkl`:
 * KL(p_dense || p_sparse) ×100; `task`: cross-entropy ×100 (the code's `SNIPConcrete`);
 * `deltaloss`: |L_CE,sparse / L_CE,dense − 1| ×1e4; `gradnorm`: maximise ‖∇_params L_CE‖
 * (the code's `GraSPConcrete`, scale 1, double backprop); `msefeature`: MSE of per-sample
 * standardised ReLU features ×100 (`NormalizedMseFeatures`); `gradmatch`: MSE of standardised
 * sparse vs dense weight gradients ×100 (`StepAlignmentConcrete`, double backprop).
 */
export type Objective = "rkl" | "fkl" | "task" | "deltaloss" | "gradnorm" | "msefeature" | "gradmatch";

/** How the final ticket is read from the logits. */
export type Finalize = "topk" | "positive";

/** Options of {@link concreteTicketSearch}. */
export interface CtsOptions {
  /** Target density κ in (0, 1] (required). */
  density: number;
  /** Search epochs (passes over the batches); default 1. The paper uses the training length (160 on CIFAR). */
  epochs?: number;
  /** Adam learning rate of the logits; default 0.1 (the CIFAR training LR, experiments/cts.py). */
  lr?: number;
  /** Objective; default `"rkl"` (CTS-KL, `KldLogit(reverse=True)`). */
  objective?: Objective;
  /** Concrete temperature τ; default 2/3 (search/concrete.py). */
  tau?: number;
  /** GradBalance (default true); false gives the Lagrangian alternative (λ by gradient ascent, lr 0.01·lr, 0.001·lr for `msefeature` as the code, λ0 = 0). */
  gradBalance?: boolean;
  /** With GradBalance the density target is `overshoot·κ·d`; default 1.1. */
  overshoot?: number;
  /** EMA weight of the new λ*; default 0.01 (λ ← 0.99 λ + 0.01 λ*). */
  lambdaSmoothing?: number;
  /** Scale of the sparsity error e = scale·(Σσ(θ)/A − 1); default 100. */
  sparsityScale?: number;
  /** Scale of the KL/task/feature/gradient-matching loss; default 100 (`deltaloss` uses 1e4 and `gradnorm` 1 regardless, as the code). */
  lossScale?: number;
  /** LR ×0.1 from 0-based epoch ⌊lrDropAt·E⌋ − 1 on (when ⌊lrDropAt·E⌋ ≥ 1); default 0.88. */
  lrDropAt?: number;
  /** Seed of the Concrete noise; default 0. */
  seed?: number;
  /** `"topk"` (default): keep the ⌊κd⌋ largest logits; `"positive"`: keep θ > 0. */
  finalize?: Finalize;
  /** Called after every step with the log entry; default none. */
  onStep?: (entry: CtsLogEntry) => void;
}

/** One step of the search log. */
export interface CtsLogEntry {
  step: number;
  epoch: number;
  /** The (scaled) objective of the step. */
  loss: number;
  /** λ after this step's update. */
  lambda: number;
  /** Σσ(θ)/d before the step (the code's density proxy). */
  expDensity: number;
}

/** {@link CtsOptions} with every default filled in. */
export type ResolvedCtsOptions = Readonly<Required<Omit<CtsOptions, "onStep">>> & { readonly onStep?: CtsOptions["onStep"] };

const OBJECTIVES: readonly string[] = ["rkl", "fkl", "task", "deltaloss", "gradnorm", "msefeature", "gradmatch"];

function positive(x: number, name: string): void {
  if (!(typeof x === "number" && Number.isFinite(x) && x > 0)) throw new WcError("E_RANGE", `concreteTicketSearch: ${name} must be a finite number > 0, got ${String(x)}`);
}

/**
 * Validates CTS options and fills the defaults (spec section 3, from search/concrete.py and
 * experiments/cts.py).
 * @param o - user options
 * @returns a new frozen object
 * @throws {WcError} `E_RANGE` for out-of-range numbers; `E_ARGUMENT` for unknown names.
 * @example
 * resolveCtsOptions({ density: 0.01 }).tau; // 2/3
 */
export function resolveCtsOptions(o: CtsOptions): ResolvedCtsOptions {
  if (o === null || typeof o !== "object") throw new WcError("E_ARGUMENT", "concreteTicketSearch: options with at least { density } are required");
  checkDensity(o.density, "concreteTicketSearch");
  const r = {
    density: o.density,
    epochs: o.epochs ?? 1,
    lr: o.lr ?? 0.1,
    objective: o.objective ?? "rkl",
    tau: o.tau ?? 2 / 3,
    gradBalance: o.gradBalance ?? true,
    overshoot: o.overshoot ?? 1.1,
    lambdaSmoothing: o.lambdaSmoothing ?? 0.01,
    sparsityScale: o.sparsityScale ?? 100,
    lossScale: o.lossScale ?? 100,
    lrDropAt: o.lrDropAt ?? 0.88,
    seed: o.seed ?? 0,
    finalize: o.finalize ?? "topk",
    onStep: o.onStep,
  };
  if (!Number.isInteger(r.epochs) || r.epochs < 1) throw new WcError("E_RANGE", `concreteTicketSearch: epochs must be an integer >= 1, got ${r.epochs}`);
  positive(r.lr, "lr");
  positive(r.tau, "tau");
  positive(r.overshoot, "overshoot");
  positive(r.sparsityScale, "sparsityScale");
  positive(r.lossScale, "lossScale");
  if (!(r.lambdaSmoothing > 0 && r.lambdaSmoothing <= 1)) throw new WcError("E_RANGE", `concreteTicketSearch: lambdaSmoothing must be in (0, 1], got ${r.lambdaSmoothing}`);
  if (!(r.lrDropAt > 0 && r.lrDropAt <= 1)) throw new WcError("E_RANGE", `concreteTicketSearch: lrDropAt must be in (0, 1], got ${r.lrDropAt}`);
  if (!Number.isSafeInteger(r.seed) || r.seed < 0) throw new WcError("E_RANGE", `concreteTicketSearch: seed must be an integer >= 0, got ${r.seed}`);
  if (!OBJECTIVES.includes(r.objective)) throw new WcError("E_ARGUMENT", `concreteTicketSearch: unknown objective "${String(r.objective)}"; use ${OBJECTIVES.join(", ")}`);
  if (r.finalize !== "topk" && r.finalize !== "positive") throw new WcError("E_ARGUMENT", `concreteTicketSearch: finalize must be "topk" or "positive", got "${String(r.finalize)}"`);
  return Object.freeze(r);
}
