/** MaxPoolGrad for the wasm backend in JavaScript on the wasm heap: one pass finds each window's first
 * maximum (as the cpu backend does) and adds the window's output gradient there; the backend's own kernel
 * loops per input pixel over every window and is 10-20x slower. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapView, type Info } from "./wasm-call";

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** dx[argmax of each window] += dy[window], per batch and channel. */
export function maxPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): Info {
  const { backend } = args;
  const { dy, input } = args.inputs as { dy: Info; input: Info };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
    padInfo,
  } = info;
  const out = backend.makeOutput(input.shape, "float32");
  const x = heapView(backend, input);
  const g = heapView(backend, dy);
  const dx = heapView(backend, out);
  dx.fill(0);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padInfo.top;
      const yFrom = Math.max(0, y0),
        yTo = Math.min(inHeight, y0 + filterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padInfo.left;
        const xFrom = Math.max(0, x0),
          xTo = Math.min(inWidth, x0 + filterWidth);
        best.fill(-Infinity);
        at.fill(-1);
        for (let yy = yFrom; yy < yTo; yy++) {
          for (let xx = xFrom; xx < xTo; xx++) {
            const base = ((b * inHeight + yy) * inWidth + xx) * c;
            for (let k = 0; k < c; k++) {
              const v = x[base + k];
              if (v > best[k]) {
                best[k] = v;
                at[k] = base + k;
              }
            }
          }
        }
        const gBase = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let k = 0; k < c; k++) if (at[k] >= 0) dx[at[k]] += g[gBase + k];
      }
    }
  }
  return out;
}

/** The kernel configuration to register (it replaces the backend's own). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: "wasm",
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
