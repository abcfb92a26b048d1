/** imagenot-lab's public API: what a notebook, a test or a script imports from "imagenot-lab". */
export * from "./results/reference";
export * from "./data/dataset";
export { Rng, type RngState } from "./util/rng";
export { parseCsv, readCsv, type CsvTable } from "./util/csv";
export { writeFileAtomic, writeJsonAtomic } from "./util/atomic";
export { Progress } from "./util/progress";
export * from "./wordnet";
export * from "./compare/classes";
export * from "./compare/classesTables";
export * from "./analysis";
export * from "./results/table";
export * from "./data";
export * from "./compare/images";
export * from "./compare/duplicates";
export * from "./compare/images-grid";
export { train, type TrainConfig } from "./train/trainer";
export { readRunRecord, type RunRecord } from "./train/run-record";
