/** Does our engine learn as PyTorch does, or is a low accuracy what the recipe reaches on so few images?
 * PyTorch trains each architecture (bench/peers/learn_torch.py: torch_archs.py brought to our workshop models'
 * initialisation, with the family recipe's settings and our trainer's semantics) on the very items of our
 * study runs, once per torch seed, and its accuracies are set against those of our run records:
 * `npm run bench -- learning [--arch A,B] [--dataset D,E] [--quick | --full] [--seeds N] [--runs DIR]
 * [--threads N] [--json]`. Ours below the peer's least accuracy over its seeds points at the engine or a
 * model (or at chance: one run below three seeds happens one time in four, so more seeds on both sides
 * decide); within the peer's range, the accuracy is the recipe's at this scale. Accuracy, not speed: a busy
 * machine changes only how long it takes. */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { choiceListOption, intOption, parseArgs } from "../app/args";
import { DIGIT_AUGMENT, openDataset } from "../src/data/index";
import { InputError, WorkError } from "../src/errors";
import { ARCHITECTURES } from "../src/models/facts";
import {
  describeStudySize,
  STUDY_DATASETS,
  STUDY_SIZES,
  studyPlan,
  type RunSpec,
} from "../src/study/plan";
import { readStudyRuns, spreadOf } from "../src/study/rank";
import { lrForBatch, recipe } from "../src/train/recipes";
import type { RunRecord } from "../src/train/run-record";
import { TRAIN_DEFAULTS } from "../src/train/settings";
import { STUDY_TARGETS } from "./lib/study-targets";
import { PYTHON } from "./peers/python";

/** One run of the peer, as learn_torch.py prints it. */
interface PeerRun {
  arch: string;
  dataset: string;
  seed: number;
  test_acc: number;
  train_loss: number;
  train_acc: number;
  seconds: number;
  threads: number;
  torch: string;
}

/** What the bench says of ours against the peer's accuracies. */
type Verdict =
  "ours within peer range" | "ours below peer range" | "ours above" | "no record of ours";

/** One architecture on one dataset: our mean accuracy over our records, the peer's per seed. */
interface Row {
  arch: string;
  dataset: string;
  ours: number | null;
  ours_seeds: number;
  peer: number[];
  peer_mean: number;
  peer_sd: number;
  peer_min: number;
  peer_max: number;
  /** Mean training loss of the last epoch: ours (mean over our records), the peer's (mean over seeds). */
  ours_train_loss: number | null;
  peer_train_loss: number;
  floor: number;
  verdict: Verdict;
}

/** The recipe's settings the peer trains with, as our trainer resolves them without overrides. */
function recipeSettings(spec: RunSpec) {
  const workshop = recipe(spec.recipe).workshop;
  return { ...workshop, lr: lrForBatch(workshop, workshop.batchSize) };
}

/** Our finished runs of `spec`'s architecture, dataset, sizes and recipe settings. */
function oursFor(spec: RunSpec, records: readonly RunRecord[]): RunRecord[] {
  const settings = recipeSettings(spec);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return records.filter(
    (r) =>
      r.arch === spec.arch &&
      r.dataset === spec.dataset &&
      r.config.limitTrain === spec.limitTrain &&
      r.config.limitTest === spec.limitTest &&
      r.config.epochs === spec.epochs &&
      r.config.dataSeed === spec.dataSeed &&
      (Object.keys(settings) as (keyof typeof settings)[]).every((k) =>
        same(r.recipe?.[k], settings[k]),
      ),
  );
}

/** Writes the training and test items of `spec`'s dataset, unaugmented, as learn_torch.py reads them:
 * SPLIT_x.bin (float32 NHWC in [0, 1]) and SPLIT_y.bin (int32) in `dir`; returns the image shape. */
