/** `openDataset(spec)`: one entry point for every image source, giving a Dataset with seeded stratified
 * splits, optional seeded subsets for workshops, and the report of what bad input was skipped.
 *
 * Skipped vs refused, by source (details in each source's module comment):
 * - folder:DIR  skips and reports stray, non-image, unreadable, truncated files and empty class folders (the
 *   class stays), and at batch time files that fail to decode; refuses a missing root, no class folders, no
 *   readable image at all.
 * - cifar10:DIR / cifar100:DIR  skip records with out-of-range labels and note missing batches; refuse a file
 *   that is not a whole number of records, or no training file.
 * - idx:DIR  refuses bad magic, wrong lengths, damaged gzip, mismatched counts (IDX cannot be resynchronised).
 * - mnist / fashion-mnist  skip items without 784 values (Fashion-MNIST has two empty entries). */
import { basename, resolve } from "node:path";
import type { Dataset, LabeledImages } from "./dataset";
import { InputError } from "../errors";
import { arrayImages, type ArrayAugment, type LabeledBytes } from "./array-source";
import { loadBuiltin, type BuiltinName } from "./builtin";
import { readCifarFolder, type CifarKind } from "./cifar";
import {
  imageFileImages,
  listImageFolder,
  verifyImageFiles,
  type ListedFile,
  type VerifyMode,
} from "./folder";
import { readIdxFolder } from "./idx";
import { ProblemLog, type DataProblem } from "./problems";
import { selectItems, subsetImages } from "./splits";

export { batches, type StreamBatch, type StreamOptions } from "./batches";
export { formatProblems, type DataProblem } from "./problems";
export { selectItems, stratifiedSample, stratifiedSplit, subsetImages } from "./splits";
export type { VerifyMode } from "./folder";

export interface OpenOptions {
  /** Seed of the held-out split and of the subsets (default 0). Keep it fixed across runs you compare, so that
   * every model sees the same test items; the training seed is separate. */
  seed?: number;
  /** Keep a stratified seeded subset of this many training / test items. */
  limitTrain?: number;
  limitTest?: number;
  /** Square side of the images: folders default to 224; array sources keep their own size unless given. */
  imageSize?: number;
  /** Test share drawn (stratified) where the source has no test split: 1/7 for the built-ins (Fashion-MNIST's
   * 60,000/10,000), 0.2 otherwise. */
  testFraction?: number;
  /** Folders: how thoroughly files are checked when opened (default "header"). */
  verify?: VerifyMode;
  /** Where skipped-input lines go as they happen (default stderr; null for silence). */
  warn?: ((line: string) => void) | null;
}

/** A Dataset with its bad-input report (files and items skipped, with reasons); folder sources append to
 * it when a file fails to decode during training. */
export interface OpenedDataset extends Dataset {
  readonly report: readonly DataProblem[];
}

/** The training shift of the MNIST family (the built-in sets, IDX folders): up to 2 pixels, no mirror. */
export const DIGIT_AUGMENT: ArrayAugment = { pad: 2, flip: false };

export const DATASET_SPECS = [
  "mnist",
  "fashion-mnist",
  "cifar10:DIR",
  "cifar100:DIR",
  "idx:DIR",
  "folder:DIR",
] as const;

/** Opens `spec` (one of DATASET_SPECS). Bad specs and sources that cannot be used throw InputError naming
 * the input; damaged items inside a usable source are skipped and listed in `report`. */
