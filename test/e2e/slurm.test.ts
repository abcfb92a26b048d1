/** The grid on a real one-node Slurm cluster (test/e2e/slurm-cluster.ts): submit, finish, collect;
 * a task requeued mid-run resumes to the uninterrupted run's record; a resubmission trains nothing; a
 * bad dataset fails its run only. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { slurmCluster } from "../../src/grid/slurm";
import { readRunRecord, type RunRecord } from "../../src/train/run-record";
import { runCli } from "../helpers/cli";
import { slurmMissing, startSlurm, type SlurmCluster } from "./slurm-cluster";

const missing = slurmMissing();
let cluster: SlurmCluster;
const work = mkdtempSync(join(tmpdir(), "imagenot-slurm-grid-"));
// One thread per training: the same arithmetic under Slurm and here, and two tasks fit two cores.
const ENV = () => ({ ...cluster.env, IMAGENOT_THREADS: "1" });
const TINY = ["--epochs", "1", "--limit-train", "128", "--limit-test", "64", "--batch-size", "32"];

before(async () => {
  if (!missing) cluster = await startSlurm();
});
after(async () => {
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Status {
  id: string;
  state: string;
  job: string | null;
  detail: string;
  log_tail?: string;
}

function cli(args: string[]) {
  const r = runCli(args, { env: ENV(), timeoutMs: 120_000 });
  assert.ok(r.code === 0 || r.code === 1, `${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
  return r;
}

function status(dir: string): Status[] {
  return JSON.parse(cli(["grid", "status", dir, "--json"]).stdout) as Status[];
}

async function waitFor(dir: string, ok: (s: Status[]) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = status(dir);
    if (ok(s)) return s;
    if (Date.now() > deadline) assert.fail(`grid ${dir} still ${JSON.stringify(s, null, 1)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const ended = (s: Status[]) => s.every((r) => r.state === "done" || r.state === "failed");

/** The parts of a record that must not depend on timing or on interruptions. */
function outcome(r: RunRecord) {
  return {
    metrics: r.metrics.map(({ trainLoss, trainAcc, testLoss, testAcc, lr }) => ({
      trainLoss,
      trainAcc,
      testLoss,
      testAcc,
      lr,
    })),
    testCorrect: r.testCorrect,
    finalTestAcc: r.finalTestAcc,
  };
}

