/**
 * The study's notebooks, as CI runs them: committed without outputs, each with a `parameters` cell, and each run top
 * to bottom with quick = true both through `imagenot-lab run-notebook` and in real Jupyter (Debian's nbclient on the
 * imagenot-ts kernel). The two runs train in separate folders: the same seed and backend must give the same numbers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runCli, ROOT } from "../helpers/cli";
import { findRunRecords } from "../../src/results/table";
import { installKernelspec, runPython } from "../kernel/helpers";
import {
  injectParameters,
  joinSource,
  readNotebook,
  type Notebook,
} from "../../kernel/runner/notebook";

const SOURCE = join(ROOT, "notebooks");
const NOTEBOOKS = readdirSync(SOURCE)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const jupyterPath = installKernelspec();
/** Each runner gets its own copy of the folder, so runs/ and outputs of one cannot feed the other. */
const copies = {
  ours: mkdtempSync(join(tmpdir(), "imagenot-nb-ours-")),
  jupyter: mkdtempSync(join(tmpdir(), "imagenot-nb-jupyter-")),
};
for (const dir of Object.values(copies))
  cpSync(SOURCE, dir, { recursive: true, filter: (src) => !src.includes(`${SOURCE}/runs`) });

/** The error outputs of a saved notebook, as "cell N: ename: evalue". */
function errors(nb: Notebook): string[] {
  return nb.cells.flatMap((c, i) =>
    (c.outputs ?? [])
      .filter((o) => o.output_type === "error")
      .map(
        (o) => `cell ${i}: ${(o as { ename: string }).ename}: ${(o as { evalue: string }).evalue}`,
      ),
  );
}

test("all six notebooks are there, committed without outputs, each with `let quick = false;` in a parameters cell", () => {
  assert.deepEqual(NOTEBOOKS, [
    "00-quickstart.ipynb",
    "01-datasets.ipynb",
    "02-training.ipynb",
    "03-rankings.ipynb",
    "04-transfer.ipynb",
    "05-your-data.ipynb",
  ]);
  for (const name of NOTEBOOKS) {
    const nb = readNotebook(join(SOURCE, name));
    assert.equal(
      (nb.metadata.kernelspec as { name?: string } | undefined)?.name,
      "imagenot-ts",
      `${name} names the imagenot-ts kernel`,
    );
    for (const [i, c] of nb.cells.entries()) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${name} cell ${i} has no outputs`);
      assert.equal(c.execution_count, null, `${name} cell ${i} has no execution count`);
    }
    const params = nb.cells.filter((c) => (c.metadata.tags ?? []).includes("parameters"));
    assert.equal(params.length, 1, `${name} has one parameters cell`);
    assert.match(
      joinSource(params[0].source),
      /^let quick = false;$/m,
      `${name} declares quick = false`,
    );
    assert.equal(nb.cells[0].cell_type, "markdown", `${name} opens with prose`);
  }
});

for (const name of NOTEBOOKS) {
  test(`${name} runs top to bottom with quick = true through run-notebook`, () => {
    const out = join(copies.ours, name.replace(".ipynb", ".out.ipynb"));
    const r = runCli(
      ["run-notebook", join(copies.ours, name), "--param", "quick=true", "--out", out],
      { timeoutMs: 1_800_000 },
    );
    assert.equal(r.code, 0, `run-notebook failed:\n${r.stderr.slice(-4000)}`);
    const nb = readNotebook(out);
    assert.deepEqual(errors(nb), []);
    assert.ok(
      nb.cells.every((c) => c.cell_type !== "code" || typeof c.execution_count === "number"),
      "every code cell ran",
    );
  });

  test(`${name} runs top to bottom with quick = true in Jupyter (nbclient, imagenot-ts kernel)`, () => {
    const src = join(copies.jupyter, name.replace(".ipynb", ".in.ipynb"));
    const out = join(copies.jupyter, name.replace(".ipynb", ".out.ipynb"));
    writeFileSync(
      src,
      JSON.stringify(injectParameters(readNotebook(join(copies.jupyter, name)), [["quick", true]])),
    );
    const r = runPython(
      ["kernel_nbclient_run.py", src, out, "0", "1800"],
      jupyterPath,
      undefined,
      1_800_000,
    );
    assert.equal(r.code, 0, r.stderr.slice(-4000));
    assert.deepEqual(
      JSON.parse(r.stdout),
      { error: null },
      `a cell failed: ${errors(readNotebook(out)).join("; ")}`,
    );
  });
}

test("02-training gives the same numbers in both runs (same seed, same backend)", () => {
  let compared = 0;
  for (const dataset of ["mnist", "fashion-mnist"]) {
    const records = (dir: string) => findRunRecords(join(dir, "runs", dataset));
    const ours = records(copies.ours);
    assert.deepEqual(
      ours.map((p) => relative(copies.ours, p)),
      records(copies.jupyter).map((p) => relative(copies.jupyter, p)),
      `the same ${dataset} runs in both folders`,
    );
    for (const path of ours) {
      const read = (dir: string) =>
        JSON.parse(readFileSync(join(dir, relative(copies.ours, path)), "utf8"));
      const [a, b] = [read(copies.ours), read(copies.jupyter)];
      const where = relative(copies.ours, path);
      assert.equal(a.backend.name, b.backend.name);
      assert.equal(a.finalTestAcc, b.finalTestAcc, where);
      assert.equal(a.testCorrect, b.testCorrect, where);
      assert.deepEqual(
        a.metrics.map((m: { trainLoss: number }) => m.trainLoss),
        b.metrics.map((m: { trainLoss: number }) => m.trainLoss),
        where,
      );
      compared++;
    }
  }
  assert.equal(compared, 18, "nine architectures on two datasets");
});
