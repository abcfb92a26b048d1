/** Slice and SplitV for the wasm backend on heap views. The backend's own Slice first copies its whole input
 * out of the heap (readSync) and then copies one innermost row at a time, and its SplitV is one such Slice
 * per piece: splitting a DenseNet block's concatenation gradient into its k pieces copied the block k times
 * (a third of a DenseNet step went to SplitV and Slice). Here each element is copied once, in runs as long as
 * the layout allows. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, heapView, type Info } from "./wasm-call";

/** Copies `length` floats; short runs in a loop, where a subarray per run would cost more than the copy. */
function copyRun(src: Float32Array, from: number, dst: Float32Array, to: number, length: number) {
  if (length >= 64) dst.set(src.subarray(from, from + length), to);
  else for (let k = 0; k < length; k++) dst[to + k] = src[from + k];
}

/** Copies the box `begin`, `size` of `src` (laid out as `shape`) into `dst`, contiguous. */
export function copyBox(
  src: Float32Array,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: Float32Array,
): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = tf.util.computeStrides(shape as number[]).concat(1);
  // Trailing axes taken whole merge into one run with the last axis taken in part.
  let d = rank - 1;
  while (d > 0 && begin[d] === 0 && size[d] === shape[d]) d--;
  const run = size[d] * strides[d];
  const outer = size.slice(0, d);
  const count = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(d).fill(0);
  let base = begin.reduce((s, b, i) => s + b * strides[i], 0);
  for (let i = 0, to = 0; i < count; i++, to += run) {
    copyRun(src, base, dst, to, run);
    // Advance the odometer over the outer axes.
    for (let a = d - 1; a >= 0; a--) {
      base += strides[a];
      if (++index[a] < outer[a]) break;
      base -= strides[a] * outer[a];
      index[a] = 0;
    }
  }
}

/** x[begin : begin + size]. */
export function slice(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { begin: number | number[]; size: number | number[] };
}): Info {
  const { backend, attrs } = args;
  const { x } = args.inputs as { x: Info };
  if (x.dtype !== "float32") return callReplaced(backend, "Slice", { x }, attrs);
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
  const out = backend.makeOutput(size, "float32");
  if (size.some((s) => s === 0)) return out;
  copyBox(heapView(backend, x), x.shape, begin, size, heapView(backend, out));
  return out;
}

/** x split along `axis` into pieces of the given sizes. */
export function splitV(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { numOrSizeSplits: number | number[]; axis: number };
}): Info[] {
  const { backend, attrs } = args;
  const { x } = args.inputs as { x: Info };
  if (x.dtype !== "float32")
    return callReplaced(backend, "SplitV", { x }, attrs) as unknown as Info[];
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
  const outs = sizes.map((s) => {
    const shape = x.shape.slice();
    shape[axis] = s;
    return backend.makeOutput(shape, "float32");
  });
  // Views only after the last allocation: growing the heap detaches earlier ones.
  const src = heapView(backend, x);
  const begin = new Array<number>(x.shape.length).fill(0);
  outs.forEach((out, i) => {
    if (sizes[i] > 0) copyBox(src, x.shape, begin, out.shape, heapView(backend, out));
    begin[axis] += sizes[i];
  });
  return outs;
}

/** The kernel configurations to register (each replaces the backend's own for float32). */
export const sliceConfig: tf.KernelConfig = {
  kernelName: "Slice",
  backendName: "wasm",
  kernelFunc: slice as unknown as tf.KernelFunc,
};

export const splitVConfig: tf.KernelConfig = {
  kernelName: "SplitV",
  backendName: "wasm",
  kernelFunc: splitV as unknown as tf.KernelFunc,
};
