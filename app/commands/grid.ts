/** `imagenot-lab grid plan|run|status|collect`: a study as a grid of runs, on this machine or on Slurm.
 * Parses and prints; the work is src/grid's. */
import { resolve } from "node:path";
import type { Command } from "../command";
import { parseArgs, type OptionSpec, type ParsedArgs } from "../args";
import { InputError } from "../../src/errors";
import { writeFileSync } from "node:fs";
import { gridCsv, gridRows, gridWideCsv } from "../../src/grid/collect";
import { runGridLocal, type LocalRun } from "../../src/grid/local";
import { planGrid, writeGridPlan } from "../../src/grid/plan";
import { submitGrid } from "../../src/grid/slurm";
import { gridStatus, isComplete } from "../../src/grid/state";
import { indent, statusTable } from "../../src/grid/status-table";
import { formatSeconds } from "../../src/util/progress";
import { snakeCaseKeys } from "../json";
import { TRAIN_SPEC } from "./train";
import { architectureFacts } from "../../src/models/facts";

const USAGE = `usage: imagenot-lab grid plan|run|status|collect ...

  grid plan --archs A,B,... --datasets SPEC,... [--seeds N] [train options...] --out DIR
      writes DIR/grid.json: one run per architecture, dataset and seed (0..N-1, default 1), each an
      exact \`imagenot-lab train ... --out runs/ID --resume\` run from DIR. Dataset folders are made
      absolute. Train options (--epochs, --scale, --batch-size, --lr, --limit-train, ...) apply to
      every run; see imagenot-lab train --help. --image-size paper gives each architecture its
      paper input (224, or 299 for inception_v3).

  grid run DIR --executor local [--jobs N]
      trains the unfinished runs as N concurrent processes (default 1), the threads split between them
      (IMAGENOT_THREADS), each logging to its run folder's train.log. A failed run is shown with the
      end of its log; the others go on. Ctrl-C stops each at a checkpoint; running again resumes.
  grid run DIR --executor slurm [--partition P] [--gpus-per-task G] [--cpus-per-task C] [--time T]
                                [--max-concurrent M] [--dry-run]
      writes DIR/slurm/grid.sbatch, one job array with a task per run neither done nor queued
      (--requeue, --signal=B:USR1@120: the trainer checkpoints, the task requeues itself and resumes),
      and submits it with sbatch --parsable, recording the job id in DIR/slurm/jobs.json.
      --dry-run only writes the script.
  grid status DIR [--json]
      each run: planned, queued, running, stopped, done or failed (with the end of its log), its
      epochs, accuracy and learned; from the run folders and, for a submitted grid, squeue and sacct.
  grid collect DIR [--json | --csv FILE | --wide FILE]
      one row per run (arch, dataset, seed, recipe, accuracy, learned, state); --wide: one row per
      architecture, one mean-accuracy column per dataset, for imagenot-lab analyze --x A --y B.

exit codes: 0 ok, 1 a run or the submission failed, 2 bad usage or input`;

/** The train options a grid passes to every run (the rest are the grid's to set). */
const PASSED: Record<string, OptionSpec> = Object.fromEntries(
  Object.entries(TRAIN_SPEC).filter(
    ([name]) =>
      !["arch", "dataset", "seed", "out", "resume", "json", "from", "backbone"].includes(name),
  ),
);

