/** train(): a custom training loop (softmax cross-entropy on logits, our optimizers and schedules) with a
 * progress bar, per-epoch evaluation, a resumable checkpoint each epoch and the run record run.json. */
import * as tf from "@tensorflow/tfjs";
import { rmSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Dataset, LabeledImages } from "../data/dataset";
import { openDataset } from "../data/index";
import { selectBackend } from "../engine/backend";
import type { BackendChoice } from "../engine/choices";
import { buildModel, trainableParams } from "../models/registry";
import { ARCHITECTURES } from "../models/facts";
import { saveModel } from "../models/weights-io";
import { InputError, WorkError } from "../errors";
import { Progress } from "../util/progress";
import { Rng } from "../util/rng";
import { loadLatestCheckpoint, saveCheckpoint, type PartialEpoch } from "./checkpoint";
import { crossEntropyPerExample, evaluate, type Evaluation } from "./evaluate";
import { layerRngStates, restoreLayerRngs } from "./layer-rngs";
import { assignWeights, loadWeightsFrom, trainableGroups } from "./model-weights";
import { makeOptimizer, type OptimizerState, type TrainOptimizer } from "./optimizer";
import {
  CONFUSION_MAX_CLASSES,
  readRunRecord,
  versionsFor,
  writeRunRecord,
  type EpochMetrics,
  type RunRecord,
} from "./run-record";
import { learningRateAt } from "./schedule";
import { learnedVerdict } from "./learned";
import { channelStats, standardise, type ChannelStats } from "./normalize";
import { lrForBatch, recipe, recipeFor, type RecipeName } from "./recipes";
import {
  OPTIMIZERS,
  SCHEDULES,
  TRAIN_DEFAULTS,
  type OptimizerName,
  type ScheduleName,
  type ScheduleSpec,
} from "./settings";

/** Start from saved weights: a run's out folder, or any folder with a tfjs layers model (model.json + weights.bin). */
export interface FineTune {
  from: string;
  /** Keep the model's own freshly initialised heads (for each output, the layer with weights producing it)
   * instead of loading the saved ones, as a new class count needs; true by default. */
  newHead?: boolean;
  /** "frozen": only the head trains and the backbone runs in inference mode (batch-norm statistics kept,
   * dropout off); {lr}: the backbone trains too, at its own learning rate under the same schedule. */
  backbone: "frozen" | { lr: number };
}

/** Reported after every training step (for live curves in a notebook). */
export interface StepProgress {
  epoch: number;
  /** 1-based step within the epoch, of `steps`. */
  step: number;
  steps: number;
  loss: number;
  acc: number;
  lr: number;
  imagesPerSecond: number;
}

