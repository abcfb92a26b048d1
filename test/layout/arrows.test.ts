/** DESIGN.md's arrows hold on the project, and the check finds each kind of break in a small tree built here. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkArrows, formatArrows } from "../../scripts/arrows";

const ROOT = join(__dirname, "..", "..");

test("the project's imports have no reversed arrow, no cycle, and TensorFlow-free modules load no TensorFlow", () => {
  const report = checkArrows(ROOT);
  assert.deepEqual(report.reversed, [], formatArrows(report));
  assert.deepEqual(report.tensorflow, [], formatArrows(report));
  assert.deepEqual(report.cycles, [], formatArrows(report));
  assert.ok(report.areas.get("app -> src/train")! > 0, "the area graph is read");
});

test("a reversed arrow, a TensorFlow-loading analysis module and a cycle are each reported", () => {
  const root = mkdtempSync(join(tmpdir(), "imagenot-arrows-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  try {
    write(
      "src/analysis/stats.ts",
      'import { helper } from "../train/helper";\nexport const x = helper;\n',
    );
    write(
      "src/train/helper.ts",
      'import * as tf from "@tensorflow/tfjs";\nexport const helper = tf;\n',
    );
    write("src/data/a.ts", 'import { b } from "./b";\nexport const a = b;\n');
    write(
      "src/data/b.ts",
      'import type { a } from "./a";\nexport const b = 1 as unknown as typeof a;\n',
    );
    write(
      "src/util/up.ts",
      'import { view } from "../../widgets/view";\nexport const up = view;\n',
    );
    write(
      "widgets/view.ts",
      'import type { Kernel } from "../kernel/protocol/kernel";\nexport const view = 1 as unknown as Kernel;\n',
    );
    write("kernel/protocol/kernel.ts", "export type Kernel = number;\n");
    const report = checkArrows(root);
    assert.deepEqual(report.reversed.map((r) => r.rule).sort(), [
      "src/ uses nothing above it",
      "widgets/ uses kernel/api.ts only",
    ]);
    assert.deepEqual(
      report.tensorflow.map((t) => t.file),
      ["src/analysis/stats.ts"],
    );
    assert.deepEqual(report.cycles, [["src/data/a.ts", "src/data/b.ts"]]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("only src/engine picks the TensorFlow.js backend", () => {
  const hits = execFileSync(
    "git",
    ["grep", "-n", "setBackend(", "--", "src", "app", "widgets", "kernel"],
    { cwd: ROOT, encoding: "utf8" },
  )
    .split("\n")
    .filter((line) => line && !line.startsWith("src/engine/"));
  assert.deepEqual(hits, []);
});
