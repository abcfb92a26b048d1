/** BatchMatMul for the wasm backend on XNNPACK in every case. The backend's own kernel hands a transposed
 * operand or a batch of more than one product to a plain loop: ViT-B/16's training step spent 279 ms in 66
 * BatchMatMul calls there, 91 ms with this kernel (`npm run bench -- archs --profile`, one run each), among
 * them dense layers' input gradients dy W^T and attention products over 32x4 heads. Ours transposes an
 * operand that needs it (a copy, cheap next to the product), then runs each product of the batch by
 * XNNPACK over views of the operands; an operand broadcast over the batch is one view, so XNNPACK packs it
 * once. */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, free, freeView, heapView, transpose, view, type Info } from "./wasm-call";

/** The matrix product of the last two axes of a and b, batched over the leading ones (broadcast). */
export function batchMatMul(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { transposeA: boolean; transposeB: boolean };
}): Info {
  const { backend, attrs } = args;
  const { a, b } = args.inputs as { a: Info; b: Info };
  if (a.dtype !== "float32" || b.dtype !== "float32")
    return callReplaced(backend, "BatchMatMul", { a, b }, attrs);
  const at = attrs.transposeA ? swapLastAxes(backend, a) : a;
  const bt = attrs.transposeB ? swapLastAxes(backend, b) : b;
  const [m, k] = at.shape.slice(-2);
  const n = bt.shape[bt.shape.length - 1];
  if (bt.shape[bt.shape.length - 2] !== k)
    throw new Error(
      `matMul: inner sizes ${k} and ${bt.shape[bt.shape.length - 2]} of shapes ${a.shape} and ${b.shape} (transposeA ${attrs.transposeA}, transposeB ${attrs.transposeB}) differ`,
    );
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(
    at.shape.slice(0, -2),
    bt.shape.slice(0, -2),
  );
  const count = tf.util.sizeFromShape(outer);
  const batchA = tf.util.sizeFromShape(at.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(bt.shape.slice(0, -2));
  // One product (XNNPACK caches its operator on b, which callers such as the filter gradient reuse), or
  // broadcasting over some batch axes but not others: the backend's kernel handles it.
  if (count === 1 || (batchA !== count && batchA !== 1) || (batchB !== count && batchB !== 1)) {
    const out = callReplaced(backend, "BatchMatMul", { a: at, b: bt }, noTranspose);
    release(backend, a, at, b, bt);
    return out;
  }
  const out = backend.makeOutput([...outer, m, n], "float32");
  const sharedB = batchB === 1 ? view(backend, bt, 0, [1, k, n]) : null;
  for (let i = 0; i < count; i++) {
    const av = view(backend, at, batchA === 1 ? 0 : i * m * k, [1, m, k]);
    const bv = sharedB ?? view(backend, bt, i * k * n, [1, k, n]);
    const product = callReplaced(backend, "BatchMatMul", { a: av, b: bv }, noTranspose);
    heapView(backend, out).set(heapView(backend, product), i * m * n);
    free(backend, product);
    freeView(backend, av);
    if (bv !== sharedB) freeView(backend, bv);
  }
  if (sharedB) freeView(backend, sharedB);
  release(backend, a, at, b, bt);
  return out;
}

const noTranspose = { transposeA: false, transposeB: false };

/** x with its last two axes swapped. */
function swapLastAxes(backend: BackendWasm, x: Info): Info {
  const rank = x.shape.length;
  return transpose(backend, x, [...Array(rank - 2).keys(), rank - 1, rank - 2]);
}

/** Frees the transposed copies (those that are not the inputs themselves). */
function release(backend: BackendWasm, a: Info, at: Info, b: Info, bt: Info): void {
  if (at !== a) free(backend, at);
  if (bt !== b) free(backend, bt);
}

/** The kernel configuration to register (it wraps the backend's own). */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: "wasm",
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};
