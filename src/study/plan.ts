/** The study's plan: which runs to train (architecture, dataset, seed, recipe, data sizes, epochs, folder),
 * as plain data (no TensorFlow) so that the report, the notebooks and a grid executor share one list. */
import { join } from "node:path";
import { InputError } from "../errors";
import { ARCHITECTURES, type ArchitectureId } from "../models/facts";
import { recipeFor, type RecipeName } from "../train/recipes";

/** The built-in pair: MNIST plays ImageNet, Fashion-MNIST plays ImageNot. */
export const STUDY_DATASETS = ["mnist", "fashion-mnist"] as const;

/** How much every run of a study trains and tests on. Both datasets get the same sizes, so that only
 * their content differs. */
export interface StudySize {
  epochs: number;
  limitTrain: number;
  limitTest: number;
}

/** The quick study (`reproduce --quick`) and the full one (`npm start`), sized for the study issue's 10 and
 * 30 minutes on 2 cores. Measured on an otherwise idle 2-core machine, wasm on 2 threads, seed 0, one run
 * each, 2026-12-03: `npm run bench -- study --backend wasm` took 301 s (16 of 18 runs at >= 0.5; ViT-B/16 below
 * on both datasets), and `npm run bench -- study --full --backend wasm` 1603 s with 6 epochs (14 of 18 at the
 * floors: 8 of 9 on MNIST >= 0.85, 6 of 9 on Fashion-MNIST >= 0.75; ViT-B/16 below on both, Inception and
 * MobileNet at 0.739 and 0.735 on Fashion-MNIST). 4 epochs had given 11 of 18 (2026-12-02, 1888 s on a slower
 * machine). */
export const STUDY_SIZES: Record<"quick" | "full", StudySize> = {
  quick: { epochs: 2, limitTrain: 1000, limitTest: 300 },
  full: { epochs: 6, limitTrain: 2000, limitTest: 800 },
};

/** A study size in words: "2000 training and 800 test images, 6 epochs". */
export function describeStudySize(size: StudySize): string {
  return `${size.limitTrain} training and ${size.limitTest} test images, ${size.epochs} epochs`;
}

/** One run of the study. */
export interface RunSpec {
  arch: ArchitectureId;
  dataset: string;
  seed: number;
  /** The architecture's family recipe (src/train/recipes.ts). */
  recipe: RecipeName;
  epochs: number;
  limitTrain: number;
  limitTest: number;
  /** Seed of the test split and subsets: the same for every run, so all are tested on the same items. */
  dataSeed: number;
  /** The run folder. */
  out: string;
}

export interface StudyPlanOptions {
  /** The quick sizes instead of the full ones. */
  quick: boolean;
  /** Folder of the study: runs go to OUT/runs/DATASET/ARCH/seedN. */
  out: string;
  /** Seeds per (architecture, dataset): firstSeed, firstSeed + 1, ... (1 by default). */
  seeds?: number;
  firstSeed?: number;
  archs?: readonly ArchitectureId[];
  datasets?: readonly string[];
  /** Overrides of the quick or full sizes (e.g. a tiny test study). */
  size?: Partial<StudySize>;
}

/** Where a study's runs live. */
export function studyRunsFolder(out: string): string {
  return join(out, "runs");
}

/** The runs of a study, dataset by dataset, architectures in the paper's order, then seeds. */
export function studyPlan(opts: StudyPlanOptions): RunSpec[] {
  const seeds = opts.seeds ?? 1;
  const first = opts.firstSeed ?? 0;
  if (!Number.isInteger(seeds) || seeds < 1)
    throw new InputError(`seeds must be a whole number of 1 or more, got ${seeds}`);
  const size = { ...STUDY_SIZES[opts.quick ? "quick" : "full"], ...opts.size };
  const specs: RunSpec[] = [];
  for (const dataset of opts.datasets ?? STUDY_DATASETS)
    for (const arch of opts.archs ?? ARCHITECTURES)
      for (let seed = first; seed < first + seeds; seed++)
        specs.push({
          arch,
          dataset,
          seed,
          recipe: recipeFor(arch)!,
          ...size,
          dataSeed: 0,
          out: join(studyRunsFolder(opts.out), dataset, arch, `seed${seed}`),
        });
  return specs;
}