function list(args: ParsedArgs, name: string): string[] {
  const raw = args.values.get(name);
  if (!raw) throw new InputError(`grid plan: --${name} is required (a comma-separated list)`);
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A dataset spec with its folder made absolute, so runs can start from the grid folder. */
function absoluteSpec(spec: string): string {
  const colon = spec.indexOf(":");
  return colon < 0 ? spec : `${spec.slice(0, colon)}:${resolve(spec.slice(colon + 1))}`;
}

/** Train options in a fixed order (by name), so that reordered arguments plan the same grid. */
function trainOptions(args: ParsedArgs): string[] {
  return Object.keys(PASSED)
    .sort()
    .flatMap((name) =>
      PASSED[name].kind === "flag"
        ? args.flags.has(name)
          ? [`--${name}`]
          : []
        : args.values.has(name)
          ? [`--${name}`, args.values.get(name)!]
          : [],
    );
}

async function plan(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    archs: { kind: "value" },
    datasets: { kind: "value" },
    seeds: { kind: "value" },
    out: { kind: "value" },
    ...PASSED,
  });
  if (args.positional.length > 0)
    throw new InputError(`grid plan: unexpected argument "${args.positional[0]}"`);
  const out = args.values.get("out");
  if (!out) throw new InputError("grid plan: --out DIR is required");
  const seeds = Number(args.values.get("seeds") ?? "1");
  if (!Number.isInteger(seeds) || seeds < 1)
    throw new InputError(`--seeds must be a whole number >= 1, got "${args.values.get("seeds")}"`);
  const archs = list(args, "archs");
  // --image-size paper: each architecture at its own paper input side, as in torchvision's recipes.
  const paperInputs = args.values.get("image-size") === "paper";
  if (paperInputs) args.values.delete("image-size");
  const grid = planGrid({
    archs,
    datasets: list(args, "datasets").map(absoluteSpec),
    seeds: Array.from({ length: seeds }, (_, i) => i),
    trainOptions: trainOptions(args),
    ...(paperInputs
      ? {
          archOptions: Object.fromEntries(
            archs.map((a) => [a, ["--image-size", String(architectureFacts(a).paperInput[0])]]),
          ),
        }
      : {}),
  });
  const path = writeGridPlan(out, grid);
  process.stdout.write(`${grid.runs.length} runs planned in ${path}\n`);
  return 0;
}

/** The grid folder: the one positional argument. */
function gridDir(args: ParsedArgs, sub: string): string {
  if (args.positional.length !== 1)
    throw new InputError(
      `grid ${sub}: give the grid folder (made by grid plan), got ${args.positional.length} arguments`,
    );
  return args.positional[0];
}

function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`--${name} must be a whole number >= 1, got "${raw}"`);
  return n;
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    executor: { kind: "value" },
    jobs: { kind: "value" },
    partition: { kind: "value" },
    "gpus-per-task": { kind: "value" },
    "cpus-per-task": { kind: "value" },
    time: { kind: "value" },
    "max-concurrent": { kind: "value" },
    "dry-run": { kind: "flag" },
  });
  const dir = gridDir(args, "run");
  const executor = args.values.get("executor") ?? "local";
  const slurmOnly = ["partition", "gpus-per-task", "cpus-per-task", "time", "max-concurrent"];
  if (executor === "local") {
    const misplaced = [...slurmOnly, "dry-run"].find(
      (o) => args.values.has(o) || args.flags.has(o),
    );
    if (misplaced) throw new InputError(`--${misplaced} is for --executor slurm`);
    return runLocal(dir, positiveInt(args, "jobs") ?? 1);
  }
  if (executor !== "slurm")
    throw new InputError(`--executor must be local or slurm, got "${executor}"`);
  if (args.values.has("jobs"))
    throw new InputError("--jobs is for --executor local (slurm: --max-concurrent)");
  const sub = submitGrid(
    dir,
    {
      partition: args.values.get("partition"),
      gpusPerTask: positiveInt(args, "gpus-per-task"),
      cpusPerTask: positiveInt(args, "cpus-per-task"),
      time: args.values.get("time"),
      maxConcurrent: positiveInt(args, "max-concurrent"),
      dryRun: args.flags.has("dry-run"),
    },
    isComplete,
  );
  if (sub.runs.length === 0) {
    process.stdout.write("nothing to submit: every run is done, queued or running\n");
    return 0;
  }
  process.stdout.write(
    sub.job
      ? `submitted job ${sub.job}: ${sub.runs.length} array tasks (script ${sub.script})\n`
      : `wrote ${sub.script} for ${sub.runs.length} runs (not submitted: --dry-run)\n`,
  );
  return 0;
}

