/** FusedBatchNorm (every BatchNorm layer's forward pass) for the wasm backend as a 1x1 depthwise
 * convolution with bias, which XNNPACK runs on every thread: with per-channel statistics,
 * y = (x - mean) * rstd * scale + offset = x * a + b, a = scale * rstd and b = offset - mean * a per channel.
 * The backend's own kernel is a plain loop: it took 68 ms over 28 calls of DenseNet-161's training step
 * (`npm run bench -- archs --profile`), and left the profile's top eight with this one. Statistics not one
 * per channel go to the backend's own kernel. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { call, callReplaced, free, heapView, reshape, type Info } from "./wasm-call";

/** y = x * a + b per channel (the last axis). */
export function fusedBatchNorm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { varianceEpsilon: number };
}): Info {
  const { backend, attrs } = args;
  const { x, mean, variance, scale, offset } = args.inputs as Record<string, Info | undefined> & {
    x: Info;
    mean: Info;
    variance: Info;
  };
  const c = x.shape[x.shape.length - 1];
  const perChannel = (t: Info | undefined) =>
    t === undefined || (t.dtype === "float32" && tf.util.sizeFromShape(t.shape) === c);
  if (x.dtype !== "float32" || ![mean, variance, scale, offset].every(perChannel))
    return callReplaced(backend, "FusedBatchNorm", args.inputs as Record<string, Info>, attrs);
  const filter = backend.makeOutput([1, 1, c, 1], "float32");
  const bias = backend.makeOutput([c], "float32");
  const m = heapView(backend, mean);
  const v = heapView(backend, variance);
  const s = scale ? heapView(backend, scale) : null;
  const o = offset ? heapView(backend, offset) : null;
  const a = heapView(backend, filter);
  const b = heapView(backend, bias);
  for (let k = 0; k < c; k++) {
    a[k] = (s ? s[k] : 1) / Math.sqrt(v[k] + attrs.varianceEpsilon);
    b[k] = (o ? o[k] : 0) - m[k] * a[k];
  }
  const image = reshape(backend, x, [1, 1, tf.util.sizeFromShape(x.shape) / c, c]);
  const y = call(
    backend,
    "FusedDepthwiseConv2D",
    { x: image, filter, bias },
    { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], activation: "linear" },
  );
  const out = reshape(backend, y, x.shape);
  free(backend, filter, bias, image, y);
  return out;
}

/** The kernel configuration to register (it wraps the backend's own). */
export const fusedBatchNormConfig: tf.KernelConfig = {
  kernelName: "FusedBatchNorm",
  backendName: "wasm",
  kernelFunc: fusedBatchNorm as unknown as tf.KernelFunc,
};
