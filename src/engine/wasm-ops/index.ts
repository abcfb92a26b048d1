/** The training kernels the project adds to the tfjs wasm backend, and their registration. */
import * as tf from "@tensorflow/tfjs";
import { batchMatMulConfig } from "./batch-matmul";
import { fusedBatchNormGradConfig } from "./batch-norm-grad";
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from "./conv2d-backprop";
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from "./depthwise-backprop";
import { maxPoolGradConfig } from "./max-pool-grad";
import { sumConfig } from "./sum-leading-axes";
import { replacedKernels } from "./wasm-call";

/** Every kernel we register for "wasm": the backprop kernels it lacks, and faster versions of some it has. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  maxPoolGradConfig,
  sumConfig,
  batchMatMulConfig,
];

/** Registers our training kernels for the wasm backend (again, harmlessly, if already done), and our
 * tile-free BatchNorm gradient (for every backend); returns the kernel names. The backend's own versions are
 * kept for the cases ours hand back. */
export function registerWasmTrainingKernels(): string[] {
  tf.registerGradient(fusedBatchNormGradConfig);
  const ours = new Set(WASM_TRAINING_KERNELS.map((k) => k.kernelFunc));
  for (const config of WASM_TRAINING_KERNELS) {
    const previous = tf.getKernel(config.kernelName, config.backendName);
    if (previous) tf.unregisterKernel(config.kernelName, config.backendName);
    if (previous && !ours.has(previous.kernelFunc))
      replacedKernels.set(config.kernelName, previous.kernelFunc);
    // The backend's kernel binds its wasm function in setupFunc when the backend starts: keep that step.
    tf.registerKernel({
      ...config,
      setupFunc: previous?.setupFunc,
      disposeFunc: previous?.disposeFunc,
    });
  }
  return WASM_TRAINING_KERNELS.map((k) => k.kernelName);
}
