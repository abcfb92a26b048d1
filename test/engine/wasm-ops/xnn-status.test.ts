import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { XnnpackError } from "../../../src/engine/wasm-ops/xnn-status";
import { startWasm } from "./compare";

before(startWasm);

test("a failed XNNPACK call throws an error naming the kernel and shapes, and frees its result", async () => {
  await tf.setBackend("wasm");
  // An input with no rows: XNNPACK's setup refuses it (status 2), where tfjs-wasm only printed a line.
  const x = tf.zeros([1, 0, 3, 2]);
  const filter = tf.ones([1, 1, 2, 4]);
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = backend.numDataIds();
  assert.throws(
    () =>
      tf.engine().runKernel("Conv2D", { x, filter }, {
        strides: [1, 1],
        pad: "valid",
        dilations: [1, 1],
        dataFormat: "NHWC",
      } as unknown as tf.NamedAttrMap),
    (e: Error) =>
      e instanceof XnnpackError &&
      /^Conv2D on wasm \(x \[1,0,3,2\], filter \[1,1,2,4\]; attrs .*\): XNNPACK failed \(xnn_setup_convolution2d_nhwc_f32 returned status 2\)/.test(
        e.message,
      ),
  );
  assert.equal(backend.numDataIds(), before);
  // The next kernel is not blamed for the earlier failure.
  assert.deepEqual(
    Array.from(
      tf.conv2d(tf.ones([1, 2, 2, 2]) as tf.Tensor4D, filter as tf.Tensor4D, 1, "valid").dataSync(),
    ).slice(0, 2),
    [2, 2],
  );
  tf.dispose([x, filter]);
});
