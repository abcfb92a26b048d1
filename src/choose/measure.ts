/** The measuring half of `choose`: open your images, pretrain each candidate on another dataset, fine-tune
 * it on yours (and one from scratch as a baseline), and time it on this machine. The decision itself is
 * decision.ts's, from these numbers. */
import { join } from "node:path";
import { openDataset } from "../data/index";
import type { DataProblem } from "../data/problems";
import { selectBackend } from "../engine/backend";
import type { BackendChoice, BackendInfo } from "../engine/choices";
import { InputError } from "../errors";
import { macsPerExample } from "../models/flops";
import { architectureFacts } from "../models/facts";
import { buildModel, trainableParams } from "../models/registry";
import { train } from "../train/trainer";
import type { RunRecord } from "../train/run-record";
import { datasetAsRgb } from "./channels";
import type { MeasuredCandidate } from "./decision";
import { CHOOSE_DEFAULTS, DEFAULT_CANDIDATES, type ChooseTraining } from "./settings";
import { inferenceSpeeds } from "./speed";

export interface MeasureConfig {
  /** Your images: folder:DIR (one folder per class), or any openDataset spec. */
  data: string;
  candidates?: readonly string[];
  /** The dataset the candidates are pretrained on (default mnist; fashion-mnist when `data` is mnist). */
  pretrainOn?: "mnist" | "fashion-mnist";
  /** The candidate also trained from scratch on your data (default the first; null for none). */
  scratch?: string | null;
  training?: Partial<ChooseTraining>;
  /** Seeds weights, order and your data's test split (default 0). */
  seed?: number;
  backend?: BackendChoice;
  /** Folder for the runs (OUT/runs/...). */
  out: string;
  /** Progress lines (default stderr; null for none). */
  log?: ((line: string) => void) | null;
}

export interface Measurements {
  data: {
    spec: string;
    name: string;
    source: string;
    classes: string[];
    trainCount: number;
    testCount: number;
    /** Files skipped and why (unreadable images, stray files, empty classes). */
    problems: DataProblem[];
  };
  candidates: MeasuredCandidate[];
  baseline: { arch: string; testCorrect: string } | null;
  runs: { pretrain: RunRecord[]; fineTune: RunRecord[]; scratch: RunRecord | null };
  backend: BackendInfo;
  /** Everything needed to run it again. */
  settings: {
    candidates: string[];
    pretrainOn: string;
    scratch: string | null;
    seed: number;
    training: ChooseTraining;
  };
}

/** Opens `spec` at `imageSize` and refuses what cannot be decided on: fewer than two classes with images,
 * no test images. */
async function openYourData(spec: string, imageSize: number, seed: number) {
  const dataset = await openDataset(spec, { seed, imageSize });
  const present = new Set([...dataset.train.labels(), ...dataset.test.labels()]);
  if (present.size < 2)
    throw new InputError(
      `${spec}: images of ${present.size} class${present.size === 1 ? "" : "es"} only; choosing a classifier needs at least two classes with images`,
    );
  if (dataset.test.count === 0 || dataset.train.count === 0)
    throw new InputError(
      `${spec}: ${dataset.train.count} training and ${dataset.test.count} test images; need some of each`,
    );
  return dataset;
}

