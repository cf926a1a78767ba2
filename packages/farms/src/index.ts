export { CONV_DEFAULTS, FARMS_DEFAULTS, FIT_DEFAULTS, resolveConvOptions, resolveFarmsOptions, resolveFitOptions } from "./options";
export type {
  ConvOptions,
  FarmsOptions,
  FitOptions,
  ResolvedConvOptions,
  ResolvedFarmsOptions,
  ResolvedFitOptions,
  SamplingMode,
  XminRule,
} from "./options";
export { conv2dSlices, esd, esdConv2d } from "./esd";
export { fitPowerLaw } from "./power-law-fit";
export type { PowerLawFit } from "./power-law-fit";
export { layerMetrics, meanMetrics } from "./layer-metrics";
export type { LayerMetrics } from "./layer-metrics";
export { farmsEsd, farmsWindows } from "./farms-sampler";
export type { FarmsEsdResult, FarmsWindows } from "./farms-sampler";
export { farmsConv2d } from "./farms-conv";
export type { FarmsConvOptions, FarmsConvResult } from "./farms-conv";
export { tempBalanceLRs } from "./temp-balance";
export type { TempBalanceAssign, TempBalanceOptions } from "./temp-balance";
export { alphaPruningRatios, magnitudePrune } from "./alpha-pruning";
export type { AlphaPruningOptions } from "./alpha-pruning";
export { analyzeModel, analyzeWeight, isWeightShape } from "./analyze-model";
export { analysisSections, defaultPlotLayers } from "./report";
export type { ReportOptions } from "./report";
export type { AnalyzeOptions, FarmsLayerMetrics, LayerReport, ModelAnalysis, TensorEntryLike, TensorSource } from "./analyze-model";