async function writeItems(spec: RunSpec, dir: string): Promise<readonly number[]> {
  const dataset = await openDataset(spec.dataset, {
    seed: spec.dataSeed,
    limitTrain: spec.limitTrain,
    limitTest: spec.limitTest,
    warn: null,
  });
  mkdirSync(dir, { recursive: true });
  for (const [name, split] of [
    ["train", dataset.train],
    ["test", dataset.test],
  ] as const) {
    const { x, y } = await split.batch(Array.from({ length: split.count }, (_, i) => i));
    writeFileSync(join(dir, `${name}_x.bin`), new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    writeFileSync(join(dir, `${name}_y.bin`), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  }
  return dataset.train.imageShape;
}

/** learn_torch.py's job for `spec` (its docstring describes the fields): the recipe's settings, the items
 * in `data`, the trainer's RMSprop constants and the MNIST family's shift where the recipe augments. */
function peerJob(
  spec: RunSpec,
  data: string,
  imageShape: readonly number[],
  seeds: number[],
  threads: number,
): Record<string, unknown> {
  const { augment, ...settings } = recipeSettings(spec);
  return {
    ...settings,
    arch: spec.arch,
    dataset: spec.dataset,
    epochs: spec.epochs,
    data,
    imageShape,
    rmsprop: TRAIN_DEFAULTS.rmsprop,
    shift: augment ? DIGIT_AUGMENT : null,
    seeds,
    threads,
  };
}

/** Runs learn_torch.py on `job` (written to `file`), handing each run to `onRun` as it ends. */
async function runPeer(
  job: Record<string, unknown>,
  file: string,
  onRun: (run: PeerRun) => void,
): Promise<void> {
  writeFileSync(file, JSON.stringify(job));
  const peers = join(__dirname, "peers");
  const child = spawn(PYTHON, [join(peers, "learn_torch.py"), file], { cwd: peers });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  for await (const line of createInterface({ input: child.stdout }))
    onRun(JSON.parse(line) as PeerRun);
  const code = await exit;
  if (code !== 0)
    throw new WorkError(
      `learn_torch.py failed on ${job.arch} / ${job.dataset} (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`,
    );
}

/** Ours (a mean over our records) against the least and greatest accuracy of the peer's seeds. */
function verdictOf(ours: number | null, peer: { min: number; max: number }): Verdict {
  if (ours === null) return "no record of ours";
  if (ours < peer.min) return "ours below peer range";
  return ours > peer.max ? "ours above" : "ours within peer range";
}

/** The table row of `spec` from our records and the peer's runs. */
function rowFor(spec: RunSpec, ours: RunRecord[], peer: PeerRun[], floor: number): Row {
  const spread = spreadOf(peer.map((r) => r.test_acc));
  const mean = ours.length ? spreadOf(ours.map((r) => r.finalTestAcc)).mean : null;
  const lastLosses = ours.map((r) => r.metrics[r.metrics.length - 1].trainLoss);
  return {
    arch: spec.arch,
    dataset: spec.dataset,
    ours: mean,
    ours_seeds: ours.length,
    peer: peer.map((r) => r.test_acc),
    peer_mean: spread.mean,
    peer_sd: spread.sd,
    peer_min: spread.min,
    peer_max: spread.max,
    ours_train_loss: ours.length ? spreadOf(lastLosses).mean : null,
    peer_train_loss: spreadOf(peer.map((r) => r.train_loss)).mean,
    floor,
    verdict: verdictOf(mean, spread),
  };
}

/** A table per dataset, then the architectures where PyTorch learns better than ours. */
function tableLines(rows: readonly Row[], seeds: number): string[] {
  const lines: string[] = [];
  for (const dataset of new Set(rows.map((r) => r.dataset))) {
    lines.push(
      "",
      dataset,
      `  ${"architecture".padEnd(20)} ours (seeds)  PyTorch mean ± sd  min-max        train loss ours / PyTorch  floor  verdict`,
    );
    for (const r of rows.filter((row) => row.dataset === dataset))
      lines.push(
        `  ${r.arch.padEnd(20)} ${r.ours === null ? "  -  " : r.ours.toFixed(3)} (${r.ours_seeds})     ${r.peer_mean.toFixed(3)} ± ${r.peer_sd.toFixed(3)}      ${r.peer_min.toFixed(3)}-${r.peer_max.toFixed(3)}    ${r.ours_train_loss === null ? "  -  " : r.ours_train_loss.toFixed(3)} / ${r.peer_train_loss.toFixed(3)}              ${r.floor.toFixed(2)}   ${r.verdict}`,
      );
  }
  const below = rows.filter((r) => r.verdict === "ours below peer range");
  lines.push(
    "",
    below.length
      ? `PyTorch learns better than ours (ours below its least accuracy over ${seeds} seeds): ${below.map((r) => `${r.arch} on ${r.dataset}`).join(", ")}`
      : "ours is nowhere below PyTorch's range",
    // Exchangeable runs: one of ours is the lowest of seeds + 1 runs one time in seeds + 1.
    `(a single run of ours that learns as PyTorch does falls below ${seeds} PyTorch seeds one time in ${seeds + 1}: confirm with more --seeds and more runs of ours)`,
  );
  return lines;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    arch: { kind: "value" },
    dataset: { kind: "value" },
    quick: { kind: "flag" },
    full: { kind: "flag" },
    seeds: { kind: "value" },
    runs: { kind: "value" },
    threads: { kind: "value" },
    json: { kind: "flag" },
  });
  if (args.positional.length > 0)
    throw new InputError(`unexpected argument "${args.positional[0]}"`);
  if (args.flags.has("quick") && args.flags.has("full"))
    throw new InputError("--quick and --full exclude each other");
  const plan = args.flags.has("full") ? "full" : "quick";
  const specs = studyPlan({
    quick: plan === "quick",
    out: "",
    archs: choiceListOption(args, "arch", ARCHITECTURES),
    datasets: choiceListOption(args, "dataset", STUDY_DATASETS),
  });
  const seeds = Array.from({ length: intOption(args, "seeds", 3, 1, 100) }, (_, i) => i);
  const threads = intOption(args, "threads", 2, 1, 256);
  const runsFolder = resolve(args.values.get("runs") ?? join(__dirname, "..", "data", "runs"));
  const records = readStudyRuns(runsFolder).records;
  const size = STUDY_SIZES[plan];
  const floors: Record<string, number> = STUDY_TARGETS[plan].floor;

  const started = process.hrtime.bigint();
  const tmp = mkdtempSync(join(tmpdir(), "learning-"));
  const peerRuns: PeerRun[] = [];
  try {
    const shapes = new Map<string, readonly number[]>();
    for (const spec of specs) {
      const data = join(tmp, spec.dataset);
      if (!shapes.has(spec.dataset)) shapes.set(spec.dataset, await writeItems(spec, data));
      const job = peerJob(spec, data, shapes.get(spec.dataset)!, seeds, threads);
      await runPeer(job, join(tmp, "job.json"), (run) => {
        peerRuns.push(run);
        process.stderr.write(
          `learning: ${run.arch} on ${run.dataset}, torch seed ${run.seed}: ${run.test_acc.toFixed(3)} in ${run.seconds.toFixed(0)} s\n`,
        );
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const rows = specs.map((spec) =>
    rowFor(
      spec,
      oursFor(spec, records),
      peerRuns.filter((r) => r.arch === spec.arch && r.dataset === spec.dataset),
      floors[spec.dataset],
    ),
  );
  const summary = {
    plan,
    sizes: { epochs: size.epochs, limit_train: size.limitTrain, limit_test: size.limitTest },
    data_seed: specs[0].dataSeed,
    seeds,
    threads,
    torch: peerRuns[0]?.torch ?? null,
    runs_folder: runsFolder,
    seconds,
    runs: rows,
  };
  if (args.flags.has("json")) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const header = `learning: ${plan} sizes (${describeStudySize(size)}, data seed ${summary.data_seed}); ours from ${relative(process.cwd(), runsFolder) || "."}; PyTorch ${summary.torch} on ${threads} threads, torch seeds ${seeds.join(", ")}`;
  process.stdout.write(`${[header, ...tableLines(rows, seeds.length)].join("\n")}\n`);
  process.stdout.write(`${seconds.toFixed(0)} s wall clock\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`bench learning: ${e.message}\n`);
  process.exit(e instanceof InputError ? 2 : 1);
});
