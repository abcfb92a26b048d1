/** AvgPoolGrad for the wasm backend as the input gradient of a depthwise convolution with a constant filter
 * 1/(filter area), which our depthwise kernel runs on XNNPACK. tfjs's gradient spreads each output gradient
 * evenly over its window by that same constant (its cpu backend does too, padding or not); the backend's
 * own kernel is a plain loop (30 ms over 9 calls of Inception's training step at batch 32, in
 * `npm run bench -- archs --profile`). */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { call, free, heapView, type Info } from "./wasm-call";

/** dx of an average pooling from dy and its input. */
export function avgPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: "floor" | "round" | "ceil";
  };
}): Info {
  const { backend, attrs } = args;
  const { dy, input } = args.inputs as { dy: Info; input: Info };
  const [fh, fw] =
    typeof attrs.filterSize === "number" ? [attrs.filterSize, attrs.filterSize] : attrs.filterSize;
  const channels = input.shape[3];
  const filter = backend.makeOutput([fh, fw, channels, 1], "float32");
  heapView(backend, filter).fill(1 / (fh * fw));
  const dx = call(
    backend,
    "DepthwiseConv2dNativeBackpropInput",
    { dy, filter },
    {
      strides: attrs.strides,
      dilations: 1,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
      inputShape: input.shape,
    },
  );
  free(backend, filter);
  return dx;
}

/** The kernel configuration to register (it replaces the backend's own). */
export const avgPoolGradConfig: tf.KernelConfig = {
  kernelName: "AvgPoolGrad",
  backendName: "wasm",
  kernelFunc: avgPoolGrad as unknown as tf.KernelFunc,
};
