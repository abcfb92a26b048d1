/** Status, collection and the Slurm batch script, on grid folders made by hand (no training). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gridCsv, gridRows, gridWideCsv } from "../../src/grid/collect";
import { planGrid, writeGridPlan, type GridPlan } from "../../src/grid/plan";
import { SBATCH_FILE, slurmScript, submitGrid } from "../../src/grid/slurm";
import { gridStatus, isComplete } from "../../src/grid/state";
import { readTaskState, writeTaskState } from "../../src/grid/task";
import { runCli } from "../helpers/cli";

const work = mkdtempSync(join(tmpdir(), "imagenot-grid-status-"));
after(() => rmSync(work, { recursive: true, force: true }));

function record(over: Record<string, unknown>) {
  return {
    status: "complete",
    arch: "alexnet",
    dataset: "mnist",
    numClasses: 10,
    seed: 0,
    config: { epochs: 2 },
    backend: { name: "wasm" },
    metrics: [{ epoch: 1 }, { epoch: 2 }],
    finalTestAcc: 0.5,
    ...over,
  };
}

/** A grid of four runs in every state a folder can show. */
function handMade(name: string): { dir: string; plan: GridPlan } {
  const dir = join(work, name);
  const plan = planGrid({
    archs: ["alexnet", "vgg19"],
    datasets: ["mnist", "fashion-mnist"],
    seeds: [0],
    trainOptions: ["--epochs", "2"],
  });
  writeGridPlan(dir, plan);
  const folder = (i: number) => join(dir, plan.runs[i].folder);
  // 0: done, with the study's recipe and learned fields; 1: done but it learned nothing;
  // 2: failed with a log; 3: stopped at a checkpoint.
  for (const i of [0, 1, 2, 3]) mkdirSync(folder(i), { recursive: true });
  const done = { recipe: { name: "quick" }, learned: true, finalTestAcc: 0.75 };
  writeFileSync(join(folder(0), "run.json"), JSON.stringify(record(done)));
  writeFileSync(
    join(folder(1), "run.json"),
    JSON.stringify(record({ dataset: "fashion-mnist", learned: false, finalTestAcc: 0.1 })),
  );
  writeFileSync(join(folder(2), "train.log"), "line one\nimagenot-lab: dataset went away\n");
  writeTaskState(folder(2), { executor: "local", state: "exited", exitCode: 2, at: "now" });
  mkdirSync(join(folder(3), "checkpoints", "epoch-0001-step-0000004"), { recursive: true });
  return { dir, plan };
}

test("each run's state comes from its folder: done (learned or not), failed with its log, stopped", () => {
  const { dir } = handMade("states");
  const s = gridStatus(dir);
  assert.deepEqual(
    s.map((r) => [r.state, r.accuracy, r.learned, r.recipe, r.epochs]),
    [
      ["done", 0.75, true, "quick", 2],
      ["done", 0.1, false, "", 2],
      ["failed", null, null, "", 2],
      ["stopped", null, null, "", 2],
    ],
  );
  assert.match(s[2].logTail!, /dataset went away/);
  const table = runCli(["grid", "status", dir]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /4 runs: 1 stopped, 2 done, 1 failed/);
  assert.match(table.stdout, /vgg19-mnist-seed0 failed; the end of .*\n.*line one/);
  const json = JSON.parse(runCli(["grid", "status", dir, "--json"]).stdout);
  assert.equal(json[2].log_tail, "line one\nimagenot-lab: dataset went away");
});

test("collect gives one row per run, and a wide table that analyze reads", () => {
  const { dir } = handMade("collect");
  const rows = gridRows(gridStatus(dir));
  assert.equal(
    gridCsv(rows),
    [
      "arch,dataset,seed,recipe,accuracy,learned,state",
      "alexnet,mnist,0,quick,0.75,true,done",
      "alexnet,fashion-mnist,0,,0.1,false,done",
      "vgg19,mnist,0,,,,failed",
      "vgg19,fashion-mnist,0,,,,stopped",
      "",
    ].join("\n"),
  );
  assert.equal(
    gridWideCsv(rows),
    [
      "# 2 of 4 runs done; each cell is the mean over their seeds",
      "model,mnist,fashion-mnist",
      "alexnet,0.75,0.1",
      "vgg19,,",
      "",
    ].join("\n"),
  );
  const wide = join(dir, "wide.csv");
  assert.equal(runCli(["grid", "collect", dir, "--wide", wide]).code, 0);
  const analyzed = runCli(["analyze", wide, "--x", "mnist", "--y", "fashion-mnist", "--json"]);
  // One complete row is too few for a fit, but analyze reads the table (comment, columns, empty cells).
  assert.equal(analyzed.code, 2);
  assert.match(
    analyzed.stderr,
    /only 1 rows have numbers in both "mnist" and "fashion-mnist" \(1 with empty/,
  );
});

test("the batch script runs each array index's exact arguments from the grid folder and records the end", () => {
  const dir = join(work, "script");
  const plan = planGrid({
    archs: ["alexnet"],
    datasets: ["mnist", "folder:/data/it's here"],
    seeds: [0],
    trainOptions: ["--epochs", "1"],
  });
  writeGridPlan(dir, plan);
  const echo = [process.execPath, "-e", "console.log(JSON.stringify(process.argv.slice(1)))"];
  const sub = submitGrid(
    dir,
    {
      dryRun: true,
      maxConcurrent: 3,
      partition: "gpu",
      gpusPerTask: 1,
      time: "2-00:00:00",
      command: echo,
    },
    isComplete,
  );
  assert.equal(sub.job, null);
  const script = readFileSync(join(dir, SBATCH_FILE), "utf8");
  for (const d of ["--array=0-1%3", "--partition=gpu", "--gpus-per-task=1", "--time=2-00:00:00"])
    assert.ok(script.includes(`#SBATCH ${d}\n`), d);
  assert.doesNotMatch(slurmScript(dir, plan.runs), /--array=0-1%/);

  const r = spawnSync("bash", [join(dir, SBATCH_FILE)], {
    env: { ...process.env, SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_JOB_ID: "77" },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const run = join(dir, plan.runs[1].folder);
  const logged = readFileSync(join(run, "train.log"), "utf8").trim().split("\n");
  assert.match(logged[0], /^# .* slurm task 77_1 \(restart 0\)/);
  assert.deepEqual(JSON.parse(logged[1]), plan.runs[1].argv);
  assert.deepEqual(
    { ...readTaskState(run), at: "", host: "" },
    { executor: "slurm", job: "77_1", state: "exited", exitCode: 0, at: "", host: "" },
  );
});

test("without sbatch the submission says so, and a finished grid has nothing to submit", () => {
  const dir = join(work, "nosbatch");
  writeGridPlan(
    dir,
    planGrid({ archs: ["alexnet"], datasets: ["mnist"], seeds: [0], trainOptions: [] }),
  );
  const r = runCli(["grid", "run", dir, "--executor", "slurm"], {
    env: { PATH: "/nonexistent" },
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /sbatch not found: no Slurm on this machine/);
  mkdirSync(join(dir, "runs", "alexnet-mnist-seed0"), { recursive: true });
  writeFileSync(join(dir, "runs", "alexnet-mnist-seed0", "run.json"), JSON.stringify(record({})));
  const done = runCli(["grid", "run", dir, "--executor", "slurm"], {
    env: { PATH: "/nonexistent" },
  });
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /nothing to submit/);
});
