import type { ReuseLevel } from "./levels";
import type { Link, Mode } from "./model/layout";
import type { Summary } from "./summary";

/** Posterior predictive of {@link ReuseFit.predict}. */
export interface ReusePrediction {
  /** Mean posterior probability of levels 1, 2, 3 per row. */
  readonly probs: number[][];
  /** argmax of `probs` per row. */
  readonly level: ReuseLevel[];
  /** 5% quantile of each level's probability over draws (90% interval). */
  readonly lo: number[][];
  /** 95% quantile of each level's probability over draws. */
  readonly hi: number[][];
}

/** One row of {@link ReuseFit.featureRelevance}. */
export interface FeatureRelevance {
  /** Feature (column) name. */
  readonly name: string;
  /** Multinomial: the level whose log-odds against level 1 this coefficient moves (2 or 3); ordinal: undefined. */
  readonly level?: 2 | 3;
  /** Posterior mean of |beta| (on the standardised scale). */
  readonly meanAbsBeta: number;
  /** Posterior P(beta > 0). */
  readonly probPositive: number;
  /** Posterior mean of the shrinkage factor kappa = 1 / (1 + tau^2 lambda~^2) (1 = fully shrunk). */
  readonly shrinkage: number;
}

/** Sampler diagnostics of a fit. */
export interface ReuseDiagnostics {
  /** Rank-normalised split R-hat per scalar (names such as `beta[2,density]`, `tau`, `t12`). */
  readonly rhat: Record<string, number>;
  /** Bulk ESS per scalar. */
  readonly essBulk: Record<string, number>;
  /** Tail ESS per scalar. */
  readonly essTail: Record<string, number>;
  /** Divergent transitions after warmup, all chains. */
  readonly divergences: number;
  /** E-BFMI per chain (empty for the slice sampler). */
  readonly ebfmi: number[];
  /** Adapted NUTS step size per chain (empty for slice). */
  readonly stepSize: number[];
  /** Human-readable warnings (R-hat > 1.01, ESS < 400, divergences > 0, E-BFMI < 0.3). */
  readonly warnings: string[];
}

/** The fitted reuse model. */
export interface ReuseFit {
  readonly mode: Mode;
  readonly link: Link;
  /** Feature names (columns of X). */
  readonly featureNames: readonly string[];
  /** Group names in index order. */
  readonly groupNames: readonly string[];
  /** Number of chains and kept draws per chain. */
  readonly chains: number;
  readonly drawsPerChain: number;
  /**
   * Constrained draws per parameter, chains concatenated, row-major over `paramShapes[name]`
   * (e.g. `beta` is S x k1 x P with k1 = 2 for multinomial (levels 2, 3), 1 for ordinal).
   */
  readonly draws: Record<string, Float64Array>;
  /** Shape of one draw of each parameter in `draws`. */
  readonly paramShapes: Record<string, number[]>;
  /** Decision boundaries on R: posterior in joint mode; the given constants (sd 0) in fixed mode. */
  readonly thresholds: { readonly t12: Summary; readonly t23: Summary };
  /**
   * Per training specimen: posterior probability of each level (joint mode: of the latent level
   * given R and features; fixed mode: the model's class probabilities).
   */
  readonly levelProbs: number[][];
  /** Levels used as labels (fixed mode) or the most probable latent level (joint mode). */
  readonly levels: ReuseLevel[];
  /**
   * Posterior predictive level probabilities for new feature rows (raw units, as X). Unknown or
   * missing groups draw their effect from the hierarchical prior N(0, s^2).
   */
  predict(Xnew: readonly (readonly number[])[], groups?: readonly string[]): ReusePrediction;
  /** Feature relevance, sorted by decreasing mean |beta|. */
  featureRelevance(): FeatureRelevance[];
  readonly diagnostics: ReuseDiagnostics;
}
