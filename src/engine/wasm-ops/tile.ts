/** Tile for the wasm backend on heap views. The backend's own computes every output element's source index
 * in a single-threaded C++ loop: broadcasting a per-channel [1, 1, 1, 64] gradient to [32, 28, 28, 64]
 * (tf.broadcastTo is Tile) took 600 ms under load, 40x a full-size multiply. Here the input is written once
 * and then replicated axis by axis, innermost first, as block copies (copyWithin), or as a fill or a plain
 * loop for blocks too short for a call per copy to pay: a LayerNorm's [32, 50, 1] mean gradient broadcast to
 * [32, 50, 64] took 100,800 one-element copies, and ViT-B/16's step 37 ms in 19 Tile calls (`npm run bench --
 * archs --profile`), which now leave the profile's top eight. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, heapView, type Info } from "./wasm-call";

/** Calls `visit(offset)` for every index of the first `axes` axes within `extent`, with offset the sum of
 * index * stride. */
function forEachIndex(
  extent: readonly number[],
  strides: readonly number[],
  axes: number,
  visit: (offset: number) => void,
): void {
  const index = new Array<number>(axes).fill(0);
  const count = extent.slice(0, axes).reduce((a, b) => a * b, 1);
  for (let i = 0, offset = 0; i < count; i++) {
    visit(offset);
    for (let a = axes - 1; a >= 0; a--) {
      offset += strides[a];
      if (++index[a] < extent[a]) break;
      offset -= strides[a] * extent[a];
      index[a] = 0;
    }
  }
}

/** x repeated reps[a] times along each axis a. */
export function tile(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { reps: number[] };
}): Info {
  const { backend, attrs } = args;
  const { x } = args.inputs as { x: Info };
  const shape = x.shape;
  const rank = shape.length;
  if (x.dtype !== "float32" || rank === 0) return callReplaced(backend, "Tile", { x }, attrs);
  const outShape = shape.map((d, a) => d * attrs.reps[a]);
  const out = backend.makeOutput(outShape, "float32");
  if (outShape.some((d) => d === 0)) return out;
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  const strides = tf.util.computeStrides(outShape).concat(1);
  // The input's rows, at the output positions whose repeat indices are all 0.
  const row = shape[rank - 1];
  let from = 0;
  forEachIndex(shape, strides, rank - 1, (offset) => {
    dst.set(src.subarray(from, from + row), offset);
    from += row;
  });
  // Then, innermost axis first, each block spanning the input's extent along the axis (and everything
  // inside it, already complete) is copied reps - 1 times after itself.
  for (let a = rank - 1; a >= 0; a--) {
    const reps = attrs.reps[a];
    if (reps === 1) continue;
    const block = shape[a] * strides[a];
    forEachIndex(shape, strides, a, (offset) => {
      if (block === 1) dst.fill(dst[offset], offset + 1, offset + reps);
      else if (block < 32)
        for (let to = offset + block; to < offset + reps * block; to++) dst[to] = dst[to - block];
      else
        for (let k = 1; k < reps; k++) dst.copyWithin(offset + k * block, offset, offset + block);
    });
  }
  return out;
}

/** The kernel configuration to register (it replaces the backend's own for float32). */
export const tileConfig: tf.KernelConfig = {
  kernelName: "Tile",
  backendName: "wasm",
  kernelFunc: tile as unknown as tf.KernelFunc,
};