export interface TrainConfig {
  /** Architecture id from the model zoo (src/models/registry.ts); names the run when `model` is given. */
  arch?: string;
  /** A Dataset, or a spec for openDataset ("mnist", "cifar10:DIR", ...). */
  dataset: string | Dataset;
  /** Model size for buildModel ("small" by default). */
  scale?: "small" | "paper";
  /** Epochs (10) of `batchSize` (64) images per step; the last step of an epoch takes the rest. */
  epochs?: number;
  batchSize?: number;
  /** The training recipe (src/train/recipes.ts) the settings below default to: the architecture's
   * family recipe when `arch` is a zoo architecture, else none (TRAIN_DEFAULTS). */
  recipe?: RecipeName;
  optimizer?: OptimizerName;
  /** Base learning rate: the recipe's, scaled linearly to `batchSize`; without a recipe 0.01 (0.001 adam). */
  lr?: number;
  /** Momentum factor for "momentum" (0.9). */
  momentum?: number;
  /** L2 weight decay added to every gradient, as torch's weight_decay (1e-4). */
  weightDecay?: number;
  /** Per-step schedule after warm-up (cosine by default). */
  lrSchedule?: ScheduleName | ScheduleSpec;
  /** Linear warm-up in epochs (overrides the schedule spec's). */
  warmupEpochs?: number;
  /** Seeds weight init (buildModel), data order, augmentation and dropout; default 0. */
  seed?: number;
  /** Seed of the dataset's held-out split and subsets when `dataset` is a spec (default 0): keep it fixed
   * across runs you compare so that they are tested on the same items. */
  dataSeed?: number;
  /** Run folder; default runs/<arch>-<dataset>-seed<N>. */
  out?: string;
  backend?: BackendChoice;
  /** Train this model instead of building `arch` (its first output must be the class logits). */
  model?: tf.LayersModel;
  /** Continue from the latest checkpoint in `out` when there is one. */
  resume?: boolean;
  /** Ask the dataset for its training augmentation (default true; sources without one ignore it). */
  augment?: boolean;
  /** Weight of the loss of auxiliary classifier outputs (model outputs after the first); 0.4 as in torchvision. */
  auxLossWeight?: number;
  /** Label smoothing of the training loss (torch's label_smoothing); the recipe's, else 0. */
  labelSmoothing?: number;
  /** Standardise inputs per channel with the training split's mean and std (true with a recipe, as
   * torchvision's Normalize; false without one). */
  normalize?: boolean;
  /** Passed to openDataset when `dataset` is a spec. */
  limitTrain?: number;
  limitTest?: number;
  /** Square image side to resample the dataset to (openDataset's imageSize), e.g. for paper-scale inputs. */
  imageSize?: number;
  fineTune?: FineTune;
  /** Show the progress bar on stderr (default true). */
  progress?: boolean;
  onProgress?: (p: StepProgress) => void;
  onEpoch?: (m: EpochMetrics) => void;
  /** When aborted (Slurm's SIGUSR1, a SIGTERM), the run stops at the next step boundary, saves a
   * checkpoint there and rejects with TrainingStopped; `resume` then continues as if never stopped. */
  stop?: AbortSignal;
}

/** train() stopped on `config.stop` after saving a checkpoint at epoch `epoch`, step `step` of it. */
export class TrainingStopped extends Error {
  override name = "TrainingStopped";
  constructor(
    readonly out: string,
    readonly epoch: number,
    readonly step: number,
  ) {
    super(
      `stopped at epoch ${epoch}, step ${step}; checkpoint saved in ${out} (--resume continues)`,
    );
  }
}

interface ParamGroup {
  name: string;
  variables: tf.Variable[];
  lr: number;
  optimizer: TrainOptimizer;
}

/** Trains per `config`, writing checkpoints and OUT/run.json, and resolves to the final run record.
 * Throws InputError for a bad config and WorkError when the loss stops being finite. */
