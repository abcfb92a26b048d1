/** The model zoo's public API: facts without TensorFlow, the builder, cost counting and saving/loading. */
export {
  ARCHITECTURES,
  PAPER_CLASSES,
  SMALL_CLASSES,
  SMALL_INPUT,
  architectureFacts,
  catalog,
  displayName,
  isArchitecture,
  type ArchitectureFacts,
  type ArchitectureId,
  type CatalogRow,
  type Family,
  type InputShape,
  type ModelScale,
  type ScaleCost,
} from "./facts";
export { buildModel, defaultConfig, trainableParams, type BuildOptions } from "./registry";
export type { InitMode } from "./builder-kit";
export { macsPerExample, flopsPerExample } from "./flops";
export { summarise } from "./measure";
export { saveModel, loadModel, loadWeightsInto } from "./weights-io";
export { loadTorchvisionState } from "./torchvision-import";
