/** The TensorFlow-free facts against the builders: every count in src/models/facts.ts is what a build of the
 * default config measures, at both scales, and the paper-scale parameters are torchvision's. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadParamCounts } from "../../src/results/reference";
import {
  ARCHITECTURES,
  architectureFacts,
  PAPER_CLASSES,
  SMALL_CLASSES,
  SMALL_INPUT,
} from "../../src/models/facts";
import { summarise } from "../../src/models/measure";

test("facts hold the parameters and MACs that a build of each default config measures", () => {
  for (const id of ARCHITECTURES) {
    const f = architectureFacts(id);
    assert.deepEqual(
      summarise(id, "paper", f.paperInput, PAPER_CLASSES),
      f.paper,
      `${id} at paper scale`,
    );
    assert.deepEqual(
      summarise(id, "small", SMALL_INPUT, SMALL_CLASSES),
      f.small,
      `${id} at workshop scale`,
    );
  }
});

test("paper-scale parameter counts equal the shipped torchvision table", () => {
  const reference = new Map(loadParamCounts().rows.map((row) => [row.builder, row.params]));
  for (const id of ARCHITECTURES)
    assert.equal(architectureFacts(id).paper.params, reference.get(id), id);
});

test("an unknown architecture is refused naming the nine", () => {
  assert.throws(() => architectureFacts("lenet"), {
    name: "InputError",
    message: /unknown architecture "lenet".*alexnet/,
  });
});