export async function train(config: TrainConfig): Promise<RunRecord> {
  const settings = settle(config);
  if (!config.model && !(ARCHITECTURES as readonly string[]).includes(config.arch ?? "")) {
    throw new InputError(
      config.arch
        ? `unknown architecture "${config.arch}" (expected one of ${ARCHITECTURES.join(", ")})`
        : "train: give an arch or a model",
    );
  }
  const backend = await selectBackend(config.backend ? { backend: config.backend } : {});
  const dataset =
    typeof config.dataset === "string"
      ? await openDataset(config.dataset, {
          seed: settings.dataSeed,
          limitTrain: config.limitTrain,
          limitTest: config.limitTest,
          imageSize: config.imageSize,
        })
      : config.dataset;
  const numClasses = dataset.classes.length;
  const imageShape = dataset.train.imageShape;
  const arch = config.arch ?? config.model!.name;
  const model =
    config.model ??
    buildModel(arch, {
      scale: settings.scale,
      inputShape: [imageShape[0], imageShape[1], imageShape[2]],
      numClasses,
      seed: settings.seed,
    });
  checkModelFits(model, imageShape, numClasses, dataset.name);
  const stats = settings.normalize ? await channelStats(dataset.train) : null;
  const out = config.out ?? defaultRunFolder(arch, dataset.name, settings.seed);
  // Paths in the record are relative to the run folder, so that records move with their folder.
  const fromRun = (p: string) => relative(resolve(out), resolve(p)) || ".";
  const recordedConfig = {
    ...settings,
    arch,
    dataset:
      typeof config.dataset === "string" ? relativeSpec(config.dataset, fromRun) : dataset.name,
    limitTrain: config.limitTrain ?? null,
    limitTest: config.limitTest ?? null,
    imageSize: config.imageSize ?? null,
    modelGiven: Boolean(config.model),
    inputStats: stats,
    fineTune: config.fineTune ? { ...config.fineTune, from: fromRun(config.fineTune.from) } : null,
  };
  const fingerprint = JSON.stringify(recordedConfig);
  // A finished run resumed again (a requeued grid task) trains and evaluates nothing.
  const finished = config.resume ? completeRecord(out, fingerprint) : undefined;
  if (finished) {
    if (!config.model) model.dispose();
    return finished;
  }

  const ckpt = config.resume ? await loadLatestCheckpoint(out) : undefined;
  if (ckpt && ckpt.fingerprint !== fingerprint) {
    tf.dispose(ckpt.weights.map((w) => w.tensor));
    throw new InputError(
      `cannot resume ${out}: its checkpoint was made with other settings (${ckpt.fingerprint}); use another --out or the same settings`,
    );
  }
  if (ckpt && ckpt.nextOrder.length !== dataset.train.count) {
    tf.dispose(ckpt.weights.map((w) => w.tensor));
    throw new InputError(
      `cannot resume ${out}: its checkpoint is for ${ckpt.nextOrder.length} training items, ${dataset.name} has ${dataset.train.count}`,
    );
  }
  if (config.resume && !ckpt && config.progress !== false)
    process.stderr.write(`no checkpoint in ${out}: starting from the beginning\n`);
  if (!ckpt) {
    rmSync(join(out, "checkpoints"), { recursive: true, force: true });
    if (config.fineTune)
      await loadWeightsFrom(config.fineTune.from, model, {
        skipHead: config.fineTune.newHead !== false,
      });
  }

  const groups = paramGroups(model, settings, config.fineTune);
  const rng = ckpt ? Rng.fromState(ckpt.rngState) : new Rng(settings.seed);
  let order = ckpt ? ckpt.nextOrder : rng.permutation(dataset.train.count);
  const metrics: EpochMetrics[] = ckpt ? [...ckpt.metrics] : [];
  let step = ckpt?.step ?? 0;
  // A checkpoint saved mid-epoch: where in `order` the epoch was, and its running sums.
  let partial: PartialEpoch | undefined = ckpt?.partial;
  if (ckpt) {
    try {
      assignWeights(model.weights, ckpt.weights, `checkpoint in ${out}`);
    } finally {
      tf.dispose(ckpt.weights.map((w) => w.tensor));
    }
    for (const g of groups) g.optimizer.restore(ckpt.optimizers[g.name]);
    restoreLayerRngs(model, ckpt.layerRngs);
  }

  const startedAt = ckpt?.startedAt ?? new Date().toISOString();
  const record: RunRecord = {
    status: "running",
    arch,
    dataset: dataset.name,
    out: ".",
    datasetSource: isAbsolute(dataset.source) ? fromRun(dataset.source) : dataset.source,
    numClasses,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    params: trainableParams(model),
    config: recordedConfig,
    recipe: {
      name: settings.recipe,
      overridden: settings.overridden,
      optimizer: settings.optimizer,
      lr: settings.lr,
      batchSize: settings.batchSize,
      momentum: settings.momentum,
      weightDecay: settings.weightDecay,
      lrSchedule: settings.lrSchedule,
      labelSmoothing: settings.labelSmoothing,
      augment: settings.augment,
      normalize: settings.normalize,
    },
    seed: settings.seed,
    backend,
    versions: versionsFor(backend),
    metrics,
    testCorrect: "",
    finalTestAcc: NaN,
    confusion: null,
    startedAt,
    resumedAt: ckpt ? [...readPreviousResumes(out), new Date().toISOString()] : [],
    finishedAt: null,
  };

  const loop: Loop = {
    config,
    settings,
    model,
    split: dataset.train,
    groups,
    rng,
    stepsPerEpoch: Math.ceil(dataset.train.count / settings.batchSize),
    stats,
    training: config.fineTune?.backbone !== "frozen",
  };
  const checkpoint = async (epoch: number, at: PartialEpoch | undefined) =>
    saveCheckpoint(out, model, {
      epoch,
      step,
      rngState: rng.state(),
      layerRngs: layerRngStates(model),
      nextOrder: order,
      metrics,
      startedAt,
      fingerprint,
      optimizers: Object.fromEntries(
        await Promise.all(
          groups.map(async (g): Promise<[string, OptimizerState]> => [
            g.name,
            await g.optimizer.state(),
          ]),
        ),
      ),
      ...(at ? { partial: at } : {}),
    });
  let last: Evaluation | undefined;
  try {
    for (let epoch = metrics.length + 1; epoch <= settings.epochs; epoch++) {
      const started = Date.now() - (partial?.seconds ?? 0) * 1000;
      const run = await trainEpoch(loop, epoch, order, step, partial, async (at) => {
        step = at.step;
        await checkpoint(epoch - 1, at.partial);
        // The record keeps this attempt's resume time for the next one, even before an epoch ends.
        writeRunRecord(out, record);
        throw new TrainingStopped(out, epoch, at.partial.steps);
      });
      partial = undefined;
      step = run.step;
      const trainSeconds = (Date.now() - started) / 1000;
      last = await evaluate(model, dataset.test, numClasses, settings.batchSize, stats);
      if (!Number.isFinite(last.loss))
        throw new WorkError(
          `test loss is ${last.loss} after epoch ${epoch}: the weights diverged; nothing was saved for this epoch`,
        );
      const m: EpochMetrics = {
        epoch,
        trainLoss: run.lossSum / dataset.train.count,
        trainAcc: run.rightSum / dataset.train.count,
        testLoss: last.loss,
        testAcc: last.acc,
        seconds: (Date.now() - started) / 1000,
        imagesPerSecond: dataset.train.count / trainSeconds,
        lr: run.lr,
      };
      metrics.push(m);
      order = rng.permutation(dataset.train.count);
      await checkpoint(epoch, undefined);
      fillEvaluation(record, last);
      writeRunRecord(out, record);
      config.onEpoch?.(m);
    }
    // A resumed run that had already finished still reports its final test results.
    last ??= await evaluate(model, dataset.test, numClasses, settings.batchSize, stats);
    await saveModel(model, out);
    fillEvaluation(record, last);
    const verdict = learnedVerdict({ ...record, trainLosses: metrics.map((m) => m.trainLoss) });
    record.learned = verdict.learned;
    record.learnedReason = verdict.reason;
    if (!verdict.learned && config.progress !== false)
      process.stderr.write(`${arch} on ${dataset.name} did not learn: ${verdict.reason}\n`);
    record.status = "complete";
    record.finishedAt = new Date().toISOString();
    writeRunRecord(out, record);
    return record;
  } finally {
    for (const g of groups) g.optimizer.dispose();
  }
}

