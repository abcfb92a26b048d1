/** Identity for the wasm backend as a second reference to the same data, as the cpu backend's and the wasm
 * backend's own Reshape do; the backend's Identity copies. tfjs never writes into a tensor's data after it
 * is made (Variable.assign takes a new tensor's data), so a reference is as good as a copy. The gradient
 * tape and tf.clone call it for every pass-through: DenseNet-161's workshop step made 867 calls, 52.8 ms
 * (`npm run bench -- archs --profile --arch densenet161`, before this kernel). */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { Info } from "./wasm-call";

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
