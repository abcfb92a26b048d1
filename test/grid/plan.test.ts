import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  datasetNames,
  datasetSlug,
  planGrid,
  readGridPlan,
  writeGridPlan,
} from "../../src/grid/plan";
import { InputError } from "../../src/errors";
import { runCli } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "imagenot-grid-plan-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a plan has one run per architecture, dataset and seed with its exact train arguments", () => {
  const plan = planGrid({
    archs: ["alexnet", "vgg19"],
    datasets: ["mnist", "cifar10:/data/cifar-10/"],
    seeds: [0, 1],
    trainOptions: ["--epochs", "3"],
  });
  assert.equal(plan.runs.length, 8);
  assert.equal(new Set(plan.runs.map((r) => r.id)).size, 8);
  const r = plan.runs.find((x) => x.id === "vgg19-cifar10-cifar-10-seed1")!;
  assert.deepEqual(r.argv, [
    "train",
    ...["--arch", "vgg19", "--dataset", "cifar10:/data/cifar-10/", "--seed", "1"],
    ...["--epochs", "3", "--out", "runs/vgg19-cifar10-cifar-10-seed1", "--resume"],
  ]);
  assert.equal(r.folder, "runs/vgg19-cifar10-cifar-10-seed1");
  assert.equal(r.datasetName, "cifar10-cifar-10");
  assert.equal(datasetSlug("folder:/x/my set"), "folder-my_set");
  assert.deepEqual(
    datasetNames(["folder:/d/imagenet/train", "folder:/d/imagenot/train", "mnist"]),
    ["folder-imagenet-train", "folder-imagenot-train", "mnist"],
  );
});

test("a repeated entry, an empty axis or two datasets of one name are refused", () => {
  const spec = { archs: ["alexnet"], datasets: ["mnist"], seeds: [0], trainOptions: [] };
  assert.throws(() => planGrid({ ...spec, archs: ["alexnet", "alexnet"] }), InputError);
  assert.throws(() => planGrid({ ...spec, seeds: [] }), InputError);
  assert.throws(() => planGrid({ ...spec, archs: ["lenet"] }), /unknown architecture "lenet"/);
  assert.throws(
    () => planGrid({ ...spec, datasets: ["cifar10:/a/x", "cifar10:/a/x/"] }),
    /"cifar10:\/a\/x" and "cifar10:\/a\/x\/" share the name cifar10-a-x/,
  );
});

test("grid.json round-trips and the same arguments, in any order, give the same bytes", () => {
  const plan = planGrid({ archs: ["alexnet"], datasets: ["mnist"], seeds: [0], trainOptions: [] });
  writeGridPlan(join(dir, "rt"), plan);
  assert.deepEqual(readGridPlan(join(dir, "rt")), plan);

  const common = ["--epochs", "1", "--limit-train", "64", "--no-augment"];
  const a = runCli([
    "grid",
    "plan",
    "--archs",
    "alexnet,vgg19",
    "--datasets",
    "mnist",
    "--seeds",
    "2",
    ...common,
    "--out",
    join(dir, "a"),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /4 runs planned/);
  const b = runCli([
    "grid",
    "plan",
    "--no-augment",
    "--limit-train",
    "64",
    "--seeds",
    "2",
    "--epochs",
    "1",
    "--datasets",
    "mnist",
    "--archs",
    "alexnet,vgg19",
    "--out",
    join(dir, "b"),
  ]);
  assert.equal(b.code, 0, b.stderr);
  const text = readFileSync(join(dir, "a", "grid.json"), "utf8");
  assert.equal(text, readFileSync(join(dir, "b", "grid.json"), "utf8"));
  assert.deepEqual(readGridPlan(join(dir, "a")).trainOptions, [
    ...["--epochs", "1", "--limit-train", "64", "--no-augment"],
  ]);
  const relative = runCli(
    [
      "grid",
      "plan",
      "--archs",
      "alexnet",
      "--datasets",
      "cifar10:some/dir",
      "--out",
      join(dir, "c"),
    ],
    { cwd: dir },
  );
  assert.equal(relative.code, 0, relative.stderr);
  assert.deepEqual(readGridPlan(join(dir, "c")).datasets, [`cifar10:${join(dir, "some/dir")}`]);
  const paper = runCli([
    "grid",
    "plan",
    "--archs",
    "inception_v3,vit_b_16",
    "--datasets",
    "mnist",
    "--scale",
    "paper",
    "--image-size",
    "paper",
    "--out",
    join(dir, "paper"),
  ]);
  assert.equal(paper.code, 0, paper.stderr);
  assert.deepEqual(
    readGridPlan(join(dir, "paper")).runs.map((r) => r.argv.slice(7, 11)),
    [
      ["--scale", "paper", "--image-size", "299"],
      ["--scale", "paper", "--image-size", "224"],
    ],
  );
  const bad = runCli([
    "grid",
    "plan",
    "--archs",
    "alexnet",
    "--datasets",
    "mnist",
    "--arch",
    "x",
    "--out",
    join(dir, "d"),
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option --arch/);
});