/** What every epoch of a run shares. */
interface Loop {
  config: TrainConfig;
  settings: Settings;
  model: tf.LayersModel;
  split: LabeledImages;
  groups: ParamGroup[];
  rng: Rng;
  stepsPerEpoch: number;
  /** False when the backbone is frozen: the model then runs in inference mode. */
  training: boolean;
  stats: ChannelStats | null;
}

/** One pass over the training items in `order`, from optimizer step `step` (or from where `partial`
 * left it); reports each step. When `loop.config.stop` is aborted it hands `stopped` its position. */
async function trainEpoch(
  loop: Loop,
  epoch: number,
  order: Int32Array,
  step: number,
  partial: PartialEpoch | undefined,
  stopped: (at: { step: number; partial: PartialEpoch }) => Promise<never>,
): Promise<{ lossSum: number; rightSum: number; lr: number; step: number }> {
  const { config, settings, split, groups, stepsPerEpoch } = loop;
  const started = Date.now();
  const bar =
    config.progress === false
      ? undefined
      : new Progress(`epoch ${epoch}/${settings.epochs}`, split.count);
  let lossSum = partial?.lossSum ?? 0,
    rightSum = partial?.rightSum ?? 0,
    lr = partial?.lr ?? 0,
    seen = 0;
  const first = partial?.steps ?? 0;
  if (first > 0) bar?.tick(Math.min(split.count, first * settings.batchSize));
  for (let s = first; s < stepsPerEpoch; s++) {
    // Batches may come from microtasks only: let the event loop deliver a signal before each step.
    if (config.stop) await new Promise(setImmediate);
    if (config.stop?.aborted) {
      const seconds = (partial?.seconds ?? 0) + (Date.now() - started) / 1000;
      await stopped({ step, partial: { steps: s, lossSum, rightSum, lr, seconds } });
    }
    const indices = order.subarray(
      s * settings.batchSize,
      Math.min(split.count, (s + 1) * settings.batchSize),
    );
    const batch = await split.batch(indices, { augment: settings.augment, rng: loop.rng });
    const rates = groups.map((g) =>
      learningRateAt(g.lr, settings.lrSchedule, step, stepsPerEpoch, settings.epochs),
    );
    lr = rates[rates.length - 1];
    const { loss, right } = trainStep(
      loop,
      rates,
      loop.stats ? standardise(batch.x, loop.stats) : batch.x,
      batch.y,
      () => `at epoch ${epoch}, step ${s + 1} of ${stepsPerEpoch} (lr ${lr})`,
    );
    step++;
    seen += indices.length;
    lossSum += loss * indices.length;
    rightSum += right;
    const seconds = (Date.now() - started) / 1000;
    bar?.tick(indices.length, `loss ${loss.toFixed(4)} acc ${(right / indices.length).toFixed(3)}`);
    config.onProgress?.({
      epoch,
      step: s + 1,
      steps: stepsPerEpoch,
      loss,
      acc: right / indices.length,
      lr,
      imagesPerSecond: seconds > 0 ? seen / seconds : 0,
    });
  }
  return { lossSum, rightSum, lr, step };
}

