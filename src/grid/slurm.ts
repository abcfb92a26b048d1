/** The Slurm executor, in Slurm's own idiom: one job array with one task per unfinished run, `--requeue`,
 * and `--signal=B:USR1@120` forwarded to the trainer, which saves a checkpoint and exits 75; the task
 * then requeues itself and resumes from there. Submitted jobs are listed in DIR/slurm/jobs.json. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError, WorkError } from "../errors";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic";
import { readGridPlan, type GridRun } from "./plan";
import { IMAGENOT_LAB, STOPPED_EXIT_CODE, TASK_FILE, TASK_LOG } from "./task";

export interface SlurmOptions {
  partition?: string;
  gpusPerTask?: number;
  cpusPerTask?: number;
  /** Time limit per task, in any form sbatch takes (e.g. "2-00:00:00"). */
  time?: string;
  /** At most this many tasks at once (the array's `%M`). */
  maxConcurrent?: number;
  /** Write the script only; do not submit. */
  dryRun?: boolean;
  /** The imagenot-lab command the tasks run (default: this package's, under this node). */
  command?: string[];
}

/** One submission: its Slurm job id and the run of each array index. */
export interface SlurmJob {
  job: string;
  submittedAt: string;
  runs: string[];
}

/** A task as squeue shows it. */
export interface SlurmTask {
  state: string;
  reason: string;
}

export const SBATCH_FILE = join("slurm", "grid.sbatch");
const JOBS_FILE = join("slurm", "jobs.json");

/** `s` quoted for bash. */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The batch script for `runs` of the grid in absolute folder `dir` (array index i trains runs[i]). */
export function slurmScript(dir: string, runs: GridRun[], opts: SlurmOptions = {}): string {
  const q = shellQuote;
  const throttle = opts.maxConcurrent ? `%${opts.maxConcurrent}` : "";
  const directives = [
    "--job-name=imagenot-grid",
    `--array=0-${runs.length - 1}${throttle}`,
    "--ntasks=1",
    "--requeue",
    "--signal=B:USR1@120",
    "--open-mode=append",
    `--output=${join(dir, "slurm", "%A_%a.out")}`,
    ...(opts.partition ? [`--partition=${opts.partition}`] : []),
    ...(opts.cpusPerTask ? [`--cpus-per-task=${opts.cpusPerTask}`] : []),
    ...(opts.gpusPerTask ? [`--gpus-per-task=${opts.gpusPerTask}`] : []),
    ...(opts.time ? [`--time=${opts.time}`] : []),
  ];
  const cases = runs.map(
    (r, i) => `  ${i}) run=${q(r.folder)}; args=(${r.argv.map(q).join(" ")}) ;;`,
  );
  const command = (opts.command ?? IMAGENOT_LAB).map(q).join(" ");
  return `#!/bin/bash
# imagenot-lab grid: ${runs.length} runs of ${dir}, one array task each.
# Written by \`imagenot-lab grid run --executor slurm\`; resubmitting that command skips finished runs.
${directives.map((d) => `#SBATCH ${d}`).join("\n")}
set -u
cd ${q(dir)} || exit 1
case "$SLURM_ARRAY_TASK_ID" in
${cases.join("\n")}
  *) echo "no run for array task $SLURM_ARRAY_TASK_ID" >&2; exit 1 ;;
esac
mkdir -p "$run"
task="\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}"
# The run folder records the task's state (grid status reads it).
state() {
  printf '{"executor":"slurm","job":"%s","host":"%s","state":"%s"%s,"at":"%s"}\\n' \\
    "$task" "$(hostname)" "$1" "$2" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$run/${TASK_FILE}.tmp" &&
    mv "$run/${TASK_FILE}.tmp" "$run/${TASK_FILE}"
}
# Threads: the task's CPUs when asked for, else the submitter's IMAGENOT_THREADS, else the job's CPUs.
export IMAGENOT_THREADS="\${SLURM_CPUS_PER_TASK:-\${IMAGENOT_THREADS:-\${SLURM_CPUS_ON_NODE:-1}}}"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) slurm task $task (restart \${SLURM_RESTART_COUNT:-0}) on $(hostname)" >> "$run/${TASK_LOG}"
state running ""
${command} "\${args[@]}" >> "$run/${TASK_LOG}" 2>&1 &
child=$!
# Slurm signals this script (B:USR1 before the time limit, TERM on requeue or scancel): pass it on,
# then keep waiting while the trainer saves its checkpoint.
terminated=0
trap 'kill -USR1 "$child" 2>/dev/null' USR1
trap 'terminated=1; kill -TERM "$child" 2>/dev/null' TERM
while :; do
  wait "$child"; code=$?
  kill -0 "$child" 2>/dev/null || break
done
state exited ",\\"exitCode\\":$code"
if [ "$code" -eq ${STOPPED_EXIT_CODE} ] && [ "$terminated" -eq 0 ]; then
  # Stopped before the time limit with a checkpoint saved: back into the queue, to resume there.
  scontrol requeue "$SLURM_JOB_ID"
