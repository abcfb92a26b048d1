import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { BIN, ROOT, runCli } from "../../helpers/cli";
import { tempDir } from "../../train/fixtures";

// A real architecture on real data, kept to two steps on the wasm backend so that it takes seconds.
const QUICK = [
  "--arch",
  "alexnet",
  "--dataset",
  "mnist",
  "--limit-train",
  "16",
  "--limit-test",
  "10",
  "--epochs",
  "1",
  "--batch-size",
  "8",
  "--backend",
  "wasm",
];

for (const [args, message] of [
  [["--dataset", "mnist"], /--arch is required/],
  [["--arch", "nosuch", "--dataset", "mnist"], /unknown architecture "nosuch"/],
  [["--arch", "alexnet", "--dataset", "nosuch"], /unknown dataset "nosuch"/],
  [
    ["--arch", "alexnet", "--dataset", "mnist", "--epochs", "0"],
    /--epochs must be a whole number from 1/,
  ],
  [
    ["--arch", "alexnet", "--dataset", "mnist", "--optimizer", "lbfgs"],
    /--optimizer must be one of sgd, momentum, adam, rmsprop, adamw/,
  ],
  [["--arch", "alexnet", "--dataset", "mnist", "--lr", "fast"], /--lr must be a number/],
  [["--arch", "alexnet", "--dataset", "mnist", "--backbone", "frozen"], /--backbone needs --from/],
] as const) {
  test(`train ${args.join(" ")} exits 2 saying why`, () => {
    const r = runCli(["train", ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });
}

test("a loss that becomes NaN exits 1 naming epoch and step, leaving no run files", () => {
  const out = tempDir();
  const r = runCli(["train", ...QUICK, "--optimizer", "sgd", "--lr", "1e300", "--out", out]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /imagenot-lab: loss is (NaN|Infinity|-Infinity) at epoch 1, step 2 of 2/);
  assert.equal(existsSync(join(out, "run.json")), false);
  assert.equal(existsSync(join(out, "checkpoints")), false);
});

test("a run writes run.json, weights and a checkpoint; --json prints the record; --resume of a finished run changes nothing", () => {
  const out = tempDir();
  const r = runCli(["train", ...QUICK, "--out", out, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  assert.equal(printed.finalTestAcc, record.finalTestAcc);
  assert.equal(record.arch, "alexnet");
  assert.equal(record.dataset, "mnist");
  assert.equal(record.testCorrect.length, 10);
  assert.equal(record.backend.name, "wasm");
  assert.ok(existsSync(join(out, "model.json")) && existsSync(join(out, "weights.bin")));
  assert.ok(existsSync(join(out, "checkpoints", "epoch-0001", "state.json")));
  const again = runCli(["train", ...QUICK, "--out", out, "--resume", "--json"]);
  assert.equal(again.code, 0, again.stderr);
  // Not even a resume time: the finished record is returned as it is (a requeued grid task does this).
  assert.deepEqual(JSON.parse(readFileSync(join(out, "run.json"), "utf8")), record);
});

test("a run killed (SIGKILL) after its first checkpoint resumes to the same metrics and weights as an unbroken run", async () => {
  const args = [
    "train",
    "--arch",
    "alexnet",
    "--dataset",
    "mnist",
    "--limit-train",
    "48",
    "--limit-test",
    "16",
    "--epochs",
    "3",
    "--batch-size",
    "8",
    "--backend",
    "wasm",
    "--optimizer",
    "adam",
    "--lr",
    "0.001",
  ];
  const straight = tempDir(),
    broken = tempDir();
  assert.equal(runCli([...args, "--out", straight]).code, 0);

  const child = spawn(process.execPath, [BIN, ...args, "--out", broken], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const exited = new Promise((done) => child.on("exit", done));
  // run.json follows the checkpoint: wait for both, so the kill lands in epoch 2 or 3.
  while (
    !(
      existsSync(join(broken, "checkpoints", "epoch-0001")) && existsSync(join(broken, "run.json"))
    ) &&
    child.exitCode === null
  )
    await sleep(20);
  child.kill("SIGKILL");
  await exited;
  assert.equal(child.signalCode, "SIGKILL", "the run finished before it could be killed");
  assert.equal(JSON.parse(readFileSync(join(broken, "run.json"), "utf8")).status, "running");

  const r = runCli([...args, "--out", broken, "--resume"]);
  assert.equal(r.code, 0, r.stderr);
  const timeless = (dir: string) => {
    const rec = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    return {
      testCorrect: rec.testCorrect,
      metrics: rec.metrics.map(
        ({ seconds: _s, imagesPerSecond: _i, ...m }: Record<string, number>) => m,
      ),
    };
  };
  assert.deepEqual(timeless(broken), timeless(straight));
  assert.deepEqual(
    readFileSync(join(broken, "weights.bin")),
    readFileSync(join(straight, "weights.bin")),
  );
});

test("--from fine-tunes a saved run on another dataset with a frozen backbone", async () => {
  const from = tempDir(),
    out = tempDir();
  assert.equal(runCli(["train", ...QUICK, "--out", from]).code, 0);
  const tuned = QUICK.map((a) => (a === "mnist" ? "fashion-mnist" : a));
  const r = runCli(["train", ...tuned, "--out", out, "--from", from, "--backbone", "frozen"]);
  assert.equal(r.code, 0, r.stderr);
  const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  // Paths in a record are relative to its run folder.
  assert.deepEqual(record.config.fineTune, { from: relative(out, from), backbone: "frozen" });
  assert.equal(record.dataset, "fashion-mnist");
  // The first convolution's kernel is the saved one, as the zoo's own loader reads both files.
  const { loadModel } = await import("../../../src/models/weights-io");
  const [a, b] = [await loadModel(from), await loadModel(out)];
  assert.deepEqual(b.weights[0].read().dataSync(), a.weights[0].read().dataSync());
  assert.notDeepEqual(
    b.weights[b.weights.length - 1].read().dataSync(),
    a.weights[a.weights.length - 1].read().dataSync(),
  );
});