/** The default run folder: runs/<arch>-<dataset>-seed<N>. */
export function defaultRunFolder(arch: string, dataset: string, seed: number): string {
  return join("runs", `${arch}-${dataset}-seed${seed}`);
}

/** A dataset spec ("folder:/abs/dir") with its path made relative by `rel`; a name ("mnist") as is. */
function relativeSpec(spec: string, rel: (p: string) => string): string {
  const colon = spec.indexOf(":");
  return colon < 0 ? spec : `${spec.slice(0, colon + 1)}${rel(spec.slice(colon + 1))}`;
}

/** The fields of the recipe a config overrides. */
const RECIPE_FIELDS = [
  "optimizer",
  "lr",
  "batchSize",
  "momentum",
  "weightDecay",
  "lrSchedule",
  "warmupEpochs",
  "labelSmoothing",
  "augment",
  "normalize",
] as const;

/** The settings after the recipe and defaults, checked; these go into run.json. An explicit config field
 * overrides the recipe's; the recipe's rate scales linearly when the batch size is overridden. */
function settle(config: TrainConfig) {
  const d = TRAIN_DEFAULTS;
  const recipeName =
    config.recipe ?? (config.model ? undefined : recipeFor(config.arch ?? "")) ?? null;
  const r = recipeName === null ? undefined : recipe(recipeName).workshop;
  const optimizer = config.optimizer ?? r?.optimizer ?? d.optimizer;
  if (!OPTIMIZERS.includes(optimizer))
    throw new InputError(`optimizer must be one of ${OPTIMIZERS.join(", ")}, got "${optimizer}"`);
  const schedule: ScheduleSpec =
    typeof config.lrSchedule === "object"
      ? { ...config.lrSchedule }
      : config.lrSchedule !== undefined
        ? { name: config.lrSchedule }
        : { ...(r?.lrSchedule ?? { name: d.lrSchedule }) };
  if (config.warmupEpochs !== undefined) schedule.warmupEpochs = config.warmupEpochs;
  if (!SCHEDULES.includes(schedule.name))
    throw new InputError(
      `lrSchedule must be one of ${SCHEDULES.join(", ")}, got "${schedule.name}"`,
    );
  const batchSize = config.batchSize ?? r?.batchSize ?? d.batchSize;
  const settings = {
    recipe: recipeName,
    overridden: RECIPE_FIELDS.filter((f) => r !== undefined && config[f] !== undefined),
    scale: config.scale ?? d.scale,
    epochs: config.epochs ?? d.epochs,
    batchSize,
    optimizer,
    // The recipe's rate belongs to its optimizer: another optimizer starts from its own default.
    lr: config.lr ?? (r && r.optimizer === optimizer ? lrForBatch(r, batchSize) : d.lr[optimizer]),
    momentum: config.momentum ?? r?.momentum ?? d.momentum,
    weightDecay: config.weightDecay ?? r?.weightDecay ?? d.weightDecay,
    lrSchedule: schedule,
    labelSmoothing: config.labelSmoothing ?? r?.labelSmoothing ?? d.labelSmoothing,
    seed: config.seed ?? d.seed,
    dataSeed: config.dataSeed ?? d.dataSeed,
    augment: config.augment ?? r?.augment ?? d.augment,
    normalize: config.normalize ?? r !== undefined,
    auxLossWeight: config.auxLossWeight ?? d.auxLossWeight,
  };
  const positive: [string, number][] = [
    ["epochs", settings.epochs],
    ["batchSize", settings.batchSize],
    ["lr", settings.lr],
  ];
  for (const [name, v] of positive)
    if (!(v > 0) || !Number.isFinite(v))
      throw new InputError(`${name} must be a positive number, got ${v}`);
  if (!Number.isInteger(settings.epochs) || !Number.isInteger(settings.batchSize))
    throw new InputError(`epochs and batchSize must be whole numbers`);
  if (!Number.isInteger(settings.seed))
    throw new InputError(`seed must be a whole number, got ${settings.seed}`);
  if (!(settings.weightDecay >= 0))
    throw new InputError(`weightDecay must be 0 or more, got ${settings.weightDecay}`);
  if (!(settings.labelSmoothing >= 0 && settings.labelSmoothing < 1))
    throw new InputError(`labelSmoothing must be in [0, 1), got ${settings.labelSmoothing}`);
  if (settings.scale !== "small" && settings.scale !== "paper")
    throw new InputError(`scale must be small or paper, got "${settings.scale}"`);
  const bb = config.fineTune?.backbone;
  if (bb !== undefined && bb !== "frozen" && !(typeof bb === "object" && bb.lr >= 0))
    throw new InputError(`fineTune.backbone must be "frozen" or {lr: number >= 0}`);
  return settings;
}