/** Runs the measurements for every candidate, one after another (training is the slow part). */
export async function measureCandidates(config: MeasureConfig): Promise<Measurements> {
  const log = config.log === undefined ? (l: string) => process.stderr.write(`${l}\n`) : config.log;
  const t: ChooseTraining = { ...CHOOSE_DEFAULTS, ...config.training };
  const seed = config.seed ?? 0;
  const candidates = [...(config.candidates ?? DEFAULT_CANDIDATES)];
  if (candidates.length === 0) throw new InputError("no candidates given");
  for (const arch of candidates) architectureFacts(arch);
  if (new Set(candidates).size !== candidates.length)
    throw new InputError(`candidates repeat: ${candidates.join(", ")}`);
  const scratch = config.scratch === undefined ? candidates[0] : config.scratch;
  if (scratch !== null && !candidates.includes(scratch))
    throw new InputError(`the from-scratch baseline ${scratch} is not one of the candidates`);
  const pretrainOn = config.pretrainOn ?? (config.data === "mnist" ? "fashion-mnist" : "mnist");
  const backend = await selectBackend(config.backend ? { backend: config.backend } : {});
  const yours = await openYourData(config.data, t.imageSize, seed);
  const source = datasetAsRgb(
    await openDataset(pretrainOn, {
      seed,
      imageSize: t.imageSize,
      limitTrain: t.pretrainLimitTrain,
      limitTest: t.pretrainLimitTest,
      warn: null,
    }),
  );
  const common = {
    scale: "small" as const,
    batchSize: t.batchSize,
    optimizer: "adam" as const,
    lr: t.lr,
    lrSchedule: "constant" as const,
    seed,
    backend: config.backend,
    progress: false,
  };
  const runs: Measurements["runs"] = { pretrain: [], fineTune: [], scratch: null };
  const measured: MeasuredCandidate[] = [];
  for (const [i, arch] of candidates.entries()) {
    const name = architectureFacts(arch).displayName;
    log?.(`[${i + 1}/${candidates.length}] ${name}: pretraining on ${pretrainOn}`);
    const pretrainOut = join(config.out, "runs", "pretrain", pretrainOn, arch);
    // resume: the pretrained weights depend only on the built-in set and the settings, so reruns reuse them.
    const pre = await train({
      ...common,
      arch,
      dataset: source,
      epochs: t.pretrainEpochs,
      out: pretrainOut,
      resume: true,
    });
    runs.pretrain.push(pre);
    log?.(
      `      fine-tuning on ${yours.name} (${pretrainOn} accuracy ${pre.finalTestAcc.toFixed(3)})`,
    );
    const tuned = await train({
      ...common,
      arch,
      dataset: yours,
      epochs: t.epochs,
      augment: t.augment,
      out: join(config.out, "runs", "finetune", arch),
      fineTune: { from: pretrainOut, newHead: true, backbone: { lr: t.backboneLr } },
    });
    runs.fineTune.push(tuned);
    log?.(`      accuracy ${tuned.finalTestAcc.toFixed(3)}`);
    if (arch === scratch) {
      log?.(`      from scratch on ${yours.name} (baseline)`);
      runs.scratch = await train({
        ...common,
        arch,
        dataset: yours,
        epochs: t.epochs,
        augment: t.augment,
        out: join(config.out, "runs", "scratch", arch),
      });
    }
  }
  log?.(`timing inference at batch 1, the ${candidates.length} models taking turns`);
  const models = candidates.map((arch) =>
    buildModel(arch, {
      scale: "small",
      inputShape: [t.imageSize, t.imageSize, 3],
      numClasses: yours.classes.length,
      seed,
    }),
  );
  try {
    const speeds = inferenceSpeeds(models, 1);
    candidates.forEach((arch, i) => {
      const pre = runs.pretrain[i];
      measured.push({
        arch,
        testCorrect: runs.fineTune[i].testCorrect,
        params: trainableParams(models[i]),
        macs: macsPerExample(models[i]),
        latencyMs: speeds[i].msPerImage,
        trainImgPerS: pre.metrics[pre.metrics.length - 1].imagesPerSecond,
      });
    });
  } finally {
    for (const m of models) m.dispose();
  }
  return {
    data: {
      spec: config.data,
      name: yours.name,
      source: yours.source,
      classes: [...yours.classes],
      trainCount: yours.train.count,
      testCount: yours.test.count,
      problems: [...yours.report],
    },
    candidates: measured,
    baseline: runs.scratch
      ? { arch: runs.scratch.arch, testCorrect: runs.scratch.testCorrect }
      : null,
    runs,
    backend,
    settings: { candidates, pretrainOn, scratch, seed, training: t },
  };
}
