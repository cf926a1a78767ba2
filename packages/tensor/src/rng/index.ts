export { Rng, rng, toRng } from "./generator";
export { beta, exponential, gamma, gumbel, truncatedNormal, truncatedNormalSampler } from "./distributions";
export type { TruncatedNormalOptions } from "./distributions";
export { choice, permutation, shuffleInPlace } from "./sampling";
export type { Shuffleable } from "./sampling";
export { rand, randint, randn, randTruncatedNormal } from "./fill";
export type { RandintOptions, RandnOptions, RandOptions, RandomTensorOptions, RandTruncatedNormalOptions } from "./fill";
export { erfc, normalCdf, normalQuantile } from "./normal-cdf";