type Settings = ReturnType<typeof settle>;

/** Refuses a model whose input is not the dataset's image shape or whose logits are not one per class. */
function checkModelFits(
  model: tf.LayersModel,
  imageShape: readonly number[],
  numClasses: number,
  dataset: string,
): void {
  const input = model.inputs[0].shape.slice(1);
  if (!input.every((d, i) => d === null || d === imageShape[i]))
    throw new InputError(
      `model input [${input}] does not take ${dataset}'s images [${imageShape}]`,
    );
  const outShape = (
    Array.isArray(model.outputShape[0]) ? model.outputShape[0] : model.outputShape
  ) as (number | null)[];
  if (outShape[outShape.length - 1] !== numClasses)
    throw new InputError(
      `model gives ${outShape[outShape.length - 1]} logits, ${dataset} has ${numClasses} classes`,
    );
}

/** One optimizer per parameter group: all weights, or the backbone and head at their own rates when fine-tuning. */
function paramGroups(
  model: tf.LayersModel,
  s: Settings,
  fineTune: FineTune | undefined,
): ParamGroup[] {
  const opts = {
    momentum: s.momentum,
    weightDecay: s.weightDecay,
    ...(s.optimizer === "rmsprop" ? TRAIN_DEFAULTS.rmsprop : {}),
  };
  const group = (name: string, variables: tf.Variable[], lr: number): ParamGroup => ({
    name,
    variables,
    lr,
    optimizer: makeOptimizer(s.optimizer, variables, opts),
  });
  if (!fineTune)
    return [
      group(
        "all",
        model.trainableWeights.map((w) => w.read() as tf.Variable),
        s.lr,
      ),
    ];
  const { backbone, head } = trainableGroups(model);
  if (fineTune.backbone === "frozen") return [group("head", head, s.lr)];
  return [group("backbone", backbone, fineTune.backbone.lr), group("head", head, s.lr)];
}

