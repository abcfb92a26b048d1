/** The model zoo's public API: the registry and builder, cost counting, the listing and saving/loading. */
export { ARCHITECTURES, architectureFacts, buildModel, defaultConfig, trainableParams, PAPER_CLASSES, SMALL_CLASSES, SMALL_INPUT, type ArchitectureId, type ArchitectureFacts, type BuildOptions, type Family, type ModelScale } from "./registry";
export type { InitMode, InputShape } from "./builder-kit";
export { macsPerExample, flopsPerExample, layerMacs } from "./flops";
export { catalog, summarise, type CatalogRow, type ScaleSummary } from "./catalog";
export { directoryHandler, saveModel, loadModel, loadWeightsInto, readWeights } from "./weights-io";
export { loadTorchvisionState } from "./torchvision-import";
