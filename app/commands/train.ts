/** `imagenot-lab train`: trains one architecture on one dataset, with progress on stderr, and writes the run
 * folder (run.json, checkpoints, weights). TensorFlow loads only when it runs, so `--help` stays fast. */
import type { Command } from "../command";
import { choiceOption, intOption, numberOption, parseArgs, type ParsedArgs } from "../args";
import { InputError } from "../../src/errors";
import { BACKEND_CHOICES } from "../../src/engine/choices";
import { STOPPED_EXIT_CODE } from "../../src/grid/task";
import { OPTIMIZERS, SCHEDULES } from "../../src/train/settings";
import { RECIPES } from "../../src/train/recipes";

const USAGE = `usage: imagenot-lab train --arch NAME --dataset SPEC [options]

Trains NAME (imagenot-lab models lists them) on SPEC (mnist, fashion-mnist, cifar10:DIR, cifar100:DIR,
idx:DIR, folder:DIR), evaluating on the test split after every epoch. Writes OUT/run.json (config, seed,
backend, versions, per-epoch metrics, per-example test results), a checkpoint each epoch and the final
model (OUT/model.json + weights.bin, a TensorFlow.js layers model).

The training settings come from a recipe (src/train/recipes.ts: torchvision's reference recipe of the
family, scaled to workshop size); each option below replaces one of its settings.

options:
  --recipe NAME              default: the architecture's family; one of
                             ${RECIPES.join("|")}
  --scale small|paper        model size (default small)
  --epochs N                 default 10
  --batch-size N             the recipe's; its learning rate scales linearly with it
  --optimizer ${OPTIMIZERS.join("|")}
  --lr X                     base learning rate (default the recipe's at this batch size)
  --lr-schedule ${SCHEDULES.join("|")}   (step: x0.1 every 30 epochs)
  --warmup-epochs X          linear warm-up
  --weight-decay X           L2 added to the gradient (decoupled for adamw)
  --label-smoothing X        as torch's CrossEntropyLoss(label_smoothing=X)
  --seed N                   weight init, data order, augmentation, dropout (default 0)
  --data-seed N              test split and subsets of the dataset (default 0)
  --limit-train N, --limit-test N   seeded stratified subsets
  --image-size N             resample the images to N x N (e.g. 224 for paper-scale models)
  --no-augment               no training augmentation
  --backend auto|tensorflow|wasm|cpu   default IMAGENOT_BACKEND, else auto
  --out DIR                  default runs/<arch>-<dataset>-seed<N>
  --resume                   continue from the latest checkpoint in --out (a finished run: nothing to do)
  --from DIR                 fine-tune: start from the model saved in DIR (a run folder), with a new head
  --backbone frozen|X        with --from: freeze the backbone, or train it at learning rate X (default frozen)
  --json                     print the run record (without per-example results) as JSON on stdout

SIGUSR1, SIGTERM or Ctrl-C: save a checkpoint at the next step and exit 75; --resume continues exactly.

exit codes: 0 trained, 1 training failed (e.g. the loss became NaN), 2 bad usage or input,
  75 stopped by a signal after saving a checkpoint`;

/** train's options; `grid plan` passes the ones that are the same for every run through. */
export const TRAIN_SPEC = {
  arch: { kind: "value" },
  dataset: { kind: "value" },
  scale: { kind: "value" },
  epochs: { kind: "value" },
  "batch-size": { kind: "value" },
  recipe: { kind: "value" },
  optimizer: { kind: "value" },
  "label-smoothing": { kind: "value" },
  lr: { kind: "value" },
  "lr-schedule": { kind: "value" },
  "warmup-epochs": { kind: "value" },
  "weight-decay": { kind: "value" },
  seed: { kind: "value" },
  "data-seed": { kind: "value" },
  "limit-train": { kind: "value" },
  "limit-test": { kind: "value" },
  "image-size": { kind: "value" },
  "no-augment": { kind: "flag" },
  backend: { kind: "value" },
  out: { kind: "value" },
  resume: { kind: "flag" },
  from: { kind: "value" },
  backbone: { kind: "value" },
  json: { kind: "flag" },
} as const;

/** The value of `--name` as a finite number >= `min`, or undefined when absent. */
function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (!v) throw new InputError(`--${name} is required (see imagenot-lab train --help)`);
  return v;
}

