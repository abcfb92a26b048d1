/**
 * Notebooks run headless: through Debian's nbclient in the imagenot-ts kernel and through `imagenot-lab run-notebook`
 * (no Python), which must save the same outputs; parameters, failing cells and the HTML page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli";
import { FIXTURES, installKernelspec, runPython } from "../kernel/helpers";
import { plotlySource } from "../../widgets/html";

const work = mkdtempSync(join(tmpdir(), "imagenot-nb-"));
const jupyterPath = installKernelspec();

/** The code cells of a saved notebook as nbformat reads them (multiline strings joined), after validation. */
function codeCells(
  path: string,
): Array<{ source: string; tags: string[]; execution_count: number | null; outputs: any[] }> {
  const r = runPython(
    [
      "-c",
      [
        "import json, sys, nbformat",
        "nb = nbformat.read(sys.argv[1], as_version=4)",
        "nbformat.validate(nb)",
        "print(json.dumps([{'source': c.source, 'tags': c.metadata.get('tags', []), 'execution_count': c.execution_count, 'outputs': c.outputs} for c in nb.cells if c.cell_type == 'code']))",
      ].join("\n"),
      path,
    ],
    jupyterPath,
  );
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function nbclient(src: string, dst: string, allowErrors: boolean): { error: string | null } {
  const r = runPython(["kernel_nbclient_run.py", src, dst, allowErrors ? "1" : "0"], jupyterPath);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("run-notebook saves the same outputs and counts as nbclient", () => {
  const fixture = join(FIXTURES, "params.ipynb");
  const ours = join(work, "ours.ipynb");
  const theirs = join(work, "theirs.ipynb");
  const r = runCli(["run-notebook", fixture, "--out", ours]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /\[1\/4\] cell 2\n[\s\S]*\[4\/4\] cell 5\n/,
    "progress per code cell on stderr",
  );
  assert.deepEqual(nbclient(fixture, theirs, false), { error: null });
  const a = codeCells(ours);
  const b = codeCells(theirs);
  assert.deepEqual(
    a.map((c) => [c.execution_count, c.outputs]),
    b.map((c) => [c.execution_count, c.outputs]),
  );
  assert.deepEqual(a[1].outputs, [
    { output_type: "stream", name: "stdout", text: "quick=false label=default sizes=1\n" },
  ]);
  assert.deepEqual(
    a[2].outputs[0].data,
    { "text/plain": "second", "application/json": { step: 2 } },
    "updated by the next cell",
  );
  assert.equal(a[3].outputs[1].data["text/plain"], "10");
});

test("--param injects a tagged cell after the parameters cell, values parsed as JSON or kept as strings", () => {
  const out = join(work, "params.ipynb");
  const r = runCli([
    "run-notebook",
    join(FIXTURES, "params.ipynb"),
    "--param",
    "quick=true",
    "--param",
    "label=abc",
    "--param",
    "sizes=[2,3]",
    "--out",
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const cells = codeCells(out);
  assert.deepEqual(
    cells.map((c) => c.tags),
    [["parameters"], ["injected-parameters"], [], [], []],
  );
  assert.match(cells[1].source, /^quick = true;$/m);
  assert.match(cells[1].source, /^label = "abc";$/m);
  assert.match(cells[1].source, /^sizes = \[2,3\];$/m);
  assert.equal(cells[2].outputs[0].text, "quick=true label=abc sizes=2,3\n");
  assert.equal(cells[4].outputs.at(-1).data["text/plain"], "50");
  assert.equal(
    runCli(["run-notebook", join(FIXTURES, "params.ipynb"), "--param", "not an identifier=1"]).code,
    2,
  );
});

test("a failing cell stops run-notebook with exit 1, its number, error and traceback", () => {
  const out = join(work, "failing.ipynb");
  const r = runCli(["run-notebook", join(FIXTURES, "failing.ipynb"), "--out", out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cell 2 of .*failing\.ipynb failed: RangeError: too big: 2/);
  assert.match(r.stderr, /at explode \(cell\[2\]:2\)/, "the throw is on line 2 of the cell");
  const cells = codeCells(out);
  assert.equal(cells[1].outputs[0].output_type, "error");
  assert.equal(cells[2].execution_count, null, "cells after the failure do not run");
});

test("nbclient stops at the error, and with allow_errors runs the cells after it", () => {
  assert.deepEqual(nbclient(join(FIXTURES, "failing.ipynb"), join(work, "stopped.ipynb"), false), {
    error: "RangeError",
  });
  const out = join(work, "allowed.ipynb");
  assert.deepEqual(nbclient(join(FIXTURES, "failing.ipynb"), out, true), { error: null });
  const cells = codeCells(out);
  assert.equal(cells[1].outputs[0].ename, "RangeError");
  assert.equal(cells[2].outputs[0].data["text/plain"], "'never runs'", "no abort after an error");
});

test("a notebook outside the project imports imagenot-lab; --html inlines plotly.js once for two figures", () => {
  const dir = mkdtempSync(join(tmpdir(), "imagenot-outside-"));
  const cell = (source: string) => ({
    cell_type: "code",
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  });
  const figure = (y: number[]) =>
    `display.bundle({ "application/vnd.plotly.v1+json": { data: [{ type: "bar", y: ${JSON.stringify(y)} }], layout: {} }, "text/plain": "fig" });`;
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell(
        `import { display } from "imagenot-lab/kernel";\nimport * as lab from "imagenot-lab";\ntypeof lab`,
      ),
      cell(figure([1, 2])),
      cell(figure([3])),
    ],
  };
  writeFileSync(join(dir, "outside.ipynb"), JSON.stringify(nb));
  const html = join(dir, "outside.html");
  const r = runCli([
    "run-notebook",
    join(dir, "outside.ipynb"),
    "--out",
    join(dir, "done.ipynb"),
    "--html",
    html,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(codeCells(join(dir, "done.ipynb"))[0].outputs[0].data["text/plain"], "'object'");
  const page = readFileSync(html, "utf8");
  assert.equal(
    page.split(plotlySource().slice(0, 2000)).length - 1,
    1,
    "plotly.js inlined exactly once",
  );
  assert.equal((page.match(/class="imagenot-figure"/g) ?? []).length, 2);
});
