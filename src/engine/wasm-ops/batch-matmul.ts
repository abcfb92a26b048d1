/** BatchMatMul for the wasm backend with a transposed left operand: the backend runs that case as a plain
 * loop (a dense layer's weight gradient x^T dy took 15-30 ms), so we transpose the operand and let XNNPACK
 * multiply; all other cases go to the backend's own kernel unchanged. */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, free, transpose, type Info } from "./wasm-call";

/** a^T b as (a transposed) b. */
export function batchMatMul(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { transposeA: boolean; transposeB: boolean };
}): Info {
  const { backend, attrs } = args;
  const { a, b } = args.inputs as { a: Info; b: Info };
  if (!attrs.transposeA) return callReplaced(backend, "BatchMatMul", { a, b }, attrs);
  const rank = a.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const at = transpose(backend, a, perm);
  const out = callReplaced(backend, "BatchMatMul", { a: at, b }, { ...attrs, transposeA: false });
  free(backend, at);
  return out;
}

/** The kernel configuration to register (it wraps the backend's own). */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: "wasm",
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};