export async function openDataset(spec: string, opts: OpenOptions = {}): Promise<OpenedDataset> {
  const seed = opts.seed ?? 0;
  for (const key of ["limitTrain", "limitTest", "imageSize"] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      throw new InputError(`${key} must be a positive whole number, got ${v}`);
  }
  if (opts.testFraction !== undefined && !(opts.testFraction > 0 && opts.testFraction < 1))
    throw new InputError(`testFraction must be between 0 and 1, got ${opts.testFraction}`);
  const log = new ProblemLog(opts.warn);
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const dir = colon < 0 ? "" : spec.slice(colon + 1);
  if (colon >= 0 && !dir) throw new InputError(`dataset "${spec}" needs a folder after the colon`);

  let source: Source;
  if ((kind === "mnist" || kind === "fashion-mnist") && colon < 0) {
    const set = loadBuiltin(kind as BuiltinName, log);
    const pool = arrayImages(
      set.data.pixels,
      set.data.labels,
      [28, 28, 1],
      DIGIT_AUGMENT,
      opts.imageSize,
    );
    source = {
      name: kind,
      source: set.source,
      classes: set.classes,
      classNames: set.classNames,
      ...arrayPools(pool),
      defaultTestFraction: 1 / 7,
    };
  } else if ((kind === "cifar10" || kind === "cifar100") && colon >= 0) {
    const folder = readCifarFolder(kind as CifarKind, dir, log);
    const split = (d: LabeledBytes) =>
      arrayImages(d.pixels, d.labels, [32, 32, 3], { pad: 4, flip: true }, opts.imageSize);
    source = {
      name: kind,
      source: `${kind}:${resolve(dir)}`,
      classes: folder.classes,
      ...arrayPools(split(folder.train), folder.test && split(folder.test)),
    };
  } else if (kind === "idx" && colon >= 0) {
    const folder = readIdxFolder(dir);
    const split = (d: LabeledBytes) =>
      arrayImages(d.pixels, d.labels, folder.imageShape, DIGIT_AUGMENT, opts.imageSize);
    const top = [folder.train.labels, folder.test?.labels ?? new Int32Array(0)].reduce(
      (m, l) => l.reduce((a, v) => Math.max(a, v), m),
      0,
    );
    const classes = Array.from({ length: top + 1 }, (_, i) => String(i));
    source = {
      name: basename(resolve(dir)),
      source: `idx:${resolve(dir)}`,
      classes,
      ...arrayPools(split(folder.train), folder.test && split(folder.test)),
    };
  } else if (kind === "folder" && colon >= 0) {
    const folder = await listImageFolder(dir, log);
    const labelsOf = (files: ListedFile[]) => Int32Array.from(files, (f) => f.label);
    source = {
      name: basename(resolve(dir)),
      source: `folder:${resolve(dir)}`,
      classes: folder.classes,
      trainLabels: labelsOf(folder.train),
      testLabels: folder.test && labelsOf(folder.test),
      // Only the chosen files are checked, so a workshop subset of a large folder opens quickly.
      build: async (pool, indices) => {
        const files = Array.from(indices, (i) => folder[pool]![i]);
        return imageFileImages(
          await verifyImageFiles(files, log, opts.verify),
          opts.imageSize ?? 224,
          log,
        );
      },
    };
  } else {
    throw new InputError(`unknown dataset "${spec}" (expected one of ${DATASET_SPECS.join(", ")})`);
  }
  const chosen = selectItems(source.trainLabels, source.testLabels, {
    seed,
    testFraction: opts.testFraction ?? source.defaultTestFraction ?? 0.2,
    limitTrain: opts.limitTrain,
    limitTest: opts.limitTest,
  });
  const train = await source.build("train", chosen.train);
  const test = await source.build(chosen.testPool, chosen.test);
  if (train.count + test.count === 0) throw new InputError(`${spec} holds no readable images`);
  return {
    name: source.name,
    source: source.source,
    classes: source.classes,
    classNames: source.classNames,
    train,
    test,
    report: log.problems,
  };
}

/** What a source offers before the splits are chosen: its pools' labels and a way to build a split from
 * chosen items of a pool. */
interface Source {
  name: string;
  source: string;
  classes: string[];
  classNames?: string[];
  trainLabels: Int32Array;
  testLabels?: Int32Array;
  defaultTestFraction?: number;
  build(pool: "train" | "test", indices: Int32Array): LabeledImages | Promise<LabeledImages>;
}

/** Pools held in memory: a split is a view of the chosen items. */
function arrayPools(
  train: LabeledImages,
  test?: LabeledImages,
): Pick<Source, "trainLabels" | "testLabels" | "build"> {
  const pools = { train, test };
  return {
    trainLabels: train.labels(),
    testLabels: test?.labels(),
    build: (pool, indices) => subsetImages(pools[pool]!, indices),
  };
}
