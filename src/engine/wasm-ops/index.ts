/** The training kernels the project adds to the tfjs wasm backend, and their registration. */
import * as tf from "@tensorflow/tfjs";
import { batchMatMulConfig } from "./batch-matmul";
import { avgPoolGradConfig } from "./avg-pool-grad";
import { fusedBatchNormConfig } from "./batch-norm";
import { fusedBatchNormGradConfig } from "./batch-norm-grad";
import { castConfig, identityConfig } from "./identity";
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from "./conv2d-backprop";
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from "./depthwise-backprop";
import { maxPoolGradConfig } from "./max-pool-grad";
import { meanGradConfig } from "./mean-grad";
import { SAME_PADDING_CONFIGS } from "./same-padding";
import { sliceConfig, splitVConfig } from "./slice";
import { tileConfig } from "./tile";
import { meanConfig, sumConfig } from "./sum-leading-axes";
import { replacedKernels } from "./wasm-call";
import { guardKernel, unguarded } from "./xnn-status";

/** Every kernel we register for "wasm": the backprop kernels it lacks, faster versions of some it has, and
 * its forward convolutions with 'same' padding made explicit (XNNPACK pads otherwise where stride > kernel). */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  maxPoolGradConfig,
  avgPoolGradConfig,
  sumConfig,
  meanConfig,
  fusedBatchNormConfig,
  batchMatMulConfig,
  sliceConfig,
  splitVConfig,
  tileConfig,
  identityConfig,
  castConfig,
  ...SAME_PADDING_CONFIGS,
];

/** Registers our training kernels for the wasm backend (again, harmlessly, if already done), and our
 * leaner BatchNorm and Mean gradients (for every backend); returns the kernel names. The backend's own versions are
 * kept for the cases ours hand back. Every wasm kernel, ours and the backend's, is then guarded so that a
 * failed XNNPACK call throws (xnn-status.ts). */
export function registerWasmTrainingKernels(): string[] {
  tf.registerGradient(fusedBatchNormGradConfig);
  tf.registerGradient(meanGradConfig);
  const ours = new Set(WASM_TRAINING_KERNELS.map((k) => k.kernelFunc));
  for (const config of WASM_TRAINING_KERNELS) {
    const previous = tf.getKernel(config.kernelName, config.backendName);
    if (previous) tf.unregisterKernel(config.kernelName, config.backendName);
    const previousFunc = previous && unguarded(previous.kernelFunc);
    if (previousFunc && !ours.has(previousFunc))
      replacedKernels.set(config.kernelName, previousFunc);
    // The backend's kernel binds its wasm function in setupFunc when the backend starts: keep that step.
    tf.registerKernel({
      ...config,
      setupFunc: previous?.setupFunc,
      disposeFunc: previous?.disposeFunc,
    });
  }
  for (const config of tf.getKernelsForBackend("wasm")) {
    const guarded = guardKernel(config);
    if (guarded === config) continue;
    tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel(guarded);
  }
  return WASM_TRAINING_KERNELS.map((k) => k.kernelName);
}
