import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as wasmBackend from "@tensorflow/tfjs-backend-wasm";
import { importNative, selectBackend } from "../../src/engine/backend";
import { WASM_TRAINING_KERNELS } from "../../src/engine/wasm-ops";
import { unguarded } from "../../src/engine/wasm-ops/xnn-status";

const nodeGpu = importNative("@tensorflow/tfjs-node-gpu");
const nodeCpu = importNative("@tensorflow/tfjs-node");

test("an explicit cpu choice activates the cpu backend and reports versions", async () => {
  const info = await selectBackend({ backend: "cpu" });
  assert.equal(info.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.match(info.reason, /chosen by option/);
  assert.equal(info.versions.tfjs, require("@tensorflow/tfjs/package.json").version);
  assert.equal(info.versions.node, process.versions.node);
});

test("IMAGENOT_BACKEND picks the backend when no option is given; a bad value is named in the error", async () => {
  const saved = process.env.IMAGENOT_BACKEND;
  try {
    process.env.IMAGENOT_BACKEND = "cpu";
    const info = await selectBackend();
    assert.equal(info.name, "cpu");
    assert.match(info.reason, /IMAGENOT_BACKEND/);
    process.env.IMAGENOT_BACKEND = "gpu";
    await assert.rejects(selectBackend(), /one of auto, tensorflow, wasm, cpu, got "gpu"/);
  } finally {
    if (saved === undefined) delete process.env.IMAGENOT_BACKEND;
    else process.env.IMAGENOT_BACKEND = saved;
  }
});

test("wasm runs on every core with our training kernels registered", async () => {
  const info = await selectBackend({ backend: "wasm" });
  assert.equal(info.name, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(info.threads, wasmBackend.getThreadsCount());
  assert.equal(info.threads, Math.min(require("node:os").availableParallelism(), 8));
  assert.equal(
    info.versions["tfjs-backend-wasm"],
    require("@tensorflow/tfjs-backend-wasm/package.json").version,
  );
  for (const k of WASM_TRAINING_KERNELS)
    assert.equal(
      unguarded(tf.getKernel(k.kernelName, "wasm")!.kernelFunc),
      k.kernelFunc,
      k.kernelName,
    );
  // Every wasm kernel is guarded against failed XNNPACK calls.
  for (const k of tf.getKernelsForBackend("wasm"))
    assert.notEqual(unguarded(k.kernelFunc), k.kernelFunc, k.kernelName);
});

test(
  "auto without TensorFlow installed falls back to wasm and says why",
  { skip: nodeGpu.ok || nodeCpu.ok ? "tfjs-node is installed here" : false },
  async () => {
    const saved = process.env.IMAGENOT_BACKEND;
    delete process.env.IMAGENOT_BACKEND;
    try {
      const info = await selectBackend();
      assert.equal(info.name, "wasm");
      assert.match(
        info.reason,
        /^auto: tfjs-node-gpu not installed, tfjs-node not installed; wasm/,
      );
      await assert.rejects(
        selectBackend({ backend: "tensorflow" }),
        /backend "tensorflow" is not available: tfjs-node-gpu not installed/,
      );
    } finally {
      if (saved !== undefined) process.env.IMAGENOT_BACKEND = saved;
    }
  },
);

test(
  "the GPU branch: with tfjs-node-gpu importable, tensorflow runs on it",
  { skip: nodeGpu.ok ? false : `skipped: ${nodeGpu.detail} (no CUDA TensorFlow on this machine)` },
  async () => {
    const info = await selectBackend({ backend: "tensorflow" });
    assert.equal(info.name, "tensorflow");
    assert.ok(info.versions["@tensorflow/tfjs-node-gpu"], "reports the tfjs-node-gpu version");
    const y = tf.conv2d(
      tf.ones([1, 4, 4, 1]) as tf.Tensor4D,
      tf.ones([3, 3, 1, 1]) as tf.Tensor4D,
      1,
      "valid",
    );
    assert.deepEqual(Array.from(y.dataSync()), [9, 9, 9, 9]);
  },
);
