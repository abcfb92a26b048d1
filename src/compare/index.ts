/** Dataset comparison: class vocabularies through WordNet, image statistics, near-duplicates, sample grids. */
export {
  compareClasses,
  type ClassComparison,
  type Counts,
  type DepthDistribution,
  type NearestClass,
} from "./classes";
export {
  classRows,
  comparisonRows,
  depthRows,
  lexnameRows,
  type ClassRow,
  type ComparisonRow,
} from "./classesTables";
export {
  aspectRows,
  channelRows,
  classCountRows,
  compareImages,
  imageStats,
  sizeRows,
  type ImageStats,
  type ImageStatsOptions,
} from "./images";
export {
  hashDataset,
  nearDuplicates,
  pHashFile,
  type DuplicatePair,
  type HashOptions,
} from "./duplicates";
export { pairGrid, sampleGrid, type PairGridOptions, type SampleGridOptions } from "./images-grid";
