/** DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput for the wasm backend, both
 * computed by the wasm forward depthwise convolution (XNNPACK):
 * - filter gradient: with the batch moved into the channels (n, c) -> n*C + c, the output gradient becomes a
 *   per-channel filter with the stride as its dilation and the dilation as its stride; summing the result
 *   over the batch gives dW;
 * - input gradient: the output gradient convolved per channel with the filter turned by 180 degrees, phase
 *   by phase for strides above 1 (see input-gradient.ts); a channel multiplier M > 1 convolves each of the
 *   C*M channels and sums each group of M. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { inputGradient } from "./input-gradient";
import { call, free, reshape, transpose, zeros, type Info } from "./wasm-call";

type Shape4 = [number, number, number, number];

interface DepthwiseBackpropAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** dW[i,j,c,m] = sum over n,y,x of xPadded[n, y*s + i*d, x*s + j*d, c] * dy[n, y, x, c*M + m]. */
export function depthwiseBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: DepthwiseBackpropAttrs & { filterShape: Shape4 };
}): Info {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = args.attrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const {
    batchSize: n,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    filterHeight,
    filterWidth,
    padInfo,
  } = info;
  const m = filterShape[3];
  // Rows and columns of x the convolution reads; trailing ones a strided "valid" convolution skips are cut off.
  const needH =
    (filterHeight - 1) * dilationHeight + strideHeight * (outHeight - 1) + 1 - padInfo.top;
  const needW = (filterWidth - 1) * dilationWidth + strideWidth * (outWidth - 1) + 1 - padInfo.left;
  const usedH = Math.min(inHeight, needH);
  const usedW = Math.min(inWidth, needW);
  // Every window lies in the padding: the gradient is zero, and XNNPACK would fail on an empty input.
  if (usedH <= 0 || usedW <= 0) return zeros(backend, filterShape);
  const temps: Info[] = [];
  let xs = x;
  if (usedH < inHeight || usedW < inWidth) {
    xs = call(backend, "Slice", { x }, { begin: [0, 0, 0, 0], size: [n, usedH, usedW, c] });
    temps.push(xs);
  }
  const xt = transpose(backend, xs, [1, 2, 0, 3]);
  const image = reshape(backend, xt, [1, usedH, usedW, n * c]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const filter = reshape(backend, dyt, [outHeight, outWidth, n * c, m]);
  const padding = [
    [0, 0],
    [padInfo.top, needH - usedH],
    [padInfo.left, needW - usedW],
    [0, 0],
  ];
  const perImage = call(
    backend,
    "DepthwiseConv2dNative",
    { x: image, filter },
    {
      strides: [dilationHeight, dilationWidth],
      dilations: [strideHeight, strideWidth],
      pad: padding,
      dataFormat: "NHWC",
    },
  );
  const grouped = reshape(backend, perImage, [filterHeight, filterWidth, n, c * m]);
  const summed = call(backend, "Sum", { x: grouped }, { axis: [2], keepDims: false });
  const dw = reshape(backend, summed, filterShape);
  free(backend, ...temps, xt, image, dyt, filter, perImage, grouped, summed);
  return dw;
}

/** dx = the output gradient convolved per channel with the turned filter. */
export function depthwiseBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: DepthwiseBackpropAttrs & { inputShape: Shape4 };
}): Info {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const [, , c, m] = filter.shape;
  return inputGradient(backend, dy, filter, info, (x, reversed, pad, dilations) => {
    const attrs = { strides: [1, 1], dilations, pad, dataFormat: "NHWC" };
    if (m === 1) return call(backend, "DepthwiseConv2dNative", { x, filter: reversed }, attrs);
    // Each of the C*M output channels has its own filter: convolve them one to one, then sum each group of M.
    const [th, tw] = reversed.shape;
    const perChannel = reshape(backend, reversed, [th, tw, c * m, 1]);
    const expanded = call(backend, "DepthwiseConv2dNative", { x, filter: perChannel }, attrs);
    const [n, h, w] = expanded.shape;
    const grouped = reshape(backend, expanded, [n, h, w, c, m]);
    const dx = call(backend, "Sum", { x: grouped }, { axis: [4], keepDims: false });
    free(backend, perChannel, expanded, grouped);
    return dx;
  });
}

/** The kernel configurations to register. */
export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropFilter",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropInput",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