test(
  "a grid of 4 tiny runs is submitted as one array, finishes, is collected; resubmitting trains nothing",
  { skip: missing, timeout: 150_000 },
  async () => {
    const dir = join(work, "four");
    const planned = cli([
      "grid",
      "plan",
      ...["--archs", "alexnet,mobilenet_v3_large", "--datasets", "mnist", "--seeds", "2"],
      ...TINY,
      ...["--backend", "wasm", "--out", dir],
    ]);
    assert.match(planned.stdout, /4 runs planned/);
    const conf = process.env.SLURM_CONF;
    process.env.SLURM_CONF = cluster.env.SLURM_CONF;
    try {
      assert.deepEqual(slurmCluster(), { ok: true, partitions: ["debug*"] });
    } finally {
      if (conf === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = conf;
    }
    const dry = cli([
      "grid",
      "run",
      dir,
      "--executor",
      "slurm",
      "--max-concurrent",
      "2",
      "--dry-run",
    ]);
    assert.match(dry.stdout, /not submitted/);
    const script = readFileSync(join(dir, "slurm", "grid.sbatch"), "utf8");
    for (const line of ["--array=0-3%2", "--requeue", "--signal=B:USR1@120"])
      assert.ok(script.includes(`#SBATCH ${line}\n`), `${line} in\n${script}`);
    assert.equal(status(dir).filter((r) => r.state === "planned").length, 4);

    const sub = cli(["grid", "run", dir, "--executor", "slurm", "--max-concurrent", "2"]);
    assert.match(sub.stdout, /submitted job \d+: 4 array tasks/);
    const early = status(dir);
    assert.ok(
      early.every((r) => /^\d+_[0-3]$/.test(r.job ?? "")),
      JSON.stringify(early),
    );
    const final = await waitFor(dir, ended, 120_000);
    assert.deepEqual(
      final.map((r) => r.state),
      ["done", "done", "done", "done"],
      JSON.stringify(final),
    );
    const table = cli(["grid", "status", dir]).stdout;
    process.stderr.write(`grid status from the Slurm run:\n${table}`);
    assert.match(table, /4 runs: 4 done/);

    const csv = cli(["grid", "collect", dir]).stdout.trim().split("\n");
    assert.equal(csv[0], "arch,dataset,seed,recipe,accuracy,learned,state");
    assert.equal(csv.length, 5);
    for (const line of csv.slice(1)) {
      const [arch, dataset, seed, , accuracy] = line.split(",");
      const rec = readRunRecord(join(dir, "runs", `${arch}-${dataset}-seed${seed}`));
      assert.equal(Number(accuracy), rec.finalTestAcc);
    }

    const stamps = final.map((r) => statSync(join(dir, "runs", r.id, "run.json")).mtimeMs);
    const again = cli(["grid", "run", dir, "--executor", "slurm"]);
    assert.match(again.stdout, /nothing to submit/);
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(
      final.map((r) => statSync(join(dir, "runs", r.id, "run.json")).mtimeMs),
      stamps,
    );
  },
);

test(
  "a task requeued mid-run, then signalled with USR1, resumes each time and ends as an unbroken run; a bad dataset fails alone",
  { skip: missing, timeout: 180_000 },
  async () => {
    const longer = [
      "--epochs",
      "2",
      "--limit-train",
      "256",
      "--limit-test",
      "64",
      "--batch-size",
      "16",
    ];
    const plan = (out: string, datasets: string) =>
      cli([
        "grid",
        "plan",
        ...["--archs", "alexnet", "--datasets", datasets],
        ...longer,
        ...["--backend", "wasm", "--out", out],
      ]);
    const dir = join(work, "requeue");
    plan(dir, "mnist,folder:/nonexistent/imagenot");
    const sub = cli(["grid", "run", dir, "--executor", "slurm"]);
    const job = /submitted job (\d+)/.exec(sub.stdout)![1];
    const task = `${job}_0`;
    const run = join(dir, "runs", "alexnet-mnist-seed0");
    const log = () => {
      try {
        return readFileSync(join(run, "train.log"), "utf8");
      } catch {
        return "";
      }
    };
    const training = async (after: number) => {
      const deadline = Date.now() + 60_000;
      // A progress line of the trainer after the `after`-th start of the task.
      while (
        !/epoch \d\/2 \[/.test(
          log()
            .split("# ")
            .slice(after + 1)
            .join("# "),
        )
      ) {
        if (Date.now() > deadline) assert.fail(`the task did not train:\n${log()}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    };

    // Preempted (scontrol requeue: Slurm sends TERM and queues the task again).
    await training(0);
    cluster.client("scontrol", ["requeue", task]);
    // Then near its time limit (the B:USR1 of --signal, sent by hand): the task requeues itself.
    await training(1);
    cluster.client("scancel", ["--batch", "--signal=USR1", task]);

    await new Promise((r) => setTimeout(r, 2000));
    process.stderr.write(`grid status after the USR1:\n${cli(["grid", "status", dir]).stdout}`);
    const final = await waitFor(dir, ended, 150_000);
    process.stderr.write(`grid status at the end:\n${cli(["grid", "status", dir]).stdout}`);
    const [good, bad] = final;
    assert.equal(good.state, "done", log());
    assert.equal(bad.state, "failed");
    assert.match(bad.log_tail ?? "", /nonexistent/);
    const text = log();
    assert.match(text, /SIGTERM: stopping at the next step/);
    assert.match(text, /SIGUSR1: stopping at the next step/);
    assert.equal((text.match(/^# .* slurm task/gm) ?? []).length, 3, text);
    const record = readRunRecord(run);
    assert.ok(record.resumedAt.length >= 2, JSON.stringify(record.resumedAt));

    // The same run, never interrupted, on this machine through the local executor.
    const straight = join(work, "straight");
    plan(straight, "mnist");
    const local = runCli(["grid", "run", straight, "--executor", "local"], {
      env: ENV(),
      timeoutMs: 120_000,
    });
    assert.equal(local.code, 0, local.stderr);
    const reference = readRunRecord(join(straight, "runs", "alexnet-mnist-seed0"));
    assert.equal(reference.resumedAt.length, 0);
    assert.deepEqual(outcome(record), outcome(reference));
  },
);
