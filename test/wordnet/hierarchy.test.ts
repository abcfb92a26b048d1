import { test } from "node:test";
import assert from "node:assert/strict";
import { withoutTrunk, type Hierarchy } from "../../src/wordnet/hierarchy";

const tree = (rows: [string, string, number, boolean][]): Hierarchy => ({
  ids: rows.map((r) => r[0]),
  labels: rows.map((r) => r[0].toUpperCase()),
  parents: rows.map((r) => r[1]),
  values: rows.map((r) => r[2]),
  isClass: rows.map((r) => r[3]),
});

test("withoutTrunk drops the single-child chain above the first fork", () => {
  const h = tree([
    ["entity", "", 3, false],
    ["physical", "entity", 3, false],
    ["dog", "physical", 2, false],
    ["pug", "dog", 1, true],
    ["cur", "dog", 1, true],
    ["cat", "physical", 1, true],
  ]);
  const t = withoutTrunk(h);
  assert.deepEqual(t.ids, ["physical", "dog", "pug", "cur", "cat"]);
  assert.deepEqual(t.parents, ["", "physical", "dog", "dog", "physical"]);
  assert.deepEqual(t.values, [3, 2, 1, 1, 1]);
});

test("a root that is a class, or a forest, is kept whole", () => {
  const classRoot = tree([
    ["a", "", 2, true],
    ["b", "a", 1, true],
  ]);
  assert.deepEqual(withoutTrunk(classRoot), classRoot);
  const forest = tree([
    ["a", "", 1, true],
    ["b", "", 1, true],
  ]);
  assert.deepEqual(withoutTrunk(forest), forest);
});
