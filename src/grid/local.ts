/** The local executor: a grid's unfinished runs as N concurrent `imagenot-lab train ... --resume`
 * processes, the machine's threads split between them, each writing its own log. A failed run is
 * reported with the end of its log while the others go on; a finished run is never started again. */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import { readGridPlan, type GridRun } from "./plan";
import { isComplete } from "./state";
import {
  IMAGENOT_LAB,
  STOPPED_EXIT_CODE,
  TASK_LOG,
  logTail,
  runningLocally,
  writeTaskState,
} from "./task";

/** One run as the local executor sees it. */
export interface LocalRun {
  id: string;
  /** waiting to start, running, done (now or before: `skipped`), failed, stopped by a signal. */
  state: "waiting" | "running" | "done" | "failed" | "stopped";
  /** True when this call did not start it: complete already, or training in another process. */
  skipped: boolean;
  /** Of the whole run, 0..1, from the trainer's progress lines. */
  fraction: number;
  /** The trainer's last progress line. */
  line: string;
  exitCode?: number;
  /** The last lines of its log, for a failed run. */
  logTail?: string;
}

export interface LocalOptions {
  /** Concurrent trainings (default 1). */
  jobs?: number;
  /** Threads to split between them (default IMAGENOT_THREADS, else the machine's). */
  threads?: number;
  /** Called whenever a run changes (state or progress), with every run. */
  onProgress?: (runs: readonly LocalRun[], changed: LocalRun) => void;
  /** When aborted, running trainings get SIGTERM (they checkpoint and stop) and no new one starts. */
  signal?: AbortSignal;
  /** The command to run instead of this package's imagenot-lab (argv before the run's arguments). */
  command?: string[];
}

const PROGRESS_LINE = /epoch (\d+)\/(\d+) \[[#.]*\] (\d+)\/(\d+)/;

/** Runs the grid in DIR on this machine; resolves when every run has ended, one entry per run in plan
 * order. Never rejects for a failed run: look at `state` (and `logTail`). */
export async function runGridLocal(dir: string, opts: LocalOptions = {}): Promise<LocalRun[]> {
  const plan = readGridPlan(dir);
  const jobs = Math.max(1, Math.floor(opts.jobs ?? 1));
  const threads = opts.threads ?? (Number(process.env.IMAGENOT_THREADS) || availableParallelism());
  const runs: LocalRun[] = plan.runs.map((r): LocalRun => {
    const folder = join(dir, r.folder);
    if (isComplete(folder))
      return { id: r.id, state: "done", skipped: true, fraction: 1, line: "" };
    // Another `grid run` on this machine is training it: leave it to that one.
    if (runningLocally(folder))
      return { id: r.id, state: "running", skipped: true, fraction: 0, line: "elsewhere" };
    return { id: r.id, state: "waiting", skipped: false, fraction: 0, line: "" };
  });
  const changed = (r: LocalRun) => opts.onProgress?.(runs, r);
  const queue = plan.runs.map((r, i) => ({ run: r, view: runs[i] })).filter((x) => !x.view.skipped);
  const perRun = String(
    Math.max(1, Math.floor(threads / Math.max(1, Math.min(jobs, queue.length)))),
  );
  const children = new Set<ReturnType<typeof spawn>>();
  const onAbort = () => children.forEach((c) => c.kill("SIGTERM"));
  opts.signal?.addEventListener("abort", onAbort);

  const worker = async () => {
    for (let next = queue.shift(); next && !opts.signal?.aborted; next = queue.shift())
      await runOne(
        dir,
        next.run,
        next.view,
        perRun,
        opts.command ?? IMAGENOT_LAB,
        children,
        changed,
      );
  };
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
  return runs;
}

/** Trains one run to its end, appending its output to RUN/train.log. */
async function runOne(
  dir: string,
  run: GridRun,
  view: LocalRun,
  threads: string,
  command: string[],
  children: Set<ReturnType<typeof spawn>>,
  changed: (r: LocalRun) => void,
): Promise<void> {
  const folder = join(dir, run.folder);
  mkdirSync(folder, { recursive: true });
  const log = createWriteStream(join(folder, TASK_LOG), { flags: "a" });
  log.write(`# ${new Date().toISOString()} local: ${run.argv.join(" ")}\n`);
  const child = spawn(command[0], [...command.slice(1), ...run.argv], {
    cwd: dir,
    env: { ...process.env, IMAGENOT_THREADS: threads },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  writeTaskState(folder, {
    executor: "local",
    state: "running",
    pid: child.pid,
    host: hostname(),
    at: now(),
  });
  Object.assign(view, { state: "running", line: "" });
  changed(view);
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const lines = chunk.toString("utf8").split(/\r|\n/).filter(Boolean);
    for (const line of lines) {
      const m = PROGRESS_LINE.exec(line);
      if (!m) continue;
      const [epoch, epochs, done, total] = m.slice(1).map(Number);
      view.fraction = (epoch - 1 + (total > 0 ? done / total : 1)) / epochs;
      view.line = line.trim();
    }
    if (lines.length > 0) changed(view);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exitCode = await new Promise<number>((resolve) => {
    child.on("error", (e) => {
      log.write(`cannot start ${command[0]}: ${e.message}\n`);
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  children.delete(child);
  await new Promise<void>((resolve) => log.end(resolve));
  writeTaskState(folder, {
    executor: "local",
    state: "exited",
    exitCode,
    host: hostname(),
    at: now(),
  });
  view.exitCode = exitCode;
  if (exitCode === 0 && isComplete(folder)) Object.assign(view, { state: "done", fraction: 1 });
  else if (exitCode === STOPPED_EXIT_CODE) view.state = "stopped";
  else Object.assign(view, { state: "failed", logTail: logTail(folder) });
  changed(view);
}

function now(): string {
  return new Date().toISOString();
}
