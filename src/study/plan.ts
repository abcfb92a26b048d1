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

/** The quick study (`reproduce --quick`) and the full one (`npm start`), sized for 10 and 30 minutes on 2
 * cores by extrapolation, not yet timed end to end: one training image costs 0.16 s summed over the nine
 * architectures (measured at batch 32 on a 2-core machine under load 0.6-2.8: Inception 19 img/s,
 * DenseNet 31, ResNet 69, EfficientNet 56, MobileNet 75, ViT 86, ConvNeXt 102, AlexNet 202, VGG 371), a
 * test image about a third of that per epoch. Quick: 2 x 2 x 600 x 0.16 + 2 x 2 x 300 x 0.053 = 448 s;
 * full: 2 x 3 x 1500 x 0.16 + 2 x 3 x 800 x 0.053 = 1694 s, plus the other sections (about 25 s).
 * Measured since: the quick plan's 18 trainings took 321 s in notebook 02 (quick = true) during npm test's
 * notebooks test on an otherwise idle machine; the full plan and reproduce as a whole are not timed. */
export const STUDY_SIZES: Record<"quick" | "full", StudySize> = {
  quick: { epochs: 2, limitTrain: 600, limitTest: 300 },
  full: { epochs: 3, limitTrain: 1500, limitTest: 800 },
};

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
