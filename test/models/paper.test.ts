/** Paper-scale models against torchvision itself: each of the nine has exactly torchvision's trainable
 * parameter count (the shipped reference table), and with torchvision's weights imported (a randomly
 * initialised and perturbed torchvision model exported by src/models/torchvision/export_state.py, no
 * download) gives torchvision's eval-mode logits on the same image. Needs Debian's python3-torchvision;
 * runs on the wasm backend, about two and a half minutes in all (most of it writing and reading
 * ConvNeXt Large's and VGG-19's weights). */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { PYTHON } from "../helpers/python";
import { selectBackend } from "../../src/engine/backend";
import { buildModel, trainableParams } from "../../src/models/registry";
import { ARCHITECTURES, architectureFacts } from "../../src/models/facts";
import { loadTorchvisionState } from "../../src/models/torchvision-import";
import { loadParamCounts } from "../../src/results/reference";

const EXPORT_SCRIPT = join(
  __dirname,
  "..",
  "..",
  "src",
  "models",
  "torchvision",
  "export_state.py",
);
const reference = new Map(loadParamCounts().rows.map((r) => [r.builder, r.params]));
let root: string;

before(async () => {
  await selectBackend({ backend: "wasm" });
  root = mkdtempSync(join(tmpdir(), "imagenot-torchvision-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

function float32File(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

test("the reference table covers exactly the nine architectures", () => {
  assert.deepEqual([...reference.keys()].sort(), [...ARCHITECTURES].sort());
});

for (const id of ARCHITECTURES) {
  test(`${id} paper scale: torchvision's parameter count, and torchvision's logits with its weights imported`, () => {
    const dir = join(root, id);
    execFileSync(PYTHON, [EXPORT_SCRIPT, id, dir, "--probe", "--seed", "1"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const model = buildModel(id, { scale: "paper", init: "zeros" });
    try {
      assert.equal(trainableParams(model), reference.get(id));
      // Inception V3 has the auxiliary classifier as a second output; every other model has one output.
      assert.deepEqual(
        model.outputs.map((o) => o.shape),
        id === "inception_v3"
          ? [
              [null, 1000],
              [null, 1000],
            ]
          : [[null, 1000]],
      );
      loadTorchvisionState(model, dir);
      const x = tf.tensor(float32File(join(dir, "probe-input.bin")), [
        1,
        ...architectureFacts(id).paperInput,
      ]);
      const out = model.predict(x) as tf.Tensor | tf.Tensor[];
      const ours = (Array.isArray(out) ? out[0] : out).dataSync();
      const expected = float32File(join(dir, "probe-logits.bin"));
      assert.equal(ours.length, 1000);
      // Untrained deep nets in eval mode reach large magnitudes, so compare relative to the largest logit.
      const scale = Math.max(...expected.map(Math.abs));
      const worst = expected.reduce((m, v, i) => Math.max(m, Math.abs(v - ours[i])), 0);
      assert.ok(
        scale > 0 && worst <= 1e-4 * scale,
        `${id}: max difference ${worst} against logits up to ${scale}`,
      );
      tf.dispose([x, ...(Array.isArray(out) ? out : [out])]);
    } finally {
      model.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("importing another architecture's torchvision weights fails naming the missing tensor", () => {
  const dir = join(root, "mismatch");
  execFileSync(PYTHON, [EXPORT_SCRIPT, "mobilenet_v3_large", dir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const model = buildModel("alexnet", { scale: "paper", init: "zeros" });
  try {
    assert.throws(
      () => loadTorchvisionState(model, dir),
      /no torchvision tensor "features\.0\.weight"|shape .* does not fit/,
    );
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