export const trainCommand: Command = {
  name: "train",
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, TRAIN_SPEC);
    if (args.positional.length > 0)
      throw new InputError(`unexpected argument "${args.positional[0]}"`);
    const arch = required(args, "arch");
    const dataset = required(args, "dataset");
    const backbone = args.values.get("backbone");
    if (backbone !== undefined && !args.values.has("from"))
      throw new InputError("--backbone needs --from DIR");
    const positiveInt = (name: string) =>
      args.values.has(name) ? intOption(args, name, 0, 1) : undefined;
    // Absent options stay undefined, so the recipe decides them.
    const choice = <T extends string>(name: string, choices: readonly T[]) =>
      args.values.has(name) ? choiceOption(args, name, choices, choices[0]) : undefined;
    const config = {
      arch,
      dataset,
      recipe: choice("recipe", RECIPES),
      scale: choiceOption(args, "scale", ["small", "paper"] as const, "small"),
      epochs: intOption(args, "epochs", 10, 1),
      batchSize: positiveInt("batch-size"),
      optimizer: choice("optimizer", OPTIMIZERS),
      lr: numberOption(args, "lr", Number.MIN_VALUE),
      lrSchedule: choice("lr-schedule", SCHEDULES),
      warmupEpochs: numberOption(args, "warmup-epochs", 0),
      weightDecay: numberOption(args, "weight-decay", 0),
      labelSmoothing: numberOption(args, "label-smoothing", 0),
      seed: intOption(args, "seed", 0),
      dataSeed: intOption(args, "data-seed", 0),
      limitTrain: positiveInt("limit-train"),
      limitTest: positiveInt("limit-test"),
      imageSize: positiveInt("image-size"),
      augment: args.flags.has("no-augment") ? false : undefined,
      // Absent, IMAGENOT_BACKEND (or auto) decides; an explicit --backend auto would override it.
      backend: args.values.has("backend")
        ? choiceOption(args, "backend", BACKEND_CHOICES, "auto")
        : undefined,
      out: args.values.get("out"),
      resume: args.flags.has("resume"),
      fineTune: args.values.has("from")
        ? {
            from: args.values.get("from")!,
            backbone:
              backbone === undefined || backbone === "frozen"
                ? ("frozen" as const)
                : { lr: numberOption(args, "backbone", 0)! },
          }
        : undefined,
    };
    // Slurm's --signal (USR1), a requeue or scancel (TERM), Ctrl-C (INT): stop at a step boundary with a
    // checkpoint; a second Ctrl-C quits at once. Listening before TensorFlow loads: no signal is lost.
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted && signal === "SIGINT") process.exit(130);
      if (!stop.signal.aborted) process.stderr.write(`${signal}: stopping at the next step\n`);
      stop.abort();
    };
    const signals: NodeJS.Signals[] = ["SIGUSR1", "SIGTERM", "SIGINT"];
    for (const s of signals) process.on(s, onSignal);
    let record;
    let out: string;
    try {
      // Loaded here, not at the top: TensorFlow.js and the model zoo are heavy to load.
      const { train, defaultRunFolder } =
        require("../../src/train/trainer") as typeof import("../../src/train/trainer");
      record = await train({ ...config, stop: stop.signal });
      out = config.out ?? defaultRunFolder(arch, record.dataset, record.seed);
    } catch (e) {
      if (!(e instanceof Error && e.name === "TrainingStopped")) throw e;
      process.stderr.write(`imagenot-lab: ${e.message}\n`);
      return STOPPED_EXIT_CODE;
    } finally {
      for (const s of signals) process.off(s, onSignal);
    }
    if (args.flags.has("json")) {
      const { testCorrect: _t, confusion: _c, ...summary } = record;
      process.stdout.write(JSON.stringify(summary) + "\n");
    } else {
      for (const m of record.metrics) {
        process.stdout.write(
          `epoch ${m.epoch}: train loss ${m.trainLoss.toFixed(4)} acc ${m.trainAcc.toFixed(4)}  test loss ${m.testLoss.toFixed(4)} acc ${m.testAcc.toFixed(4)}  ${m.seconds.toFixed(1)} s\n`,
        );
      }
      process.stdout.write(
        `final test accuracy ${record.finalTestAcc.toFixed(4)} (${record.backend.name}); recipe ${record.recipe?.name ?? "none"}; ${record.learned ? "learned" : `did not learn: ${record.learnedReason}`}; run record ${out}/run.json\n`,
      );
    }
    return 0;
  },
};
