/** Sum and Mean for the wasm backend, fast where training needs them: the bias gradient of every conv and
 * dense layer, and a BatchNorm layer's batch statistics and gradients, reduce over all axes but the
 * channels, which the backend's own kernels do with a transpose first (about 5 ms for a 64x32x32x32
 * tensor). Ours:
 * - [n, h, w, c] with h > 1: XNNPACK's average pooling down each image column (threaded), then one pass
 *   over the column means, 1/h of the input, summed in float64. Pooling whole images instead would be
 *   faster still, but its float32 means over h*w pixels moved ResNet's first-layer weight gradient by 0.8%
 *   against the cpu backend (test/engine/architectures.test.ts allows 0.1%), through BatchNorm's batch
 *   statistics; columns keep each float32 sum short;
 * - other ranks, and tensors under POOL_FROM values (Inception's [32, 6, 6, 24] BatchNorm statistics, say):
 *   a single pass over the heap in float64, without an XNNPACK operator and its threads.
 * Reductions over other axes go to the backend's own kernels. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { call, callReplaced, free, heapView, type Info } from "./wasm-call";

type ReduceAttrs = {
  axis: number | number[];
  keepDims: boolean;
};

/** Tensors this large or larger are pooled down their columns first. */
const POOL_FROM = 1 << 16;

/** Per-channel sums of x over all leading axes. */
function channelSums(backend: BackendWasm, x: Info): Float64Array {
  const rank = x.shape.length;
  const c = x.shape[rank - 1];
  const acc = new Float64Array(c);
  const h = rank === 4 && tf.util.sizeFromShape(x.shape) >= POOL_FROM ? x.shape[1] : 1;
  const pooled =
    h > 1
      ? call(
          backend,
          "AvgPool",
          { x },
          { filterSize: [h, 1], strides: [1, 1], pad: "valid", dimRoundingMode: undefined },
        )
      : null;
  const src = heapView(backend, pooled ?? x);
  for (let base = 0; base < src.length; base += c)
    for (let k = 0; k < c; k++) acc[k] += src[base + k];
  if (pooled) {
    free(backend, pooled);
    for (let k = 0; k < c; k++) acc[k] *= h;
  }
  return acc;
}

/** A Sum or Mean kernel that reduces leading axes itself and hands any other reduction to the backend's. */
function leadingReduction(kernelName: "Sum" | "Mean"): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: ReduceAttrs;
  }): Info => {
    const { backend, attrs } = args;
    const { x } = args.inputs as { x: Info };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading =
      rank >= 2 &&
      x.dtype === "float32" &&
      axes.length === rank - 1 &&
      axes.every((a, i) => a === i);
    if (!leading) return callReplaced(backend, kernelName, { x }, attrs);
    const c = x.shape[rank - 1];
    const sums = channelSums(backend, x);
    if (kernelName === "Mean") {
      const count = tf.util.sizeFromShape(x.shape) / c;
      for (let k = 0; k < c; k++) sums[k] /= count;
    }
    const out = backend.makeOutput(
      attrs.keepDims ? [...new Array(rank - 1).fill(1), c] : [c],
      "float32",
    );
    heapView(backend, out).set(sums);
    return out;
  };
  return { kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** The kernel configurations to register (they wrap the backend's own). */
export const sumConfig = leadingReduction("Sum");
export const meanConfig = leadingReduction("Mean");
