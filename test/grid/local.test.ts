/** The local executor with real `imagenot-lab train` processes on tiny runs. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runGridLocal, type LocalRun } from "../../src/grid/local";
import { planGrid, writeGridPlan } from "../../src/grid/plan";
import { gridStatus } from "../../src/grid/state";
import { readRunRecord } from "../../src/train/run-record";

const work = mkdtempSync(join(tmpdir(), "imagenot-grid-local-"));
after(() => rmSync(work, { recursive: true, force: true }));

const tiny = (epochs: number, images: number) => [
  ...["--epochs", String(epochs), "--limit-train", String(images), "--limit-test", "32"],
  ...["--batch-size", "16", "--backend", "wasm"],
];

test("runs go on in parallel with the threads split; a failed run shows its log; a second call trains only what is not done", async () => {
  const dir = join(work, "grid");
  const plan = planGrid({
    archs: ["alexnet"],
    datasets: ["mnist", "folder:/nonexistent/imagenot"],
    seeds: [0, 1],
    trainOptions: tiny(1, 64),
  });
  writeGridPlan(dir, plan);
  const seen: { id: string; state: string; fraction: number }[] = [];
  const runs = await runGridLocal(dir, {
    jobs: 2,
    threads: 4,
    onProgress: (_all, r) => seen.push({ id: r.id, state: r.state, fraction: r.fraction }),
  });
  const byId = new Map(runs.map((r) => [r.id, r]));
  const good = ["alexnet-mnist-seed0", "alexnet-mnist-seed1"];
  const bad = ["alexnet-folder-imagenot-seed0", "alexnet-folder-imagenot-seed1"];
  for (const id of good) {
    assert.equal(byId.get(id)!.state, "done", JSON.stringify(byId.get(id)));
    // Four threads between two concurrent trainings.
    assert.equal(readRunRecord(join(dir, "runs", id)).backend.threads, 2);
    assert.ok(existsSync(join(dir, "runs", id, "train.log")));
  }
  for (const id of bad) {
    const r = byId.get(id)!;
    assert.equal(r.state, "failed");
    assert.equal(r.exitCode, 2);
    assert.match(r.logTail!, /nonexistent/);
  }
  assert.ok(
    seen.some((s) => s.state === "running" && s.fraction > 0 && s.fraction < 1),
    "a progress report inside a run",
  );
  assert.deepEqual(
    gridStatus(dir).map((s) => s.state),
    ["done", "done", "failed", "failed"],
  );

  const stamps = good.map((id) => statSync(join(dir, "runs", id, "run.json")).mtimeMs);
  const again: LocalRun[] = await runGridLocal(dir, { jobs: 2 });
  assert.deepEqual(
    again.map((r) => [r.id, r.skipped]),
    [...good.map((id) => [id, true]), ...bad.map((id) => [id, false])],
  );
  assert.deepEqual(
    good.map((id) => statSync(join(dir, "runs", id, "run.json")).mtimeMs),
    stamps,
  );
});

test("aborting stops a training at a checkpoint; the next call resumes it to the end", async () => {
  const dir = join(work, "abort");
  writeGridPlan(
    dir,
    planGrid({ archs: ["alexnet"], datasets: ["mnist"], seeds: [0], trainOptions: tiny(1, 256) }),
  );
  const stop = new AbortController();
  const [stopped] = await runGridLocal(dir, {
    signal: stop.signal,
    onProgress: (_all, r) => {
      if (r.fraction > 0) stop.abort();
    },
  });
  assert.equal(stopped.state, "stopped", stopped.logTail);
  const run = join(dir, "runs", "alexnet-mnist-seed0");
  assert.match(readdirSync(join(run, "checkpoints")).join(), /^epoch-0000-step-\d+$/);
  assert.equal(gridStatus(dir)[0].state, "stopped");

  const [resumed] = await runGridLocal(dir);
  assert.equal(resumed.state, "done");
  assert.equal(readRunRecord(run).resumedAt.length, 1);
});
