/** Conv2DBackpropFilter and Conv2DBackpropInput for the wasm backend, both computed by XNNPACK, which is
 * far faster than any loop we could write (the backend's own Conv2DBackpropInput is a plain loop, 15x slower
 * than its forward convolution):
 * - filter gradient: one matrix product per filter tap, over views of the input (filter-gradient.ts);
 * - input gradient: stride-1 convolutions of the output gradient with the filter turned by 180 degrees and
 *   its channel axes swapped, one per stride phase (see input-gradient.ts). */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { filterGradient } from "./filter-gradient";
import { inputGradient } from "./input-gradient";
import { call, free, transpose, type Info } from "./wasm-call";

type Shape4 = [number, number, number, number];

interface Conv2DBackpropAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

interface Conv2DBackpropFilterAttrs extends Conv2DBackpropAttrs {
  filterShape: Shape4;
}

interface Conv2DBackpropInputAttrs extends Conv2DBackpropAttrs {
  inputShape: Shape4;
}

function requireNHWC(kernel: string, dataFormat: string): void {
  if (dataFormat === "NCHW")
    throw new Error(`${kernel} on wasm: dataFormat NCHW is not supported, use NHWC (channelsLast)`);
}

/** dW[i,j,c,o] = sum over n,y,x of xPadded[n, y*s+i, x*s+j, c] * dy[n,y,x,o] (see filter-gradient.ts). */
export function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): Info {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs;
  requireNHWC("Conv2DBackpropFilter", dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return filterGradient(backend, x, dy, info);
}

/** The kernel configuration to register. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};

/** The input gradient: the output gradient convolved with the filter turned by 180 degrees and its channel
 * axes swapped ([i, j, out, in]), phase by phase for strides above 1. */
export function conv2dBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): Info {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs;
  requireNHWC("Conv2DBackpropInput", dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return inputGradient(backend, dy, filter, info, (x, reversed, pad, dilations) => {
    const turned = transpose(backend, reversed, [0, 1, 3, 2]);
    const dx = call(
      backend,
      "Conv2D",
      { x, filter: turned },
      { strides: [1, 1], dilations, pad, dataFormat: "NHWC" },
    );
    free(backend, turned);
    return dx;
  });
}

/** The kernel configuration to register. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
