/** Identity, and Cast to the dtype a tensor already has (as tf.moments does), for the wasm backend as a second
 * reference to the same data, as the cpu backend's and the wasm backend's own Reshape do; the backend's
 * Identity and Cast copy. tfjs never writes into a tensor's data after it
 * is made (Variable.assign takes a new tensor's data), so a reference is as good as a copy. The gradient
 * tape and tf.clone call it for every pass-through: DenseNet-161's workshop step made 867 calls, 52.8 ms
 * (`npm run bench -- archs --profile --arch densenet161`, before this kernel). */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callReplaced, type Info } from "./wasm-call";

/** x itself, its data counted once more. */
export function identity(args: { inputs: tf.NamedTensorInfoMap; backend: BackendWasm }): Info {
  const { x } = args.inputs as { x: Info };
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** The kernel configuration to register (it replaces the backend's own). */
export const identityConfig: tf.KernelConfig = {
  kernelName: "Identity",
  backendName: "wasm",
  kernelFunc: identity as unknown as tf.KernelFunc,
};

/** Cast: x itself where it has the dtype asked for; to bool, x != 0 (the backend's own copies the numbers
 * into bytes: -2.5 became 254 and 0.49 false); else the backend's own. */
export function cast(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: { dtype: tf.DataType };
}): Info {
  const { x } = args.inputs as { x: Info };
  if (x.dtype === args.attrs.dtype) return identity(args);
  if (args.attrs.dtype === "bool" && x.dtype !== "string") {
    const out = args.backend.makeOutput(x.shape, "bool");
    const from = args.backend.typedArrayFromHeap(x);
    const to = args.backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  }
  return callReplaced(args.backend, "Cast", { x }, args.attrs);
}

/** The kernel configuration to register (it wraps the backend's own). */
export const castConfig: tf.KernelConfig = {
  kernelName: "Cast",
  backendName: "wasm",
  kernelFunc: cast as unknown as tf.KernelFunc,
};
