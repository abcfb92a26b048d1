/** Improvement over a baseline and over the previous model, against the figure's published column and numpy. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { python } from "../helpers/python";
import { improvementOverBaseline, improvementOverPrevious } from "../../src/analysis";
import { loadFigure1 } from "../../src/results/reference";
import { assertClose } from "./close";
import { FIGURE1_CSV, READ_COLUMNS_PY } from "./reference";

test("ImageNet top-1 over AlexNet's reproduces the figure table's published improvement column (4 decimals)", () => {
  const rows = loadFigure1().rows;
  const alexnet = rows.findIndex((r) => r.model === "AlexNet");
  const got = improvementOverBaseline(
    rows.map((r) => r.imagenetTop1),
    alexnet,
  );
  const want = python<number[]>(
    `${READ_COLUMNS_PY}
h, c = read_columns(INPUT)
print(json.dumps(c['imagenet_rel_improvement_over_alexnet']))`,
    FIGURE1_CSV,
  );
  got.forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 5e-5, `${rows[i].model}: ${v} vs table ${want[i]}`),
  );
});

test("improvement over the previous model in time order matches numpy, aligned with the input", () => {
  const values = [70, 56.5, 77.3, 80.1, 77.1, 85.8];
  const time = [2014, 2012, 2015, 2020, 2016, 2021];
  const want = python<(number | null)[]>(
    `import numpy as np
v, t = np.array(INPUT['v']), np.array(INPUT['t'])
order = np.argsort(t, kind='stable')
out = [None] * len(v)
for k in range(1, len(order)):
    out[order[k]] = float(v[order[k]] / v[order[k - 1]])
print(json.dumps(out))`,
    { v: values, t: time },
  );
  const got = improvementOverPrevious(values, time);
  assert.equal(got[1], null, "the earliest model has no previous one");
  got.forEach((v, i) => assertClose(v, want[i], 1e-15, `model ${i}`));
});

test("a bad baseline is refused with a reason", () => {
  assert.throws(() => improvementOverBaseline([1, 2], 2), /baseline index must be from 0 to 1/);
  assert.throws(() => improvementOverBaseline([0, 2], 0), /baseline's value is 0/);
  assert.throws(() => improvementOverPrevious([1, 2], [1]), /2 values but 1 times/);
});
