/** The wasm backend's forward convolutions with 'same' padding made explicit. For 'same' it hands XNNPACK
 * the flag XNN_FLAG_TENSORFLOW_SAME_PADDING, and XNNPACK then pads differently from TensorFlow wherever the
 * stride exceeds the kernel (a 2x2 kernel at stride 4 on a 4x4 input: every output differs from the cpu
 * backend's). Passing TensorFlow's own pad amounts, as numbers, gives the right result on every geometry. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, type Info } from "./wasm-call";

interface ConvAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number | null;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
  [key: string]: unknown;
}

/** The kernel `name` with TensorFlow's 'same' pad amounts passed explicitly. */
function explicitSame(name: string, depthwise: boolean): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: Record<string, Info>;
    backend: BackendWasm;
    attrs: ConvAttrs;
  }): Info => {
    const { inputs, backend, attrs } = args;
    if (attrs.pad !== "same") return callReplaced(backend, name, inputs, attrs);
    const { x, filter } = inputs as { x: Info; filter: Info };
    const { padInfo } = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      // Callers may leave dilations out (tfjs layers pass null), meaning 1.
      attrs.dilations ?? 1,
      "same",
      undefined,
      depthwise,
    );
    const pad = [
      [0, 0],
      [padInfo.top, padInfo.bottom],
      [padInfo.left, padInfo.right],
      [0, 0],
    ];
    return callReplaced(backend, name, inputs, { ...attrs, pad, dimRoundingMode: undefined });
  };
  return {
    kernelName: name,
    backendName: "wasm",
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
}

/** The kernel configurations to register (each wraps the backend's own). */
export const SAME_PADDING_CONFIGS: readonly tf.KernelConfig[] = [
  explicitSame("Conv2D", false),
  explicitSame("FusedConv2D", false),
  explicitSame("DepthwiseConv2dNative", true),
  explicitSame("FusedDepthwiseConv2D", true),
];
