/** Where each run of a grid stands, read from its folder (run.json, checkpoints, grid-task.json) and,
 * when a Slurm job was submitted, from the queue. The run folder decides: done means run.json says
 * complete, whatever the queue says. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readRunRecord, type RunRecord } from "../train/run-record";
import { TRAIN_DEFAULTS } from "../train/settings";
import { readGridPlan, type GridRun } from "./plan";
import { slurmEndStates, slurmTasks, type SlurmTask } from "./slurm";
import { STOPPED_EXIT_CODE, logTail, readTaskState, runningLocally } from "./task";

export const RUN_STATES = ["planned", "queued", "running", "stopped", "done", "failed"] as const;
/** planned: nothing yet; queued: waiting in Slurm; stopped: a checkpoint but nothing running it. */
export type RunState = (typeof RUN_STATES)[number];

export interface RunStatus {
  id: string;
  arch: string;
  dataset: string;
  datasetName: string;
  seed: number;
  folder: string;
  state: RunState;
  /** Epochs finished (from the record) and planned (from the record's config, when known). */
  epochsDone: number;
  epochs: number;
  /** The final test accuracy (fraction) of a done run, else null. */
  accuracy: number | null;
  /** The record's `learned` (did the run beat chance?) when it has one, else null. */
  learned: boolean | null;
  /** The record's recipe name when it has one, else "". */
  recipe: string;
  /** The Slurm task (`<job>_<index>`) last submitted for the run, if any. */
  job: string | null;
  /** Why: the queue's state and reason, an exit code. */
  detail: string;
  /** The end of the run's log when it failed. */
  logTail?: string;
}

/** RUN/run.json when it can be read, else undefined. */
function record(runDir: string): RunRecord | undefined {
  try {
    return readRunRecord(runDir);
  } catch {
    return undefined;
  }
}

/** True when RUN/run.json says the run is complete. */
export function isComplete(runDir: string): boolean {
  return record(runDir)?.status === "complete";
}

/** A recipe recorded as a name or as an object with one. */
function recipeName(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string")
    return (value as { name: string }).name;
  return "";
}

/** The epochs a run's arguments ask for (train's default 10), before its record says. */
function plannedEpochs(run: GridRun): number {
  const i = run.argv.indexOf("--epochs");
  return i >= 0 ? Number(run.argv[i + 1]) : TRAIN_DEFAULTS.epochs;
}

function hasCheckpoint(runDir: string): boolean {
  const dir = join(runDir, "checkpoints");
  return existsSync(dir) && readdirSync(dir).some((n) => /^epoch-\d+(-step-\d+)?$/.test(n));
}

/** One run's status from its folder and its Slurm task (undefined when not in the queue). */
function runStatus(
  dir: string,
  run: GridRun,
  job: string | null,
  task: SlurmTask | undefined,
  endState: string | undefined,
): RunStatus {
  const folder = join(dir, run.folder);
  const rec = record(folder);
  const extra = rec as (RunRecord & { recipe?: unknown; learned?: unknown }) | undefined;
  const base = {
    id: run.id,
    arch: run.arch,
    dataset: run.dataset,
    datasetName: run.datasetName,
    seed: run.seed,
    folder: run.folder,
    epochsDone: rec?.metrics.length ?? 0,
    epochs: typeof rec?.config.epochs === "number" ? rec.config.epochs : plannedEpochs(run),
    accuracy: null,
    learned: typeof extra?.learned === "boolean" ? extra.learned : null,
    recipe: recipeName(extra?.recipe ?? rec?.config.recipe),
    job,
    detail: "",
  };
  if (rec?.status === "complete")
    return { ...base, state: "done", accuracy: rec.finalTestAcc, detail: "run.json complete" };
  if (task) {
    const running = ["RUNNING", "COMPLETING", "CONFIGURING", "SIGNALING"].includes(task.state);
    const detail = [task.state, task.reason].filter((s) => s && s !== "None").join(" ");
    return { ...base, state: running ? "running" : "queued", detail };
  }
  if (runningLocally(folder)) return { ...base, state: "running", detail: "local process" };
  const ended = readTaskState(folder);
  if (ended?.state === "exited" && ended.exitCode === STOPPED_EXIT_CODE)
    return { ...base, state: "stopped", detail: "stopped by a signal, checkpoint saved" };
  if (ended?.state === "exited" && ended.exitCode !== 0)
    return {
      ...base,
      state: "failed",
      detail: `exit code ${ended.exitCode}`,
      logTail: logTail(folder),
    };
  // Submitted, no longer queued, yet not complete: the task ended some other way (time limit, a kill).
  if (job)
    return {
      ...base,
      state: "failed",
      detail: `the Slurm task ended without completing the run${endState ? ` (${endState})` : ""}`,
      logTail: logTail(folder),
    };
  if (hasCheckpoint(folder)) return { ...base, state: "stopped", detail: "checkpoint saved" };
  return { ...base, state: "planned" };
}

/** Every run of the grid in DIR with its state, in plan order. Asks `squeue` when a Slurm job was
 * submitted for the grid (and says so in `detail` when it cannot). */
export function gridStatus(dir: string): RunStatus[] {
  const plan = readGridPlan(dir);
  const { tasks, ended, jobOf, problem } = slurmTasks(dir);
  // sacct, where accounting is on, tells how tasks that squeue no longer lists ended.
  const gone = plan.runs
    .map((r) => jobOf.get(r.id))
    .filter((j): j is string => j !== undefined && !tasks.has(j) && !ended.has(j));
  if (!problem) for (const [id, state] of slurmEndStates(gone)) ended.set(id, state);
  return plan.runs.map((run) => {
    const job = jobOf.get(run.id) ?? null;
    const task = job ? tasks.get(job) : undefined;
    const status = runStatus(dir, run, job, task, job ? ended.get(job) : undefined);
    if (problem && job && status.state !== "done")
      status.detail = [status.detail, problem].filter(Boolean).join("; ");
    return status;
  });
}
