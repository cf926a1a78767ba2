export type { AvdBlock, BitStackLinear } from "./types";
export { DECOMPOSE_DEFAULTS, resolveDecomposeOptions } from "./options";
export type { DecomposeOptions, ResolvedDecomposeOptions, SvdMode } from "./options";
export { packSigns, unpackSigns } from "./pack-signs";
export { blockBytes } from "./block-bytes";
export { decomposeMatrix } from "./decompose";
export { reconstruct } from "./reconstruct";
export type { ReconstructOptions } from "./reconstruct";
export { ACT_SCALE_EPS, ActivationScaleAccumulator, activationScales } from "./activation-scales";
export { foldScales } from "./fold-scales";
export type { FoldedScales, ScalePrev } from "./fold-scales";
export { proxyScores, scoreBlocks } from "./score-blocks";
export type { BlockScores, LayerPpl, PplEvaluator, ScoreBlocksOptions } from "./score-blocks";
export { sortBlocks } from "./sort-blocks";
export { buildConfigs, selectConfig } from "./configs";
export type { CompressionConfig } from "./configs";
export { fromSafetensors, readStack, stackLinears, stackToStateDict, toSafetensors } from "./storage";
export type { StackSource } from "./storage";
export { parseBudget } from "./budget";
export {
  LLAMA_LINEARS,
  StackEvaluator,
  compressLlama,
  denseWeights,
  llamaActivationScales,
  llamaLinearNames,
  llamaScaleGroups,
  officialLayerName,
  randomWindows,
} from "./llama-stack";
export type { CompressLlamaOptions, CompressedLlama, ScaleGroup } from "./llama-stack";