fi
exit "$code"
`;
}

/** Whether a Slurm cluster answers here: `sinfo`'s partitions, or why not (no client installed, no
 * cluster configured or reachable), so that a notebook can say plainly when there is none. */
export function slurmCluster(): { ok: true; partitions: string[] } | { ok: false; reason: string } {
  const info = slurmCommand("sinfo", ["-h", "-o", "%P"]);
  if (!info) return { ok: false, reason: "no Slurm here: sinfo and sbatch are not installed" };
  if (info.error) return { ok: false, reason: `no Slurm cluster answers here: ${info.error}` };
  return { ok: true, partitions: info.out.split("\n").filter(Boolean) };
}

/** The jobs submitted for the grid in DIR, oldest first (none when there are none). */
export function readSlurmJobs(dir: string): SlurmJob[] {
  try {
    return JSON.parse(readFileSync(join(dir, JOBS_FILE), "utf8")) as SlurmJob[];
  } catch {
    return [];
  }
}

/** Runs a Slurm client; undefined when the command is not installed. */
function slurmCommand(name: string, args: string[]): { out: string; error?: string } | undefined {
  try {
    return {
      out: execFileSync(name, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
    if (err.code === "ENOENT") return undefined;
    // The last line says what went wrong (sinfo and sbatch print their steps before a fatal one).
    return { out: err.stdout ?? "", error: (err.stderr || err.message).trim().split("\n").pop() };
  }
}

/** Task states after which Slurm runs nothing more for the task (squeue shows them a while, MinJobAge). */
const ENDED = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)/;

/** The grid's Slurm tasks as squeue shows them: `tasks` those queued or running, `ended` the end state of
 * those it still lists after they ended; `jobOf` maps each run to its latest task `<job>_<index>`;
 * `problem` says why the queue could not be read. */
export function slurmTasks(dir: string): {
  tasks: Map<string, SlurmTask>;
  ended: Map<string, string>;
  jobOf: Map<string, string>;
  problem?: string;
} {
  const jobs = readSlurmJobs(dir);
  const jobOf = new Map<string, string>();
  for (const j of jobs) j.runs.forEach((id, i) => jobOf.set(id, `${j.job}_${i}`));
  const tasks = new Map<string, SlurmTask>();
  const ended = new Map<string, string>();
  if (jobs.length === 0) return { tasks, ended, jobOf };
  const ids = jobs.map((j) => j.job).join(",");
  const queue = slurmCommand("squeue", ["-h", "-r", "-j", ids, "-o", "%i|%T|%r"]);
  if (!queue) return { tasks, ended, jobOf, problem: "squeue not found: the queue was not asked" };
  // squeue refuses ids it no longer knows (long finished): that means nothing of them is queued.
  if (queue.error && !/Invalid job id/i.test(queue.error))
    return { tasks, ended, jobOf, problem: `squeue: ${queue.error}` };
  for (const line of queue.out.split("\n").filter(Boolean)) {
    const [id, state, reason] = line.split("|");
    if (ENDED.test(state)) ended.set(id, state);
    else tasks.set(id, { state, reason: reason ?? "" });
  }
  return { tasks, ended, jobOf };
}

/** The end states sacct knows for tasks (e.g. TIMEOUT, CANCELLED), or an empty map where accounting is
 * off, as on a cluster without slurmdbd. */
export function slurmEndStates(taskIds: string[]): Map<string, string> {
  const ended = new Map<string, string>();
  if (taskIds.length === 0) return ended;
  const acct = slurmCommand("sacct", [
    "-n",
    "-P",
    "-X",
    "-j",
    taskIds.join(","),
    "-o",
    "JobID,State",
  ]);
  if (!acct || acct.error) return ended;
  for (const line of acct.out.split("\n").filter(Boolean)) {
    const [id, state] = line.split("|");
    ended.set(id, state);
  }
  return ended;
}

export interface Submission {
  /** The runs in the array, by index; empty when every run is done or already queued. */
  runs: string[];
  script: string | null;
  /** The job id, or null with dryRun or nothing to run. */
  job: string | null;
}

/** Writes DIR/slurm/grid.sbatch for the runs that are neither complete nor queued or running in an
 * earlier submission, and (unless dryRun) submits it with `sbatch --parsable`, recording the job. */
export function submitGrid(
  dir: string,
  opts: SlurmOptions,
  isDone: (runDir: string) => boolean,
): Submission {
  const abs = resolve(dir);
  const plan = readGridPlan(abs);
  const { tasks, jobOf } = slurmTasks(abs);
  const pending = plan.runs.filter((r) => {
    const task = jobOf.get(r.id);
    return !isDone(join(abs, r.folder)) && !(task && tasks.has(task));
  });
  if (pending.length === 0) return { runs: [], script: null, job: null };
  for (const [name, v] of [
    ["gpusPerTask", opts.gpusPerTask],
    ["cpusPerTask", opts.cpusPerTask],
    ["maxConcurrent", opts.maxConcurrent],
  ] as const)
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new InputError(`${name} must be a whole number >= 1, got ${v}`);
  const script = join(abs, SBATCH_FILE);
  writeFileAtomic(script, slurmScript(abs, pending, opts));
  const runs = pending.map((r) => r.id);
  if (opts.dryRun) return { runs, script, job: null };
  const submitted = slurmCommand("sbatch", ["--parsable", script]);
  if (!submitted)
    throw new WorkError(
      `sbatch not found: no Slurm on this machine (the script is in ${script}; --dry-run only writes it)`,
    );
  if (submitted.error) throw new WorkError(`sbatch ${script}: ${submitted.error}`);
  const job = submitted.out.trim().split(";")[0];
  if (!/^\d+$/.test(job))
    throw new WorkError(`sbatch printed "${submitted.out.trim()}", not a job id`);
  writeJsonAtomic(join(abs, JOBS_FILE), [
    ...readSlurmJobs(abs),
    { job, submittedAt: new Date().toISOString(), runs },
  ]);
  return { runs, script, job };
}
