/** What a grid task leaves in its run folder besides the trainer's own files: the exit code a stopped
 * trainer uses, the task's log, and grid-task.json (which executor ran it, and how it ended). */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../util/atomic";

/** The imagenot-lab command itself: this package's bin, under the node running now. */
export const IMAGENOT_LAB = [
  process.execPath,
  join(__dirname, "..", "..", "bin", "imagenot-lab.cjs"),
];

/** `imagenot-lab train` exits with this after a signal made it save a checkpoint (EX_TEMPFAIL: try
 * again); a Slurm task then requeues itself. */
export const STOPPED_EXIT_CODE = 75;

/** The run's log (stdout and stderr of each attempt, appended). */
export const TASK_LOG = "train.log";
export const TASK_FILE = "grid-task.json";

/** The last thing an executor wrote about a run. */
export interface TaskState {
  executor: "local" | "slurm";
  state: "running" | "exited";
  /** Process id (local) or Slurm job id `<array>_<index>` (slurm). */
  pid?: number;
  job?: string;
  host?: string;
  exitCode?: number;
  at: string;
}

/** Writes RUN/grid-task.json. */
export function writeTaskState(runDir: string, state: TaskState): void {
  writeJsonAtomic(join(runDir, TASK_FILE), state);
}

/** RUN/grid-task.json, or undefined when there is none (never run) or it cannot be read. */
export function readTaskState(runDir: string): TaskState | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, TASK_FILE), "utf8")) as TaskState;
  } catch {
    return undefined;
  }
}

/** The last `n` lines of the run's log ("" when there is no log). */
export function logTail(runDir: string, n = 12): string {
  try {
    const lines = readFileSync(join(runDir, TASK_LOG), "utf8").split(/\r|\n/).filter(Boolean);
    return lines.slice(-n).join("\n");
  } catch {
    return "";
  }
}

/** True when RUN/grid-task.json says a local process on this host is training the run now. */
export function runningLocally(runDir: string): boolean {
  const task = readTaskState(runDir);
  if (task?.executor !== "local" || task.state !== "running" || !task.pid) return false;
  if (task.host !== hostname()) return false;
  try {
    process.kill(task.pid, 0);
    return true;
  } catch {
    return false;
  }
}