/** Trains the grid here, printing each run's changes and, every few seconds, where all of them are. */
async function runLocal(dir: string, jobs: number): Promise<number> {
  const stop = new AbortController();
  // Ctrl-C reaches the trainings too (one process group); a second one quits at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted && signal === "SIGINT") process.exit(130);
    if (!stop.signal.aborted)
      process.stderr.write("stopping: each running training saves a checkpoint\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const started = Date.now();
  let lastSummary = 0;
  const shown = new Map<string, string>();
  const summary = (runs: readonly LocalRun[]) => {
    const done = runs.filter((r) => r.state === "done").length;
    const overall = runs.reduce((a, r) => a + r.fraction, 0) / runs.length;
    const running = runs
      .filter((r) => r.state === "running" && !r.skipped)
      .map((r) => `${r.id} ${(r.fraction * 100).toFixed(0)}%`);
    return `[${done}/${runs.length} done, ${(overall * 100).toFixed(1)}% overall, ${formatSeconds((Date.now() - started) / 1000)}] ${running.join(", ")}`;
  };
  let runs: LocalRun[];
  try {
    runs = await runGridLocal(dir, {
      jobs,
      signal: stop.signal,
      onProgress: (all, r) => {
        const state = r.skipped ? `${r.state} (not started here)` : r.state;
        if (shown.get(r.id) !== state) {
          shown.set(r.id, state);
          const code =
            r.exitCode !== undefined && r.state !== "done" ? ` (exit ${r.exitCode})` : "";
          process.stderr.write(`${r.id}: ${state}${code}\n`);
          if (r.logTail) process.stderr.write(indent(r.logTail) + "\n");
        }
        if (Date.now() - lastSummary > 5000) {
          lastSummary = Date.now();
          process.stderr.write(summary(all) + "\n");
        }
      },
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  process.stderr.write(summary(runs) + "\n");
  const trained = runs.filter((r) => !r.skipped).length;
  const bad = runs.filter((r) => r.state === "failed" || r.state === "stopped");
  process.stdout.write(
    `${trained} runs trained here, ${runs.length - trained} left alone (done or running elsewhere); ` +
      `${runs.filter((r) => r.state === "done").length} of ${runs.length} done` +
      (bad.length ? `; ${bad.map((r) => `${r.id} ${r.state}`).join(", ")}` : "") +
      "\n",
  );
  return bad.length ? 1 : 0;
}

async function status(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: { kind: "flag" } });
  const runs = gridStatus(gridDir(args, "status"));
  process.stdout.write(
    args.flags.has("json") ? JSON.stringify(snakeCaseKeys(runs)) + "\n" : statusTable(runs),
  );
  return 0;
}

async function collect(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    json: { kind: "flag" },
    csv: { kind: "value" },
    wide: { kind: "value" },
  });
  const chosen = ["json", "csv", "wide"].filter((o) => args.flags.has(o) || args.values.has(o));
  if (chosen.length > 1)
    throw new InputError(`grid collect: choose one of --${chosen.join(", --")}`);
  const rows = gridRows(gridStatus(gridDir(args, "collect")));
  const csvFile = args.values.get("csv"),
    wideFile = args.values.get("wide");
  if (args.flags.has("json")) process.stdout.write(JSON.stringify(snakeCaseKeys(rows)) + "\n");
  else if (csvFile || wideFile) {
    writeFileSync((csvFile ?? wideFile)!, csvFile ? gridCsv(rows) : gridWideCsv(rows));
    process.stdout.write(
      `${rows.filter((r) => r.state === "done").length} of ${rows.length} runs done; wrote ${csvFile ?? wideFile}\n`,
    );
  } else process.stdout.write(gridCsv(rows));
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  plan,
  run,
  status,
  collect,
};

export const gridCommand: Command = {
  name: "grid",
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    const handler = SUBCOMMANDS[sub ?? ""];
    if (!handler)
      throw new InputError(
        `grid: expected one of ${Object.keys(SUBCOMMANDS).join(", ")}, got "${sub ?? ""}"`,
      );
    return handler(rest);
  },
};