/** One optimizer step on a batch; returns the batch's mean loss and number right. Checks the loss before
 * any weight changes, so a diverged run leaves the model and the last checkpoint as they were. */
function trainStep(
  loop: Loop,
  rates: number[],
  x: Float32Array,
  y: Int32Array,
  where: () => string,
): { loss: number; right: number } {
  const { model, groups, rng } = loop;
  const smoothing = loop.settings.labelSmoothing;
  const [h, w, c] = loop.split.imageShape;
  const n = y.length;
  const variables = groups.flatMap((g) => g.variables);
  const xs = tf.tensor4d(x, [n, h, w, c]);
  const ys = tf.tensor1d(y, "int32");
  let right: tf.Tensor | undefined;
  // Dropout draws its masks from Math.random when unseeded: route it through our Rng for the (synchronous)
  // step, so masks are reproducible and resume with the checkpointed Rng state.
  const { value, grads } = withRandom(rng, () =>
    tf.variableGrads(() => {
      const outputs = model.apply(xs, { training: loop.training }) as tf.Tensor | tf.Tensor[];
      const [logits, ...aux] = (Array.isArray(outputs) ? outputs : [outputs]) as tf.Tensor2D[];
      right = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), ys), "int32")));
      // Auxiliary classifiers (Inception's) add their loss at a fixed weight, as in torchvision's recipe.
      return aux.reduce<tf.Tensor>(
        (total, a) =>
          tf.add(
            total,
            tf.mul(tf.mean(crossEntropyPerExample(a, ys, smoothing)), loop.settings.auxLossWeight),
          ),
        tf.mean(crossEntropyPerExample(logits, ys, smoothing)),
      ) as tf.Scalar;
    }, variables),
  );
  try {
    const loss = value.dataSync()[0];
    if (!Number.isFinite(loss))
      throw new WorkError(
        `loss is ${loss} ${where()}: stopped before this step's update, earlier checkpoints untouched (lower the learning rate?)`,
      );
    groups.forEach((g, i) =>
      g.optimizer.apply(
        g.variables.map((v) => grads[v.name]),
        rates[i],
      ),
    );
    return { loss, right: right!.dataSync()[0] };
  } finally {
    tf.dispose([xs, ys, value, right!, ...Object.values(grads)]);
  }
}

/** Runs synchronous `fn` with Math.random drawing from `rng`. */
function withRandom<T>(rng: Rng, fn: () => T): T {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** OUT/run.json when it says complete for the same settings, else undefined. */
function completeRecord(out: string, fingerprint: string): RunRecord | undefined {
  try {
    const record = readRunRecord(out);
    if (record.status === "complete" && JSON.stringify(record.config) === fingerprint)
      return record;
  } catch {
    // No record, or an unreadable one: the run has to train.
  }
  return undefined;
}

function fillEvaluation(record: RunRecord, e: Evaluation): void {
  record.testCorrect = Array.from(e.correct).join("");
  record.finalTestAcc = e.acc;
  record.confusion = record.numClasses <= CONFUSION_MAX_CLASSES ? e.confusion : null;
}

/** The resume times already in OUT/run.json (none when it is missing or unreadable). */
function readPreviousResumes(out: string): string[] {
  try {
    return readRunRecord(out).resumedAt ?? [];
  } catch {
    return [];
  }
}
