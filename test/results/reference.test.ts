import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  REFERENCE_DIR,
  loadClassList,
  loadFigure1,
  loadParamCounts,
  loadTestbed,
} from "../../src/results/reference";
import { python } from "../helpers/python";

/** Python's csv module reads the same file: the independent truth for our loaders. */
function pythonRows(file: string): Record<string, string>[] {
  return python<Record<string, string>[]>(
    `import csv\nwith open(INPUT) as f:\n    lines=[l for l in f if not l.startswith('#')]\nprint(json.dumps(list(csv.DictReader(lines))))`,
    join(REFERENCE_DIR, file),
  );
}

test("figure 1 loader matches Python's csv reading, with its source line", () => {
  const fig = loadFigure1();
  assert.match(fig.source, /^Source: /);
  assert.match(fig.source, /digiti[sz]ed/);
  const py = pythonRows("imagenot_figure1.csv");
  assert.equal(fig.rows.length, py.length);
  for (const [i, r] of fig.rows.entries()) {
    assert.equal(r.model, py[i].model);
    assert.equal(r.imagenetTop1, Number(py[i].imagenet_top1));
    assert.equal(
      r.imagenotRelImprovementDigitised,
      Number(py[i].imagenot_rel_improvement_digitized),
    );
    assert.equal(r.rankImagenot, Number(py[i].rank_imagenot_fig));
  }
});

test("figure 1: ImageNet improvement over AlexNet is the published top-1 ratio", () => {
  const rows = loadFigure1().rows;
  const alexnet = rows.find((r) => r.model === "AlexNet")!;
  for (const r of rows)
    assert.ok(
      Math.abs(r.imagenetTop1 / alexnet.imagenetTop1 - r.imagenetRelImprovement) < 1e-4,
      r.model,
    );
});

test("testbed loader keeps empty cells as null and matches Python", () => {
  const tb = loadTestbed();
  const py = pythonRows("imagenet_testbed_top1.csv");
  assert.equal(tb.rows.length, 338);
  assert.equal(tb.rows.length, py.length);
  let nulls = 0;
  for (const [i, r] of tb.rows.entries()) {
    for (const c of tb.testSets) {
      const cell = py[i][c];
      if (cell === "") {
        assert.equal(r.top1[c], null);
        nulls++;
      } else assert.equal(r.top1[c], Number(cell));
    }
  }
  assert.ok(nulls > 0, "the testbed has models not evaluated on some sets");
});

test("parameter counts and class lists load", () => {
  const counts = loadParamCounts();
  assert.equal(counts.rows.length, 9);
  assert.deepEqual(
    counts.rows.map((r) => r.params),
    pythonRows("torchvision_param_counts.csv").map((r) => Number(r.params)),
  );
  for (const name of ["imagenet", "imagenot", "imagenot_v1"] as const) {
    const ids = loadClassList(name);
    assert.equal(ids.length, 1000, name);
    assert.equal(new Set(ids).size, 1000, `${name} ids are distinct`);
    for (const id of ids) assert.match(id, /^n\d{8}$/);
  }
});
