/** The study's statistics: pure functions on plain arrays, no TensorFlow. */
export { ranks, topK, topKOverlap, argsort, type RankOptions, type TopKOverlap } from "./ranks";
export {
  kendallTauB,
  pairCounts,
  pairwiseAgreement,
  type PairCounts,
  type PairwiseAgreement,
} from "./kendall";
export { pearson, spearman, mean, moments, correlationOf, type Moments } from "./correlation";
export {
  detectUnit,
  toFractions,
  toScale,
  fromScale,
  logit,
  logistic,
  SCALES,
  type AccuracyUnit,
  type Scale,
} from "./accuracy";
export {
  linearFit,
  leastSquares,
  fitLine,
  type LinearFit,
  type LinearFitOptions,
  type LeastSquares,
} from "./fit";
export { binomialCdf, binomialQuantile } from "./binomial";
export { improvementOverBaseline, improvementOverPrevious } from "./improvement";
export {
  bootstrapRows,
  bootstrapExamples,
  bootstrapPairedStatistics,
  pairedStatistics,
  percentileInterval,
  quantileSorted,
  correctnessVector,
  pick,
  type BootstrapOptions,
  type BootstrapInterval,
  type Correctness,
  type PairedStatistics,
} from "./bootstrap";
export {
  normCdf,
  normQuantile,
  tCdf,
  tPdf,
  tQuantile,
  betaInc,
  gammaQ,
  logGamma,
  logBeta,
} from "./special";
